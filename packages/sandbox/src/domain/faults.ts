// Fault injection (msw-style rules prepended over normal behaviour). Filled in by the faults work.
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';

/**
 * Responses that must never reach the caller: the in-process `fetch` rejects like a reset connection and
 * the node server destroys the socket. Used by `reset` and commit-then-drop rules.
 */
export const DROPPED = new WeakSet<Response>();

export function faultMiddleware(state: SandboxState): MiddlewareHandler<Env> {
  void state;
  return async (_c, next) => { await next(); };
}
