// Fault injection in front of every MP endpoint (msw-style rules, see fault-rules.ts). Control routes under
// /__sandbox/ are never faulted. With no HTTP rule the middleware is one array-length check
// (bench/sandbox-faults.ts). `hang` and `commit_then_hang` answer only when the caller aborts (its timeout or a
// closed socket): an in-process call without a signal waits forever, as it would against a hung server.
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError, ordersError } from '../errors.ts';
import { faultStore, type HttpFaultRule } from '../faults/fault-rules.ts';

/**
 * Responses that must never reach the caller: the in-process `fetch` rejects like a reset connection and
 * the node server destroys the socket. Used by `reset`, `hang` (once the caller gave up) and commit-then-drop rules.
 */
export const DROPPED = new WeakSet<Response>();

const hanging = new Set<Request>();

export function faultMiddleware(state: SandboxState): MiddlewareHandler<Env> {
  const store = faultStore(state);
  // Not async: with no rule it only passes on (next()'s promise, no promise of its own).
  return (c, next) => {
    if (store.http.length === 0) return next();
    const path = c.req.path;
    if (path === '/__sandbox' || path.startsWith('/__sandbox/')) return next();
    const rule = store.takeHttp(c.req.method, path);
    if (!rule) return next();
    return applyFault(rule, c, next);
  };
}

async function applyFault(rule: HttpFaultRule, c: Context<Env>, next: Next): Promise<Response | void> {
  const signal = c.req.raw.signal;
  if (rule.latency_ms !== undefined) {
    // A real timer on purpose: the client's timeout runs in real time, and latency is what it must survive.
    if (!(await realDelay(rule.latency_ms, signal))) return drop(c);
  }
  if (rule.fault === 'reset') return drop(c);
  if (rule.fault === 'hang') return hang(c);
  // The commit-then faults: the emulator handles the request (the write happens), then its answer is lost,
  // replaced by a 5xx (a gateway in front of MP that gave up), or never comes.
  if (rule.fault === 'commit_then_drop' || rule.fault === 'commit_then_error' || rule.fault === 'commit_then_hang') {
    await next();
    if (rule.fault === 'commit_then_drop') return drop(c);
    if (rule.fault === 'commit_then_hang') return hang(c);
    // Cleared first: the setter would otherwise carry the committed answer's headers onto the error.
    c.res = undefined as unknown as Response;
    c.res = faultResponse(rule, c.req.path);
    return;
  }
  if (rule.status !== undefined) return faultResponse(rule, c.req.path);
  await next();
}

/** No answer until the caller aborts, then a dropped connection. */
async function hang(c: Context<Env>): Promise<void> {
  // Hold the request: a signal that follows the caller's is linked to it only weakly, and nothing else
  // references a hung in-process request, so GC could otherwise cut the abort off.
  hanging.add(c.req.raw);
  try {
    await aborted(c.req.raw.signal);
  } finally {
    hanging.delete(c.req.raw);
  }
  drop(c);
}

/** Mark the context's response as dropped (the setter wraps responses, so mark what it stored). */
function drop(c: Context<Env>): void {
  c.res = new Response(null, { status: 502 });
  DROPPED.add(c.res);
}

function faultResponse(rule: HttpFaultRule, path: string): Response {
  const status = rule.status!;
  const headers = new Headers();
  if (rule.retry_after !== undefined) headers.set('retry-after', String(rule.retry_after));
  if (rule.body === 'html') {
    headers.set('content-type', 'text/html; charset=utf-8');
    const title = `${status} ${REASONS[status] ?? 'Error'}`;
    return new Response(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`, { status, headers });
  }
  headers.set('content-type', 'application/json; charset=UTF-8');
  if (rule.body) return new Response(JSON.stringify(rule.body), { status, headers });
  const key = ERROR_KEYS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
  const message = status === 429 ? 'Too many requests' : `${REASONS[status] ?? 'Error'} (injected fault)`;
  const err = path.startsWith('/v1/orders') ? ordersError(status, key, message) : classicError(status, key, message);
  return new Response(JSON.stringify(err.body), { status, headers });
}

const ERROR_KEYS: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict',
  422: 'unprocessable_entity', 423: 'locked', 424: 'failed_dependency', 429: 'local_rate_limited',
  500: 'internal_error', 502: 'bad_gateway', 503: 'service_unavailable', 504: 'gateway_timeout',
};

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out',
};

/** Wait `ms` real milliseconds; false when the caller gave up first. */
function realDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
    const onAbort = () => { clearTimeout(t); resolve(false); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when the caller aborts (client timeout, closed socket); never otherwise. */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
