// Shared HTTP plumbing for the routes: the Hono env type, bearer-token authentication and JSON bodies.
import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxState } from './state.ts';
import type { AccessToken, Account } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import { mpError, type ErrorShape } from './errors.ts';

export interface Auth { token: AccessToken; account: Account }
export type Env = { Variables: { auth: Auth; opts: ResolvedOptions } };
export type Ctx = Context<Env>;

/** The bearer token of a request (`Authorization: Bearer …`, or the deprecated `?access_token=`). */
export function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (h) {
    const m = BEARER.exec(h);
    return m ? m[1] : undefined;
  }
  return c.req.query('access_token') || undefined;
}

/** A regular expression literal is a new object at every evaluation: the hot paths' patterns are made once. */
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolve a token to its account, or say why not. A test user idle past the limit expires here, the
 * moment anything tries to use it (and any other use counts as activity).
 */
export function resolveToken(state: SandboxState, raw: string | undefined): Auth | { reason: string } {
  if (!raw) return { reason: 'missing access token' };
  const token = state.tokens.get(raw);
  if (!token) return { reason: 'invalid access token' };
  if (token.revoked) return { reason: 'revoked access token' };
  if (token.expiresAt <= state.now()) return { reason: 'expired access token' };
  const account = state.accounts.get(token.userId);
  if (!account || account.status === 'deleted') return { reason: 'invalid access token' };
  if (account.kind === 'test') {
    if (account.status === 'active' && state.now() - account.lastActivity > state.opts.testUserIdleDays * 86400_000) {
      account.status = 'expired';
    }
    if (account.status === 'expired') return { reason: 'expired test user' };
    account.lastActivity = state.now();
  }
  return { token, account };
}

/** Middleware: 401 in the given shape unless the request carries a live token. `key` is the 401's error key
 *  where an API documents its own (merchant_orders: `invalid_token`). */
export function authenticate(state: SandboxState, shape: ErrorShape = 'classic', key = 'unauthorized'): MiddlewareHandler<Env> {
  // Not async: a middleware that just passes on returns next()'s promise (hono's compose catches a throw here
  // as it does a rejection), one promise and microtask fewer per request.
  return (c, next) => {
    const r = resolveToken(state, bearer(c));
    if ('reason' in r) {
      throw shape === 'orders'
        ? mpError('orders', 401, key, `Unauthorized: ${r.reason}.`)
        : mpError('classic', 401, key, r.reason);
    }
    c.set('auth', r);
    return next();
  };
}

/**
 * The request's JSON body. Malformed JSON → 400 in the route's shape; an empty body → `emptyAs`
 * (or 400 when `emptyAs` is undefined and the body is required).
 */
export async function readJson(c: Context, shape: ErrorShape, opts: { required?: boolean } = {}): Promise<unknown> {
  return jsonFromText(c, await c.req.text(), shape, opts);
}

/** `readJson` of a body whose text is already at hand (the idempotency check read it): the same checks, in the
 *  same order, without a promise and a wait of its own. */
export function jsonFromText(c: Context, text: string, shape: ErrorShape, opts: { required?: boolean } = {}): unknown {
  if (text.trim() === '') {
    if (opts.required) throw mpError(shape, 400, 'bad_request', 'The request body is required and was empty.');
    return undefined;
  }
  // MP's clients send JSON (spec §12.1), but MP's reference gives no rejection for another Content-Type: the body
  // is read as JSON whatever the header says, unless `requireJsonContentType` (MP endpoints; never the control plane).
  const strict = (c.get('opts') as ResolvedOptions | undefined)?.requireJsonContentType === true;
  const type = strict ? c.req.header('content-type') : undefined;
  if (strict && type !== undefined && !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type) && !c.req.path.startsWith('/__sandbox/')) {
    throw mpError(shape, 400, 'bad_request', `Content-Type must be application/json, got "${type}".`, ['Content-Type']);
  }
  try {
    return jsonOf(c, text);
  } catch (err) {
    throw mpError(shape, 400, shape === 'orders' ? 'json_syntax_error' : 'bad_request',
      `Malformed JSON body: ${(err as Error).message}`);
  }
}

/** The body parsed so far, on the request's context: the idempotency fingerprint and then the route read the
 *  same body, and neither changes what it gets. A property of the context (which lives as long as the request),
 *  not a WeakMap entry: every GC walks a WeakMap's entries, one per request in flight or not yet collected. */
const PARSED = Symbol('parsed body');
type WithParsed = Context & { [PARSED]?: { text: string; value: unknown } };

/** `JSON.parse(text)` of the request's body, parsed once per request (throws on malformed JSON). */
export function jsonOf(c: Context, text: string): unknown {
  const hit = (c as WithParsed)[PARSED];
  if (hit && hit.text === text) return hit.value;
  const value: unknown = JSON.parse(text);
  (c as WithParsed)[PARSED] = { text, value };
  return value;
}

/** A body that must be a JSON object. */
export async function readObject(c: Context, shape: ErrorShape, opts: { required?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  return objectFromText(c, await c.req.text(), shape, opts);
}

/** `readObject` of a body whose text is already at hand (as `jsonFromText`). */
export function objectFromText(c: Context, text: string, shape: ErrorShape, opts: { required?: boolean } = {}): Record<string, unknown> | undefined {
  const body = jsonFromText(c, text, shape, opts);
  if (body === undefined) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw mpError(shape, 400, shape === 'orders' ? 'property_type' : 'bad_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
