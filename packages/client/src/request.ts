// The one request sender every resource calls. It owns headers, idempotency keys (one per logical call,
// reused on every retry), per-attempt timeouts, retries with full-jitter backoff and Retry-After (per
// endpoint: see `retry`), and the mapping of failures to typed errors. Per-call options are merged into a
// copy for that call only.
import { resolveConfig, defined, isResolvedConfig, nonNegative, type ClientConfig, type RequestOptions, type ResolvedConfig } from './config.ts';
import { ConnectionError, MercadoPagoError, RateLimitError, TimeoutError, errorFromResponse, parseRetryAfter } from './errors.ts';
import { EventEmitter } from 'node:events';
import { createUndiciTransport, sendRaw, type RawExchange, type UndiciTransport } from './transport/undici.ts';
import type { Transport } from './transport/types.ts';
import {
  NOT_PROCESSED_STATUS, RETRYABLE_STATUS, backoffDelay, describeError, isConnectionRefused, isRetryableConnectionError,
} from './transport/retry.ts';
import { VERSION } from './version.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

export interface SendParams {
  method: HttpMethod;
  /** Path under baseUrl, starting with `/`. Encode user-supplied segments (see `path` tag). */
  path: string;
  /** undefined/null values are skipped; arrays repeat the key. */
  query?: Record<string, QueryValue>;
  /** JSON-serialised. */
  body?: unknown;
  /** Send `X-Idempotency-Key` (default: every method but GET/HEAD). Sending one does not make a retry safe: see `retry`. */
  idempotent?: boolean;
  /**
   * Which failures are retried. `always`: also those after which the request may have reached MP (timeout,
   * reset, 5xx), for reads, updates and what MP deduplicates by its `X-Idempotency-Key` (the Orders API,
   * refunds). `if-not-processed`: only when MP cannot have processed it (connection refused before sending,
   * 423, 429), for creates MP does not deduplicate (legacy QR orders, stores, POS), where a second request
   * could leave a second resource. Default: `always` for GET, HEAD, PUT and DELETE, else `if-not-processed`.
   */
  retry?: 'always' | 'if-not-processed';
  /** Send `Authorization: Bearer` (default true; false for `/oauth/token`). */
  authenticated?: boolean;
  /** How to read a 2xx body: JSON (default), text, or bytes (QR images). */
  responseType?: 'json' | 'text' | 'bytes';
  options?: RequestOptions;
}

export interface ResponseMeta {
  status: number;
  /** Lowercase header names. */
  headers: Record<string, string>;
  requestId: string | undefined;
  /** The key sent (same on every attempt), if any. */
  idempotencyKey: string | undefined;
  /** 1 + retries made. */
  attempts: number;
}

export interface ApiResponse<T> extends ResponseMeta {
  data: T;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Tell the config's observer how one attempt ended; an observer's own failure never reaches the call. */
function report(cfg: ResolvedConfig, what: { method: string; path: string }, attempt: number, started: number, error: unknown, r?: { status: number; headers: Record<string, string> }): void {
  const status = r?.status ?? (error instanceof MercadoPagoError ? error.status : undefined);
  const requestId = r?.headers['x-request-id'] ?? (error instanceof MercadoPagoError ? error.requestId : undefined);
  try {
    cfg.onAttempt!({ ...what, status, durationMs: performance.now() - started, requestId, attempt, error });
  } catch { /* observers are best effort */ }
}

interface TransportHolder {
  transport?: Transport;
  owned?: UndiciTransport;
}

/** Tagged template that URI-encodes every interpolated path segment: path`/pos/${id}`. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

export function buildUrl(baseUrl: string, p: string, query?: Record<string, QueryValue>): string {
  if (!p.startsWith('/')) throw new TypeError(`path must start with "/", got "${p}"`);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
  }
  const s = qs.toString();
  return baseUrl + p + (s ? (p.includes('?') ? '&' : '?') + s : '');
}

class AttemptAborted extends Error {}

export class RequestSender {
  readonly config: ResolvedConfig;
  readonly #holder: TransportHolder;

  constructor(config: ClientConfig | ResolvedConfig = {}, holder?: TransportHolder) {
    this.config = isResolvedConfig(config) ? config : resolveConfig(config);
    this.#holder = holder ?? { transport: this.config.transport };
  }

  /** A sender with these settings layered over this one's; shares the transport unless one is given. */
  withOptions(overrides: ClientConfig): RequestSender {
    const config = resolveConfig(overrides, this.config);
    const holder = overrides.transport ? { transport: overrides.transport } : this.#holder;
    return new RequestSender(config, holder);
  }

  get transport(): Transport {
    const h = this.#holder;
    if (!h.transport) h.transport = h.owned = createUndiciTransport();
    return h.transport;
  }

  /** Close the default undici transport if this sender (or its parent) created one. */
  async close(): Promise<void> {
    const owned = this.#holder.owned;
    if (owned) {
      this.#holder.owned = this.#holder.transport = undefined;
      await owned.close();
    }
  }

  /** Parsed JSON (undefined for 204/empty); the response metadata is on a non-enumerable `lastResponse`. */
  async send<T = unknown>(params: SendParams): Promise<T> {
    const { data, ...meta } = await this.request<T>(params);
    if (data !== null && typeof data === 'object') {
      Object.defineProperty(data, 'lastResponse', { value: meta, enumerable: false, configurable: true });
    }
    return data;
  }

  async request<T = unknown>(params: SendParams): Promise<ApiResponse<T>> {
    const cfg = this.config;
    const o = defined(params.options);
    const method = params.method.toUpperCase() as HttpMethod;
    const sendsKey = params.idempotent ?? !(method === 'GET' || method === 'HEAD');
    const idempotencyKey = sendsKey ? (o.idempotencyKey ?? cfg.idempotencyKey()) : undefined;
    const retrySafe = (params.retry ?? (SAFE_METHODS.has(method) ? 'always' : 'if-not-processed')) === 'always';
    const maxRetries = Math.floor(nonNegative('maxRetries', o.maxRetries, cfg.maxRetries));
    const timeoutMs = nonNegative('timeoutMs', o.timeoutMs, cfg.timeoutMs);
    const url = buildUrl(cfg.baseUrl, params.path, params.query);
    const body = params.body === undefined ? undefined : JSON.stringify(params.body);
    const accessToken = o.accessToken ?? cfg.accessToken;

    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': `cobro-client/${VERSION}`,
    };
    if (accessToken && params.authenticated !== false) headers.Authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['X-Idempotency-Key'] = idempotencyKey;
    if (cfg.platformId) headers['X-Platform-Id'] = cfg.platformId;
    if (cfg.integratorId) headers['X-Integrator-Id'] = cfg.integratorId;
    if (cfg.corporationId) headers['X-Corporation-Id'] = cfg.corporationId;
    for (const extra of [cfg.headers, o.headers]) for (const [k, v] of Object.entries(extra ?? {})) setHeader(headers, k, v);

    const what = { method, path: params.path.split('?')[0] };
    for (let attempt = 0; ; attempt++) {
      let error: MercadoPagoError;
      let retryable: boolean;
      let waitMs: number | undefined;
      const started = cfg.onAttempt && performance.now();
      try {
        const sent = this.#attempt(url, { method, headers, body }, timeoutMs, o.signal, params.responseType ?? 'json', what);
        const r = await (started === undefined ? sent : sent.catch((e: unknown) => { report(cfg, what, attempt, started, e); throw e; }));
        if (r.status >= 200 && r.status < 300) {
          if (started !== undefined) report(cfg, what, attempt, started, undefined, r);
          return {
            data: r.body as T, status: r.status, headers: r.headers, requestId: r.headers['x-request-id'],
            idempotencyKey, attempts: attempt + 1,
          };
        }
        error = errorFromResponse({ status: r.status, headers: r.headers, body: r.body, ...what, nowMs: cfg.now() });
        if (started !== undefined) report(cfg, what, attempt, started, error, r);
        retryable = RETRYABLE_STATUS.has(r.status) && (retrySafe || NOT_PROCESSED_STATUS.has(r.status));
        const retryAfter = error instanceof RateLimitError ? error.retryAfter : parseRetryAfter(r.headers['retry-after'], cfg.now());
        if (retryAfter !== undefined) {
          waitMs = Math.ceil(retryAfter * 1000);
          if (waitMs > cfg.maxRetryAfterMs) retryable = false;
        }
      } catch (e) {
        if (!(e instanceof ConnectionError)) throw e;
        error = e;
        retryable = retrySafe ? (e instanceof TimeoutError || isRetryableConnectionError(e.originalError)) : isConnectionRefused(e.originalError);
      }
      if (!retryable || attempt >= maxRetries) throw error;
      await sleepUnlessAborted(cfg.sleep(waitMs ?? backoffDelay(attempt, cfg.retryBaseDelayMs, cfg.retryMaxDelayMs, cfg.random)), o.signal);
    }
  }

  /** One HTTP exchange, bounded by the timeout and the caller's signal. Transport failures → ConnectionError. */
  async #attempt(
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
    responseType: 'json' | 'text' | 'bytes',
    what: { method: string; path: string },
  ): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
    if (userSignal?.aborted) throw userSignal.reason;
    const transport = this.transport;
    const raw = (transport as Partial<UndiciTransport>)[sendRaw];
    // The default transport honours its signal, and takes an EventEmitter (cheap) where others need an
    // AbortController (~10 µs each) plus a race, because in-process handlers may ignore the signal.
    const ctrl = raw ? undefined : new AbortController();
    const emitter = raw ? new EventEmitter() : undefined;
    const abort = (reason: unknown) => (ctrl ? ctrl.abort(reason) : emitter!.emit('abort'));
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; abort(new AttemptAborted('timeout')); }, timeoutMs) : undefined;
    const onUserAbort = () => abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    try {
      const r = raw
        ? await raw(url, { ...init, signal: emitter }, responseType === 'bytes')
        : await this.#exchange(transport, url, init, ctrl!.signal, responseType);
      const ok = r.status >= 200 && r.status < 300;
      if (ok && responseType === 'bytes') return { status: r.status, headers: r.headers, body: r.bytes };
      const body = ok && responseType === 'text' ? r.text : parseJson(r.text, ok);
      if (ok && body === NOT_JSON) {
        throw new MercadoPagoError({
          message: `${what.method} ${what.path} returned HTTP ${r.status} with a non-JSON body`,
          status: r.status, raw: r.text, headers: r.headers, requestId: r.headers['x-request-id'],
        });
      }
      return { status: r.status, headers: r.headers, body };
    } catch (e) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (timedOut) throw new TimeoutError(`${what.method} ${what.path} timed out after ${timeoutMs} ms`);
      if (e instanceof MercadoPagoError) throw e;
      throw new ConnectionError(`${what.method} ${what.path} failed: ${describeError(e)}`, e);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  /** The fetch-shaped path: any `Transport`, raced against the abort so a handler that ignores it still loses. */
  async #exchange(
    transport: Transport,
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
    signal: AbortSignal,
    responseType: 'json' | 'text' | 'bytes',
  ): Promise<RawExchange> {
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(new AttemptAborted('aborted')), { once: true });
    });
    aborted.catch(() => {});
    const res = await Promise.race([transport(url, { ...init, signal }), aborted]);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    if (responseType === 'bytes' && res.status >= 200 && res.status < 300) {
      return { status: res.status, headers, text: '', bytes: new Uint8Array(await Promise.race([res.arrayBuffer(), aborted])) };
    }
    return { status: res.status, headers, text: await Promise.race([res.text(), aborted]), bytes: undefined };
  }
}

const NOT_JSON = Symbol('not json');

/** Header names are case-insensitive: a caller's `authorization` replaces our `Authorization`, not joins it. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

/** Wait out a backoff (or a poll interval), but give up as soon as the caller aborts. */
export async function sleepUnlessAborted(sleeping: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleeping;
  if (signal.aborted) throw signal.reason;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => { onAbort = () => reject(signal.reason); });
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([sleeping, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** JSON when it parses; '' → undefined on success; error bodies that are not JSON stay as text. */
function parseJson(text: string, ok: boolean): unknown {
  if (text.trim() === '') return ok ? undefined : text;
  try {
    return JSON.parse(text);
  } catch {
    return ok ? NOT_JSON : text;
  }
}
