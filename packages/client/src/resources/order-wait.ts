// Waiting for a QR order to settle: poll `GET /v1/orders/{id}` with backoff until a final status, the
// caller's AbortSignal or a deadline, reporting typed progress events. The CLI's `charge` and the gateway
// both wait this way, so neither owns its own loop.
import type { RequestOptions } from '../config.ts';
import { ConnectionError, OrderWaitTimeoutError, RateLimitError, ServerError, type MercadoPagoError } from '../errors.ts';
import { sleepUnlessAborted } from '../request.ts';
import type { Order, OrderStatus } from '../types/orders.ts';

/**
 * Statuses a QR order does not leave by itself (spec §7.5): paid (`processed`, which only a refund call
 * moves on), `canceled`, `expired`, `refunded`, and `failed` (unused by QR today, final elsewhere in the
 * Orders API). A wait for the buyer ends at any of them.
 */
export const FINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['processed', 'canceled', 'expired', 'refunded', 'failed']);

export function isFinalOrderStatus(status: OrderStatus): boolean {
  return FINAL_ORDER_STATUSES.has(status);
}

export type OrderWaitEvent =
  /** After every successful poll; `nextPollMs` is the wait before the next one (none when final). */
  | { type: 'poll'; order: Order; polls: number; nextPollMs: number | undefined }
  /** The status, status_detail or a payment's status changed since the previous poll (a rejected attempt, say). */
  | { type: 'change'; order: Order; previous: Order }
  /** A poll failed with a transient error (after the client's own retries); polling goes on. */
  | { type: 'poll_failed'; error: MercadoPagoError; failures: number; nextPollMs: number };

export interface WaitForOrderOptions extends RequestOptions {
  /** First wait between polls, ms. Default 1000. */
  intervalMs?: number;
  /** The wait grows by `backoff` after each poll that saw no change, up to this (or `intervalMs`, if larger). Default 5000. */
  maxIntervalMs?: number;
  /** Default 1.5; 1 polls at a fixed interval. A change resets the wait to `intervalMs`. */
  backoff?: number;
  /** Give up at this time (ms since epoch, on the client's `now()`): OrderWaitTimeoutError with the last order seen. */
  deadline?: number | Date;
  /** Consecutive transient poll failures tolerated (connection, 429, 5xx). Default 5. */
  maxPollFailures?: number;
  /** The order as already known (e.g. the create response): the first poll then waits `intervalMs`. */
  initial?: Order;
  onProgress?: (event: OrderWaitEvent) => void;
}

interface WaitDeps {
  get: (options: RequestOptions) => Promise<Order>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** What a change event compares: statuses of the order and of each payment. */
function fingerprint(o: Order): string {
  const pays = (o.transactions?.payments ?? []).map((p) => `${p.id}:${p.status}:${p.status_detail ?? ''}`);
  return [o.status, o.status_detail, ...pays].join('|');
}

function isTransient(e: unknown): e is MercadoPagoError {
  return e instanceof ConnectionError || e instanceof RateLimitError || e instanceof ServerError;
}

export async function waitForOrder(deps: WaitDeps, orderId: string, options: WaitForOrderOptions = {}): Promise<Order> {
  const {
    intervalMs = 1000, maxIntervalMs = 5000, backoff = 1.5, deadline, maxPollFailures = 5, initial, onProgress, ...request
  } = options;
  for (const [name, v] of [['intervalMs', intervalMs], ['maxIntervalMs', maxIntervalMs], ['backoff', backoff]] as const) {
    if (!Number.isFinite(v) || v < (name === 'backoff' ? 1 : 0)) throw new RangeError(`${name} must be a number ≥ ${name === 'backoff' ? 1 : 0}, got ${v}`);
  }
  const cap = Math.max(maxIntervalMs, intervalMs);
  const until = deadline === undefined ? Infinity : typeof deadline === 'number' ? deadline : deadline.getTime();
  const signal = request.signal;
  let current = initial ?? await deps.get(request);
  if (isFinalOrderStatus(current.status)) return current;
  let wait = intervalMs;
  let polls = 0;
  let failures = 0;
  for (;;) {
    const left = until - deps.now();
    if (left <= 0) throw new OrderWaitTimeoutError(orderId, current);
    await sleepUnlessAborted(deps.sleep(Math.min(wait, left)), signal);
    let next: Order;
    try {
      next = await deps.get(request);
    } catch (e) {
      if (!isTransient(e) || ++failures > maxPollFailures) throw e;
      wait = Math.min(cap, wait * backoff);
      onProgress?.({ type: 'poll_failed', error: e, failures, nextPollMs: wait });
      continue;
    }
    failures = 0;
    polls++;
    const changed = fingerprint(next) !== fingerprint(current);
    if (changed) onProgress?.({ type: 'change', order: next, previous: current });
    wait = changed ? intervalMs : Math.min(cap, wait * backoff);
    current = next;
    const final = isFinalOrderStatus(current.status);
    onProgress?.({ type: 'poll', order: current, polls, nextPollMs: final ? undefined : wait });
    if (final) return current;
  }
}
