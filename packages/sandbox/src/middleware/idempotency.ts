// `X-Idempotency-Key` (spec §7.1, §12.1/§12.3), generic for any POST route: a key is scoped to the caller's user
// and the method + path. Same key + same body → the original response, byte for byte, even after the resource
// changed; same key + different body → 409; a duplicate while the first is still running → 423.
// Only 2xx responses are remembered: a rejected request frees its key so the caller can fix and retry.
// A record is small: the request as a hash, and the answer either as a named re-render of its resource (an
// order's creation: `orderJson` of the order as it was created gives the same bytes at no cost per request) or
// deflated (idempotency-codec.ts). Records expire oldest first, so remembering costs the same at 1M stored
// orders as at none.
import type { Context } from 'hono';
import type { SandboxState } from '../state.ts';
import { mpError, type ErrorShape } from '../errors.ts';
import { jsonOf } from '../http.ts';
import { fingerprintOf, packBody, unpackBody } from './idempotency-codec.ts';
import { indexIdempotency, unindexIdempotency } from '../indexes.ts';

/** MP keeps keys for 24 h (spec §7.1). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** Documented for Checkout-Pro orders; applied to QR too (spec §7.1 UNCONFIRMED). */
export const IDEMPOTENCY_KEY_MAX = 128;

/** A remembered 2xx answer, kept in `state.idempotency` (persisted). */
export interface IdempotencyRecord {
  /** `fingerprintOf` the canonical request body. */
  fingerprint: string;
  status: number;
  /** The response body as `packBody` keeps it; '' when `replay` re-renders it. */
  body: string;
  /** Name of the `replayAs` renderer that gives the body back from `ref`. */
  replay?: string;
  /** Only when not `application/json`. */
  contentType?: string;
  created: number;
  /** The resource the answer is about (an order id), so that retention forgets the record with it. */
  ref?: string;
}

/** Gives back, byte for byte, the JSON body a route answered about `ref`; undefined when `ref` no longer exists. */
export type Replay = (state: SandboxState, ref: string) => string | undefined;

/** Renderers by name (code, not state: records name them, so a persisted record finds its renderer again). */
const replays = new Map<string, Replay>();

/** Register a renderer; a route whose answer can be rebuilt exactly from its resource uses it in `forResource`. */
export function replayAs(name: string, render: Replay): void {
  replays.set(name, render);
}

/** A route says which resource its answer is about (`forResource(c.json(…), order.id)`), and optionally which
 *  renderer rebuilds that answer (then no body is kept). Runtime only: a property of the answer itself, not a
 *  WeakMap entry per answer (every GC walks a WeakMap's entries). */
const ABOUT = Symbol('about');
type WithAbout = Response & { [ABOUT]?: { ref: string; replay?: string } };

export function forResource(res: Response, ref: string, replay?: string): Response {
  (res as WithAbout)[ABOUT] = { ref, replay };
  return res;
}

/** Remember an answer under its key (the middleware below; benchmarks preloading stored orders). */
export function remember(state: SandboxState, id: string, r: {
  canonicalBody: string; status: number; body: string; contentType?: string; ref?: string; replay?: string;
}): void {
  sweep(state);
  const replay = r.ref !== undefined && r.replay !== undefined && replays.has(r.replay) ? r.replay : undefined;
  const rec: IdempotencyRecord = {
    fingerprint: fingerprintOf(r.canonicalBody), status: r.status, body: replay ? '' : packBody(r.body), replay,
    contentType: r.contentType === 'application/json' ? undefined : r.contentType, created: state.now(), ref: r.ref,
  };
  state.idempotency.set(id, rec);
  if (rec.ref !== undefined) indexIdempotency(state, id, rec.ref);
}

/** The key of a record: who, which route, which header value. (A joined array is one flat string; a template
 *  literal would keep a rope of four pieces alive in the table.) */
export function recordId(scope: string | number, method: string, path: string, key: string): string {
  return [scope, method, path, key].join(' ');
}

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
 * in flight synchronously, so a concurrent duplicate sees it). With a key, `handler` gets the body's text (read
 * here for the fingerprint); without one, undefined.
 */
export async function idempotent(
  state: SandboxState, c: Context, opts: IdempotencyOptions, handler: (text: string | undefined) => Response | Promise<Response>,
): Promise<Response> {
  const key = c.req.header('x-idempotency-key');
  if (key === undefined || key === '') {
    if (opts.required) {
      throw mpError(opts.shape, 400, 'empty_required_header', 'The X-Idempotency-Key header is required.', ['X-Idempotency-Key']);
    }
    return handler(undefined);
  }
  if (key.length > IDEMPOTENCY_KEY_MAX) {
    throw mpError(opts.shape, 400, 'invalid_idempotency_key_length',
      `The X-Idempotency-Key header must be at most ${IDEMPOTENCY_KEY_MAX} characters long (got ${key.length}).`, ['X-Idempotency-Key']);
  }
  const store = state.idempotency;
  const inFlight = runningOf(state);
  const id = recordId(opts.scope, c.req.method, c.req.path, key);
  if (inFlight.has(id)) {
    throw mpError(opts.shape, 423, 'idempotency_key_locked',
      'A request with this X-Idempotency-Key is still being processed; retry later.', ['X-Idempotency-Key']);
  }
  let prior = store.get(id);
  if (prior && prior.created <= state.now() - IDEMPOTENCY_TTL_MS) {
    forget(state, id);
    prior = undefined;
  }
  if (prior) {
    if (prior.fingerprint !== fingerprintOf(canonical(await c.req.text(), c))) {
      throw mpError(opts.shape, 409, 'idempotency_key_already_used',
        'This X-Idempotency-Key was already used with a different request in the last 24 hours.', ['X-Idempotency-Key']);
    }
    const body = prior.replay ? replays.get(prior.replay)?.(state, prior.ref!) : unpackBody(prior.body);
    // A resource gone without its record (it should not happen: retention forgets both) runs as a new request.
    if (body !== undefined) return new Response(body, { status: prior.status, headers: { 'content-type': prior.contentType ?? 'application/json' } });
    forget(state, id);
  }
  inFlight.add(id);
  try {
    const text = await c.req.text();
    const canonicalBody = canonical(text, c);
    // The body's text handed on (a route parses it without reading it again), and a route that answers without
    // waiting is not waited for.
    const answer = handler(text);
    const res = answer instanceof Promise ? await answer : answer;
    if (res.status < 200 || res.status >= 300) return res;
    const about = (res as WithAbout)[ABOUT];
    if (about?.replay !== undefined && replays.has(about.replay)) {
      // Re-rendered on replay, as JSON (what a renderer gives): the answer goes out untouched, its headers not
      // even read (reading a Response costs more than the route).
      remember(state, id, { canonicalBody, status: res.status, body: '', ref: about.ref, replay: about.replay });
      return res;
    }
    const contentType = res.headers.get('content-type') ?? undefined;
    // Read the body once and answer with a copy (cheaper than cloning the stream).
    const body = await res.text();
    remember(state, id, { canonicalBody, status: res.status, body, contentType, ref: about?.ref });
    return new Response(body, { status: res.status, headers: res.headers });
  } finally {
    inFlight.delete(id);
  }
}

/** Same JSON in any key order or spacing counts as the same request. */
export function canonical(text: string, c?: Context): string {
  if (text.trim() === '') return '';
  let v: unknown;
  try {
    v = c ? jsonOf(c, text) : JSON.parse(text);
  } catch {
    return text;
  }
  return canonicalJson(v);
}

/** Parsed JSON written with every object's keys sorted. Persisted fingerprints hash this text, so it is exactly
 *  what `JSON.stringify` gives for a copy rebuilt with sorted keys: in such a copy the array-index keys ("0",
 *  "12") still come first, ascending, as JavaScript orders them, and only the others follow in sorted order. */
function canonicalJson(v: unknown): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + canonicalJson(v[i]);
    return out + ']';
  }
  const keys = Object.keys(v);
  let indices = 0; // Object.keys lists the array-index keys first, ascending
  while (indices < keys.length && isArrayIndex(keys[indices])) indices++;
  const sorted = sortFrom(keys, indices);
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    out += (i ? ',' : '') + quotedKey(sorted[i]) + canonicalJson((v as Record<string, unknown>)[sorted[i]]);
  }
  return out + '}';
}

/** `keys` with those from `from` on sorted by code unit, as `Array.prototype.sort` orders strings. A body's
 *  objects have a few keys each: sorted in place by insertion (no comparator calls, no copies); a big one
 *  (any body may reach here before validation) by the built-in sort. */
function sortFrom(keys: string[], from: number): string[] {
  if (keys.length - from > 16) return from === 0 ? keys.sort() : keys.slice(0, from).concat(keys.slice(from).sort());
  for (let i = from + 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= from && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  return keys;
}

/** `"key":` of the short keys seen so far: a request body's keys are the API's few, the same in every request.
 *  Bounded (emptied when full; long keys never kept): keys of free-form fields still work, just uncached. */
const quoted = new Map<string, string>();

function quotedKey(k: string): string {
  if (k.length > 64) return JSON.stringify(k) + ':';
  let q = quoted.get(k);
  if (q === undefined) {
    if (quoted.size >= 1000) quoted.clear();
    quoted.set(k, (q = JSON.stringify(k) + ':'));
  }
  return q;
}

function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

/** Forget expired records. The table is in creation order and the clock only moves forward, so the expired
 *  ones are at its front: this stops at the first live one (amortised O(1) per request). */
function sweep(state: SandboxState): void {
  const cutoff = state.now() - IDEMPOTENCY_TTL_MS;
  for (const [k, e] of state.idempotency) {
    if (e.created > cutoff) return;
    forget(state, k);
  }
}

/** Drop one record (expiry, or retention evicting its resource). */
export function forget(state: SandboxState, id: string): void {
  const rec = state.idempotency.peek(id);
  if (!rec) return;
  state.idempotency.delete(id);
  if (rec.ref !== undefined) unindexIdempotency(state, id, rec.ref);
}
