// `X-Idempotency-Key` (spec §7.1, §12.1/§12.3), generic for any POST route: a key is scoped to the caller's user
// and the method + path. Same key + same body → the original response, byte for byte, even after the resource
// changed; same key + different body → 409; a duplicate while the first is still running → 423.
// Only 2xx responses are remembered: a rejected request frees its key so the caller can fix and retry.
import type { Context } from 'hono';
import type { SandboxState } from '../state.ts';
import { mpError, type ErrorShape } from '../errors.ts';

/** MP keeps keys for 24 h (spec §7.1). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Documented for Checkout-Pro orders; applied to QR too (spec §7.1 UNCONFIRMED). */
export const IDEMPOTENCY_KEY_MAX = 128;

/** A remembered 2xx answer, kept in `state.idempotency` (persisted). */
export interface IdempotencyRecord { fingerprint: string; status: number; body: string; contentType: string; created: number }

/** Keys whose first request is still running: runtime only, never persisted (a restart ends those requests). */
const running = new WeakMap<SandboxState, Set<string>>();

function runningOf(state: SandboxState): Set<string> {
  let s = running.get(state);
  if (!s) running.set(state, (s = new Set()));
  return s;
}

export interface IdempotencyOptions {
  shape: ErrorShape;
  /** Missing header → 400 `empty_required_header` (Orders create/cancel/refund); otherwise the call just runs. */
  required: boolean;
  /** Who owns the key space: normally the authenticated user id. */
  scope: string | number;
}

/**
 * Run `handler` at most once per key. Must be called before anything awaits in the route (the key is marked
 * in flight synchronously, so a concurrent duplicate sees it).
 */
export async function idempotent(
  state: SandboxState, c: Context, opts: IdempotencyOptions, handler: () => Promise<Response>,
): Promise<Response> {
  const key = c.req.header('x-idempotency-key');
  if (key === undefined || key === '') {
    if (opts.required) {
      throw mpError(opts.shape, 400, 'empty_required_header', 'The X-Idempotency-Key header is required.', ['X-Idempotency-Key']);
    }
    return handler();
  }
  if (key.length > IDEMPOTENCY_KEY_MAX) {
    throw mpError(opts.shape, 400, 'invalid_idempotency_key_length',
      `The X-Idempotency-Key header must be at most ${IDEMPOTENCY_KEY_MAX} characters long (got ${key.length}).`, ['X-Idempotency-Key']);
  }
  const store = state.idempotency;
  const inFlight = runningOf(state);
  const id = `${opts.scope} ${c.req.method} ${c.req.path} ${key}`;
  if (inFlight.has(id)) {
    throw mpError(opts.shape, 423, 'idempotency_key_locked',
      'A request with this X-Idempotency-Key is still being processed; retry later.', ['X-Idempotency-Key']);
  }
  let prior = store.get(id);
  if (prior && prior.created <= state.now() - IDEMPOTENCY_TTL_MS) {
    store.delete(id);
    prior = undefined;
  }
  if (prior) {
    if (prior.fingerprint !== canonical(await c.req.text())) {
      throw mpError(opts.shape, 409, 'idempotency_key_already_used',
        'This X-Idempotency-Key was already used with a different request in the last 24 hours.', ['X-Idempotency-Key']);
    }
    return new Response(prior.body, { status: prior.status, headers: { 'content-type': prior.contentType } });
  }
  inFlight.add(id);
  try {
    const fingerprint = canonical(await c.req.text());
    const res = await handler();
    if (res.status >= 200 && res.status < 300) {
      if (store.size % 1024 === 0) sweep(state);
      store.set(id, {
        fingerprint, status: res.status, body: await res.clone().text(),
        contentType: res.headers.get('content-type') ?? 'application/json', created: state.now(),
      });
    }
    return res;
  } finally {
    inFlight.delete(id);
  }
}

/** Same JSON in any key order or spacing counts as the same request. */
function canonical(text: string): string {
  if (text.trim() === '') return '';
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

function sweep(state: SandboxState): void {
  const cutoff = state.now() - IDEMPOTENCY_TTL_MS;
  for (const [k, e] of state.idempotency) if (e.created <= cutoff) state.idempotency.delete(k);
}
