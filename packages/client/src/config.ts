// Client configuration and per-call options. A resolved config is frozen; per-call options are merged
// into a fresh copy for that call only, so nothing one call sets can reach another (stripe-node habit).
import type { Transport } from './transport/types.ts';

export const DEFAULT_BASE_URL = 'https://api.mercadopago.com';

export interface ClientConfig {
  /** Seller (or app) access token: `APP_USR-…` / `TEST-…`. Optional for calls that send none (OAuth token). */
  accessToken?: string;
  /** Default https://api.mercadopago.com; point it at a sandbox (`listen(createSandbox()).url`). */
  baseUrl?: string;
  /** Fetch-shaped function; default: undici `request` over a keep-alive Agent owned by this client. */
  transport?: Transport;
  /** Per attempt (response headers and body), ms. Default 60 000 (what MP's SDKs use); 0 = none. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Partner identification headers (spec §12.1). */
  platformId?: string;
  integratorId?: string;
  corporationId?: string;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
  /** Backoff: full jitter over min(cap, base·2^attempt). Defaults 500 ms and 30 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the RateLimitError is thrown instead. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  idempotencyKey?: () => string;
  /**
   * Told about every HTTP attempt once it ends (metrics, tracing): a retried call reports each attempt. Called
   * synchronously; what it throws is ignored, so an observer can never break a call.
   */
  onAttempt?: (attempt: AttemptInfo) => void;
}

/** One HTTP exchange with Mercado Pago, as `onAttempt` sees it. Carries no header, body or token. */
export interface AttemptInfo {
  method: string;
  /** The path called, ids filled in (no query string). */
  path: string;
  /** The HTTP status; undefined when no answer came (timeout, reset, refused). */
  status: number | undefined;
  durationMs: number;
  /** MP's `x-request-id`, when it answered. */
  requestId: string | undefined;
  /** 0 for the first attempt of a call, 1 for its first retry, … */
  attempt: number;
  /** The failure, for a non-2xx answer or no answer. */
  error: unknown;
}

export interface RequestOptions {
  accessToken?: string;
  /** Reused on every retry of this call; default a fresh UUID per logical call (non-GET only). */
  idempotencyKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ResolvedConfig {
  readonly accessToken: string | undefined;
  readonly baseUrl: string;
  readonly transport: Transport | undefined;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly platformId: string | undefined;
  readonly integratorId: string | undefined;
  readonly corporationId: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly idempotencyKey: () => string;
  readonly onAttempt: ((attempt: AttemptInfo) => void) | undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function nonNegative(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number, got ${v}`);
  return v;
}

/** Drop keys whose value is undefined so `{...a, ...b}` never erases a setting with `undefined`. */
export function defined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!o) return out;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

const RESOLVED = new WeakSet<object>();

export function isResolvedConfig(c: object): c is ResolvedConfig {
  return RESOLVED.has(c);
}

export function resolveConfig(c: ClientConfig, base?: ResolvedConfig): ResolvedConfig {
  const m = { ...base, ...defined(c) };
  const resolved: ResolvedConfig = Object.freeze({
    accessToken: m.accessToken,
    baseUrl: (m.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    transport: m.transport,
    timeoutMs: nonNegative('timeoutMs', m.timeoutMs, 60_000),
    maxRetries: Math.floor(nonNegative('maxRetries', m.maxRetries, 3)),
    platformId: m.platformId,
    integratorId: m.integratorId,
    corporationId: m.corporationId,
    headers: Object.freeze({ ...base?.headers, ...c.headers }),
    retryBaseDelayMs: nonNegative('retryBaseDelayMs', m.retryBaseDelayMs, 500),
    retryMaxDelayMs: nonNegative('retryMaxDelayMs', m.retryMaxDelayMs, 30_000),
    maxRetryAfterMs: nonNegative('maxRetryAfterMs', m.maxRetryAfterMs, 60_000),
    sleep: m.sleep ?? realSleep,
    random: m.random ?? Math.random,
    now: m.now ?? Date.now,
    idempotencyKey: m.idempotencyKey ?? (() => crypto.randomUUID()),
    onAttempt: m.onAttempt,
  });
  RESOLVED.add(resolved);
  return resolved;
}
