// What is worth retrying, and how long to wait. Spec §12.3: MP's SDKs retry 429/500/502/503/504 with
// exponential backoff and honour Retry-After; 423 (idempotency key locked) and 424 are retryable too.
import { ConnectionError, MercadoPagoError } from '../errors.ts';

/** Statuses retried when the call is retry-safe. */
export const RETRYABLE_STATUS = new Set([423, 424, 429, 500, 502, 503, 504]);
/** Statuses that say the request was not processed, so retrying is safe even without an idempotency key. */
export const NOT_PROCESSED_STATUS = new Set([423, 429]);

const RETRYABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
]);
const RETRYABLE_MESSAGES = /socket hang up|fetch failed|other side closed|ECONNRESET|ECONNREFUSED/i;

/** Walk an error and its `cause` chain. */
function* chain(e: unknown): Generator<{ code?: unknown; message?: unknown }> {
  const seen = new Set<unknown>();
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** A transient network failure (reset, refused, hang up), as opposed to a bug in a custom transport. */
export function isRetryableConnectionError(e: unknown): boolean {
  for (const link of chain(e)) {
    if (typeof link.code === 'string' && RETRYABLE_CODES.has(link.code)) return true;
    if (typeof link.message === 'string' && RETRYABLE_MESSAGES.test(link.message)) return true;
  }
  return false;
}

/** The connection was never made, so the server cannot have processed anything. */
export function isConnectionRefused(e: unknown): boolean {
  for (const link of chain(e)) if (link.code === 'ECONNREFUSED') return true;
  return false;
}

/** Short description of a transport error: its message plus the first code/message found in its causes. */
export function describeError(e: unknown): string {
  const parts: string[] = [];
  for (const link of chain(e)) {
    const bit = [typeof link.code === 'string' ? link.code : '', typeof link.message === 'string' ? link.message : '']
      .filter(Boolean).join(': ');
    if (bit && !parts.includes(bit)) parts.push(bit);
    if (parts.length === 2) break;
  }
  return parts.join(' <- ') || String(e);
}

/** Full jitter: uniform in [0, min(cap, base·2^attempt)). `attempt` counts from 0. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/**
 * A failure after which MP may have processed the request: no answer (but a refused connection, which
 * never reached it) or a 5xx / 424. The ambiguous case a create that MP does not deduplicate must settle.
 */
export function mayHaveBeenProcessed(e: unknown): boolean {
  if (e instanceof ConnectionError) return !isConnectionRefused(e.originalError);
  return e instanceof MercadoPagoError && e.status !== undefined && (e.status >= 500 || e.status === 424);
}
