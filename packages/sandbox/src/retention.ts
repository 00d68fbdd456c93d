// Retention (option `retention`): a long-running sandbox forgets FINAL orders, oldest first, by count and/or
// age, with everything that hangs off them (payments, refunds, scans, merchant orders, idempotency records).
// Afterwards they answer 404, as Mercado Pago does for data it has purged. Off by default in createSandbox
// (tests see everything); `cobro sandbox` and `npm start` turn it on (a soak must not grow without bound).
//
// Final means nothing can happen to it any more without a new request: an Orders API order expired, canceled,
// refunded, or processed with no refund still processing; a legacy in-store order taken off its POS (paid,
// replaced, deleted, expired) whose payments are all decided. The domain calls `settled` when an order may
// have become final; the queue (state.indexes.finalOrders) is in that order, and eviction re-checks finality
// (a refund started since makes an order live again: it is skipped until its refund completes).
import type { SandboxState } from './state.ts';
import type { InstoreOrder, Order } from './model.ts';
import { idempotencyKeysOf, unindexInstoreOrder, unindexMerchantOrder, unindexOrder, unindexPayment } from './indexes.ts';
import { forget } from './middleware/idempotency.ts';

/** Queue keys: Orders API ids start with `ORD`; legacy in-store ids are UUIDs (or `<collector>-<uuid>`). */
const isOrdersId = (id: string) => id.startsWith('ORD');

export function isFinalOrder(order: Order): boolean {
  if (order.status === 'expired' || order.status === 'canceled' || order.status === 'refunded') return true;
  return order.status === 'processed' && !order.refunds.some((r) => r.status === 'processing');
}

export function isFinalInstoreOrder(state: SandboxState, order: InstoreOrder): boolean {
  if (order.status === 'pending') return false;
  for (const moId of order.merchantOrderIds) {
    for (const pid of state.merchantOrders.peek(moId)?.paymentIds ?? []) {
      const st = state.payments.peek(pid)?.status;
      if (st === 'pending' || st === 'in_process') return false;
    }
  }
  return true;
}

/** An order may have become final: (re)queue it as the newest final one, then apply the limits. */
export function settled(state: SandboxState, id: string): void {
  if (!state.opts.retention) return;
  const q = state.indexes.finalOrders;
  q.delete(id);
  q.set(id, state.now());
  enforce(state);
}

/** Forget what the limits say is too many or too old. Cheap when nothing is due: it looks at the queue's front. */
export function enforce(state: SandboxState): void {
  const r = state.opts.retention;
  if (!r) return;
  const q = state.indexes.finalOrders;
  const cutoff = r.maxAgeMs === undefined ? -Infinity : state.now() - r.maxAgeMs;
  for (const [id, at] of q) {
    const over = r.maxFinalOrders !== undefined && q.size > r.maxFinalOrders;
    if (!over && at > cutoff) return;
    q.delete(id);
    evict(state, id);
  }
}

/** Forget one queued order if it is still final (a live one just leaves the queue until it settles again). */
function evict(state: SandboxState, id: string): void {
  if (isOrdersId(id)) {
    const order = state.orders.peek(id);
    if (order && isFinalOrder(order)) forgetOrder(state, order);
  } else {
    const order = state.instoreOrders.peek(id);
    if (order && isFinalInstoreOrder(state, order)) forgetInstoreOrder(state, order);
  }
}

function forgetPayment(state: SandboxState, paymentId: number): void {
  for (const refundId of state.indexes.refundsByPayment.get(paymentId) ?? []) state.paymentRefunds.delete(refundId);
  state.indexes.refundsByPayment.delete(paymentId);
  for (const key of idempotencyKeysOf(state, String(paymentId))) forget(state, key);
  const payment = state.payments.peek(paymentId);
  if (payment) unindexPayment(state, payment);
  state.payments.delete(paymentId);
}

function forgetScans(state: SandboxState, targetId: string): void {
  for (const scanId of state.indexes.scansOf(targetId)) state.scans.delete(scanId);
}

function forgetOrder(state: SandboxState, order: Order): void {
  for (const pid of state.indexes.paymentsOf(order.id)) forgetPayment(state, pid);
  for (const key of idempotencyKeysOf(state, order.id)) forget(state, key);
  forgetScans(state, order.id);
  state.clock.cancel('order.expire', order.id);
  unindexOrder(state, order);
  state.orders.delete(order.id);
}

function forgetInstoreOrder(state: SandboxState, order: InstoreOrder): void {
  for (const moId of order.merchantOrderIds) {
    const mo = state.merchantOrders.peek(moId);
    if (!mo) continue;
    for (const pid of mo.paymentIds) forgetPayment(state, pid);
    unindexMerchantOrder(state, mo);
    state.merchantOrders.delete(moId);
  }
  forgetScans(state, order.in_store_order_id);
  state.clock.cancel('instore.expire', order.in_store_order_id);
  unindexInstoreOrder(state, order);
  state.instoreOrders.delete(order.in_store_order_id);
}
