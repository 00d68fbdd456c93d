// `x-request-id` on every answer, as Mercado Pago sends one with every API response: it is what a user quotes
// to MP support, and what the client and the CLI keep on an error. Outermost middleware, so 404s of unknown
// paths, 401s, 413s and fault answers carry one too. A fresh UUID per request from its own seeded stream
// (`state.requestRng`): ids repeat run after run under a seed without shifting entity ids, and a caller's own
// `x-request-id` is not echoed (MP's reference documents no echo; the id is MP's, not the caller's).
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';

export function requestIdMiddleware(state: SandboxState): MiddlewareHandler<Env> {
  const afterwards = async (c: Context<Env>, next: Next, id: string): Promise<void> => {
    await next();
    // In place: replacing c.res would lose a response marked as dropped (middleware/faults.ts).
    c.res.headers.set('x-request-id', id);
  };
  return (c, next) => {
    // Drawn on arrival, before anything awaits: the n-th request gets the n-th id whatever finishes first.
    const id = state.requestRng.uuid();
    // Served on a port: on the node response itself, which writes it with whatever answer goes out. (Setting it
    // on c.res turns the answer's plain header record into a Headers object the server then has to walk.)
    // Then nothing is left to do after the route: next()'s promise is passed on (no async frame of its own).
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing && typeof outgoing.setHeader === 'function') {
      outgoing.setHeader('x-request-id', id);
      return next();
    }
    return afterwards(c, next, id);
  };
}
