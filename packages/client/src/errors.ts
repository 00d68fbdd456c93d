// Typed errors for every way a call can fail. MP answers in two shapes (spec §12.2): the classic
// `{message, error|errorKey, status, cause|causes}` and the Orders API `{errors:[{code, message, details}]}`;
// both are folded into the same fields here. Messages come from MP's body or from us, never from request
// headers, so a token or secret cannot end up in a message or a log line.
import type { Order } from './types/orders.ts';

/** One entry of MP's `cause` array (classic) or `errors` array (Orders API). */
export interface MpErrorCause {
  code?: string | number;
  description?: string;
  data?: unknown;
  /** Orders API `details` strings. */
  details?: string[];
}

export interface MercadoPagoErrorInit {
  message: string;
  status?: number;
  code?: string;
  cause?: MpErrorCause[];
  requestId?: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  raw?: unknown;
  headers?: Record<string, string>;
}

export class MercadoPagoError extends Error {
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** MP's error key: `error ?? errorKey ?? errors[0].code` (e.g. `idempotency_key_already_used`). */
  readonly code: string | undefined;
  /** MP's `cause`/`causes` (classic) or `errors` (Orders API), normalised. */
  override readonly cause: MpErrorCause[];
  /** `x-request-id` of the response: quote it to MP support. */
  readonly requestId: string | undefined;
  readonly raw: unknown;
  /** Response headers (lowercase names). */
  readonly headers: Record<string, string>;

  constructor(init: MercadoPagoErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.cause = init.cause ?? [];
    this.requestId = init.requestId;
    this.raw = init.raw;
    this.headers = init.headers ?? {};
  }
}

/** 400 or 422: the request broke a validation or business rule. */
export class BadRequestError extends MercadoPagoError {}
/** 401: missing, bad or expired access token. */
export class AuthenticationError extends MercadoPagoError {}
/** 403: the token may not touch this resource (another account's, host not enabled, …). */
export class PermissionError extends MercadoPagoError {}
export class NotFoundError extends MercadoPagoError {}
/** 409: state-machine conflict (`cannot_cancel_order`, `order_already_refunded`, …) or idempotency conflict. */
export class ConflictError extends MercadoPagoError {}
/** 409 `idempotency_key_already_used`: the key was already used with a different request. */
export class IdempotencyError extends ConflictError {}
/** 423: the idempotency key is locked by a concurrent request with the same key. */
export class LockedError extends MercadoPagoError {}
export class RateLimitError extends MercadoPagoError {
  /** Seconds to wait, from `Retry-After` (seconds or HTTP date); undefined when MP did not say. */
  readonly retryAfter: number | undefined;
  constructor(init: MercadoPagoErrorInit & { retryAfter?: number }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
export class ServerError extends MercadoPagoError {}

/** No HTTP response: refused, reset, DNS, TLS… `originalError` is what the transport threw. */
export class ConnectionError extends MercadoPagoError {
  readonly originalError: unknown;
  constructor(message: string, originalError?: unknown) {
    super({ message });
    this.originalError = originalError;
  }
}

/** No response within `timeoutMs` (per attempt). */
export class TimeoutError extends ConnectionError {}

/**
 * A create that MP does not deduplicate (legacy QR orders, stores, POS) failed after it may have reached MP
 * (timeout, dropped connection, 5xx), and the client could not find out whether it happened. Not retried:
 * a second request could create a second order. `howToCheck` says how to find out; `requestId` and
 * `status` are the failed attempt's, when MP answered.
 */
export class OutcomeUnknownError extends MercadoPagoError {
  /** The failure that made the outcome unknown (a ConnectionError, TimeoutError or ServerError). */
  readonly originalError: MercadoPagoError;
  /** What the call may have created, e.g. `a dynamic QR order with external_reference "sale-1"`. */
  readonly resource: string;
  /** How to tell whether it exists before trying again. */
  readonly howToCheck: string;
  /** Set when the look-up meant to settle it failed too. */
  readonly lookupError: unknown;

  constructor(init: { operation: string; resource: string; howToCheck: string; originalError: MercadoPagoError; lookupError?: unknown; detail?: string }) {
    const o = init.originalError;
    super({
      message: `${init.operation} may have created ${init.resource}: ${o.message}${init.detail ? `; ${init.detail}` : ''}. ${init.howToCheck}`,
      status: o.status, code: 'outcome_unknown', requestId: o.requestId, raw: o.raw, headers: o.headers,
    });
    this.originalError = o;
    this.resource = init.resource;
    this.howToCheck = init.howToCheck;
    this.lookupError = init.lookupError;
  }
}

/**
 * `oauth.refresh` refused with `invalid_grant` / `invalid_client`: the refresh token was already used (they
 * are single use), expired, or the seller unlinked the app. Only a new `connect` gets tokens again.
 */
export class RefreshTokenRejectedError extends BadRequestError {}

/** The order was not final by the wait's deadline; `order` is the last one seen. */
export class OrderWaitTimeoutError extends Error {
  constructor(readonly orderId: string, readonly order: Order) {
    super(`order ${orderId} is still ${order.status} at the wait's deadline`);
    this.name = 'OrderWaitTimeoutError';
  }
}

/**
 * The OAuth connect flow ended without a code: the seller denied (`denied`, with MP's `error`), nobody came
 * back in time (`timeout`), the redirect URI is not a loopback URL (`invalid_redirect_uri`) or the callback
 * server could not listen on it (`listen_failed`).
 */
export class OAuthConnectError extends Error {
  constructor(
    message: string,
    readonly reason: 'denied' | 'timeout' | 'invalid_redirect_uri' | 'listen_failed',
    readonly error?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OAuthConnectError';
  }
}

interface ParsedBody {
  message?: string;
  code?: string;
  cause: MpErrorCause[];
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function toCause(v: unknown): MpErrorCause {
  if (v === null || typeof v !== 'object') return { description: asString(v) };
  const o = v as Record<string, unknown>;
  const cause: MpErrorCause = {};
  if (typeof o.code === 'string' || typeof o.code === 'number') cause.code = o.code;
  const description = asString(o.description) ?? asString(o.message);
  if (description !== undefined) cause.description = description;
  if ('data' in o) cause.data = o.data;
  if (Array.isArray(o.details)) cause.details = o.details.map(String);
  return cause;
}

/** Read MP's two error shapes (and anything else) into message/code/cause. */
export function parseErrorBody(body: unknown): ParsedBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { cause: [] };
  const o = body as Record<string, unknown>;
  if (Array.isArray(o.errors)) {
    const cause = o.errors.map(toCause);
    return {
      message: asString(o.message) ?? cause[0]?.description,
      code: asString(o.error) ?? asString(o.errorKey) ?? asString(cause[0]?.code),
      cause,
    };
  }
  const list = Array.isArray(o.cause) ? o.cause : Array.isArray(o.causes) ? o.causes : o.cause ? [o.cause] : [];
  return {
    message: asString(o.message),
    code: asString(o.error) ?? asString(o.errorKey) ?? asString(o.code),
    cause: list.map(toCause),
  };
}

/** Seconds from a `Retry-After` value (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - nowMs) / 1000);
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the text ('' when empty). */
  body: unknown;
  method: string;
  path: string;
  nowMs: number;
}

/** The typed error for a non-2xx response. */
export function errorFromResponse(r: ErrorResponse): MercadoPagoError {
  const parsed = parseErrorBody(r.body);
  const what = `${r.method} ${r.path}`;
  let message = parsed.message;
  if (message === undefined) {
    message = typeof r.body === 'string' && r.body.trim() === ''
      ? `${what} failed with HTTP ${r.status} and an empty body`
      : typeof r.body === 'string'
        ? `${what} failed with HTTP ${r.status} and a non-JSON body`
        : `${what} failed with HTTP ${r.status}`;
  }
  const init: MercadoPagoErrorInit = {
    message,
    status: r.status,
    code: parsed.code,
    cause: parsed.cause,
    requestId: r.headers['x-request-id'],
    raw: r.body,
    headers: r.headers,
  };
  const s = r.status;
  if (s === 400 || s === 422) return new BadRequestError(init);
  if (s === 401) return new AuthenticationError(init);
  if (s === 403) return new PermissionError(init);
  if (s === 404) return new NotFoundError(init);
  if (s === 409) return init.code === 'idempotency_key_already_used' ? new IdempotencyError(init) : new ConflictError(init);
  if (s === 423) return new LockedError(init);
  if (s === 429) return new RateLimitError({ ...init, retryAfter: parseRetryAfter(r.headers['retry-after'], r.nowMs) });
  if (s >= 500) return new ServerError(init);
  return new MercadoPagoError(init);
}
