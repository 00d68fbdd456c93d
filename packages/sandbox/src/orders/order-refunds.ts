// Orders API refunds (spec §7.4): total or partial, asked only by the app that created the order, within the
// refund window; each starts `processing` and completes on the virtual clock (`order.refund` timer), moving the
// order's transaction, its classic payment and refund, and sending the `order.*` / `payment.updated` events.
import type { SandboxState } from '../state.ts';
import type { Order, OrderRefund } from '../model.ts';
import { indexPaymentRefund } from '../indexes.ts';
import { settled } from '../retention.ts';
import { ordersError } from '../errors.ts';
import { formatAmountString } from '../money.ts';
import { notifyPayment } from '../legacy/legacy.ts';
import { emitOrderEvent, touch } from './order-events.ts';

export interface RefundRequest { transactionId?: string; amount?: number }

/** Refunds come from the app that created the order: the same seller through another app's token is not its
 *  creator (spec §7.4 `invalid_order_owner`). Checked before the body, as MP names the owner first. */
export function assertOrderOwner(order: Order, clientId: string): void {
  if (clientId !== order.clientId) {
    throw ordersError(400, 'invalid_order_owner', 'The access token does not belong to the application that created the order.', ['order owner']);
  }
}

/** Minor units still refundable on the order's transaction (processing refunds count as spent). */
function refundable(order: Order): number {
  const tx = order.payments[0];
  const asked = order.refunds.filter((r) => r.transaction_id === tx.id).reduce((s, r) => s + r.amount, 0);
  return (tx.paid_amount ?? 0) - asked;
}

/**
 * `POST /v1/orders/{id}/refund` (spec §7.4): total (no transactions) or partial (one transaction, amount below
 * the original). The refund starts `processing` and completes after `refundCompletionMs` virtual ms.
 */
export function refundOrder(state: SandboxState, order: Order, req: RefundRequest, opts: { immediate?: boolean } = {}): OrderRefund {
  if (order.status === 'refunded') {
    throw ordersError(409, 'order_already_refunded', `Order ${order.id} is already refunded.`, ['status is refunded']);
  }
  if (order.status !== 'processed') {
    throw ordersError(409, 'invalid_order_status', `Order ${order.id} is ${order.status}; only processed orders can be refunded.`, [`status is ${order.status}`]);
  }
  const tx = order.payments[0];
  const classic = tx.reference_id !== undefined ? state.payments.get(tx.reference_id) : undefined;
  const window = state.opts.ordersRefundWindow;
  const since = window.from === 'payment' ? classic?.date_approved ?? order.created : order.created;
  if (state.now() > since + window.days * 86400_000) {
    throw ordersError(400, 'in_store_payment_refund_order',
      `Order ${order.id} can no longer be refunded: the window is ${window.days} days from the ${window.from === 'payment' ? 'payment' : "order's creation"}.`,
      [`refund window of ${window.days} days exceeded`]);
  }
  const left = refundable(order);
  let amount: number;
  if (req.transactionId === undefined) {
    if (left <= 0) {
      throw ordersError(409, 'refund_in_progress', `Order ${order.id} has refunds in progress covering the whole amount.`, ['nothing left to refund']);
    }
    amount = left;
  } else {
    const target = order.payments.find((p) => p.id === req.transactionId);
    if (!target) {
      throw ordersError(404, 'transaction_not_found', `Transaction ${req.transactionId} not found in order ${order.id}.`, ['transactions[0].id']);
    }
    amount = req.amount ?? 0;
    const site = state.site(order.site_id);
    // Above what is left is MP's refund_amount_exceeds (spec §14), checked before the partial-refund rule.
    if (amount > left) {
      throw ordersError(400, 'refund_amount_exceeds', `The refund amount exceeds the available amount (${formatAmountString(left, site)}).`,
        [`transactions[0].amount exceeds ${formatAmountString(left, site)}`]);
    }
    if (amount >= target.amount) {
      throw ordersError(400, 'property_value', 'A partial refund must be less than the transaction amount; send no body for a total refund.',
        [`transactions[0].amount must be less than ${formatAmountString(target.amount, site)}`]);
    }
  }
  const classicRefundId = state.numericId(11, state.paymentRefunds);
  const classicRefund = {
    id: classicRefundId, payment_id: classic?.id ?? 0, amount, status: 'in_process' as const, date_created: state.now(),
  };
  state.paymentRefunds.set(classicRefundId, classicRefund);
  indexPaymentRefund(state, classicRefund);
  const refund: OrderRefund = {
    id: `REF${state.rng.ulid(state.now())}`, transaction_id: tx.id, reference_id: String(classicRefundId), amount, status: 'processing',
  };
  order.refunds.push(refund);
  touch(state, order);
  if (opts.immediate) completeRefund(state, order, refund);
  else state.clock.after(state.opts.refundCompletionMs, 'order.refund', refundTimerRef(order, refund));
  return refund;
}

const refundTimerRef = (order: Order, refund: OrderRefund): string => `${order.id}/${refund.id}`;

/** The `order.refund` timer: a refund left `processing` completes. */
export function completeRefundTimer(state: SandboxState, ref: string): void {
  const [orderId, refundId] = ref.split('/');
  const order = state.orders.get(orderId);
  const refund = order?.refunds.find((r) => r.id === refundId);
  if (order && refund) completeRefund(state, order, refund);
}

export function completeRefund(state: SandboxState, order: Order, refund: OrderRefund): void {
  if (refund.status === 'processed') return;
  refund.status = 'processed';
  state.clock.cancel('order.refund', refundTimerRef(order, refund));
  const tx = order.payments.find((p) => p.id === refund.transaction_id)!;
  tx.refunded_amount += refund.amount;
  const full = tx.refunded_amount >= (tx.paid_amount ?? 0);
  const cr = state.paymentRefunds.get(Number(refund.reference_id));
  if (cr) cr.status = 'approved';
  const classic = tx.reference_id !== undefined ? state.payments.get(tx.reference_id) : undefined;
  if (classic) {
    classic.refunded += refund.amount;
    classic.status = full ? 'refunded' : classic.status;
    classic.status_detail = full ? 'refunded' : 'partially_refunded';
    classic.date_last_updated = state.now();
    notifyPayment(state, classic, 'payment.updated');
  }
  if (full) {
    tx.status = 'refunded';
    tx.status_detail = 'refunded';
    order.status = 'refunded';
    order.status_detail = 'refunded';
  } else {
    tx.status_detail = 'partially_refunded';
  }
  touch(state, order);
  if (full) emitOrderEvent(state, order, 'order.refunded');
  else if (state.opts.ordersPartialRefundEvent !== 'none') emitOrderEvent(state, order, state.opts.ordersPartialRefundEvent);
  settled(state, order.id);
}
