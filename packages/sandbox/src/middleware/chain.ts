// The app-wide middlewares run as one hono middleware. Hono's compose gives every registered middleware an
// async frame of its own (a promise, an await and a closure per layer and request); the sandbox's front
// middlewares (request id, body limits, options, faults) nearly always just pass on, so chained here they cost
// nothing when they do. Each step keeps compose's contract: an error thrown in it (or rejected by it) becomes the
// app's error answer at that step, so an outer step (the in-process request id) still sees an answer; a
// Response it returns becomes the context's answer unless one is already final.
import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import type { Env } from '../http.ts';

export function chain(steps: MiddlewareHandler<Env>[], onError: ErrorHandler<Env>): MiddlewareHandler<Env> {
  return (c, next) => run(c, next, 0);

  function run(c: Context<Env>, next: Next, i: number): Promise<void> {
    if (i === steps.length) return next();
    // The promise of the following step: a step that returns it as is (passes on) needs no settling of its own.
    // (Passed inline: a closure bound to a name would be named again at every call by the source loader.)
    let inner: Promise<void> | undefined;
    let r: unknown;
    try {
      r = steps[i](c, () => (inner = run(c, next, i + 1)));
    } catch (err) {
      return failed(c, err);
    }
    if (r !== undefined && r === inner) return inner;
    return Promise.resolve(r).then((res) => {
      if (res instanceof Response && c.finalized === false) c.res = res;
    }, (err: unknown) => failed(c, err));
  }

  async function failed(c: Context<Env>, err: unknown): Promise<void> {
    // As compose: only Errors are the app's to answer; anything else goes on up.
    if (!(err instanceof Error)) throw err;
    c.error = err;
    c.res = await onError(err, c);
  }
}
