// Refunds of classic payments (`POST /v1/payments/{id}/refunds`, spec §8.5): total or partial, only for
// approved payments, at most 20 per payment. A refund is approved at once; the payment and its merchant
// order follow (payment `refunded` when nothing is left; MO `reverted`/`partially_reverted`).
import type { SandboxState } from '../state.ts';
import type { Payment, PaymentRefund } from '../model.ts';
import { classicError } from '../errors.ts';
import { notifyPayment, refreshMerchantOrder } from '../legacy/legacy.ts';
import { paymentRefunds } from './payment-json.ts';
import { indexPaymentRefund } from '../indexes.ts';

/** Older official guides: up to 20 partial refunds per payment (spec §8.5, UNCONFIRMED today). */
export const MAX_REFUNDS_PER_PAYMENT = 20;

/** Refund `amount` minor units of `p` (undefined = everything left). Throws 400 when not refundable. */
export function refundPayment(state: SandboxState, p: Payment, amount: number | undefined): PaymentRefund {
  // An Orders API payment is refunded through its order (spec §7.10); refunding it here would leave the order
  // `processed` with money it no longer has.
  if (p.orderId !== undefined) {
    throw classicError(400, 'bad_request',
      `Payment ${p.id} belongs to order ${p.orderId}; refund it with POST /v1/orders/${p.orderId}/refund.`);
  }
  if (p.status !== 'approved') {
    throw classicError(400, 'invalid_payment_status', `Payment ${p.id} is ${p.status}; only approved payments can be refunded.`);
  }
  const left = p.transaction_amount - p.refunded;
  const value = amount ?? left;
  if (value <= 0) throw classicError(400, 'invalid_refund_amount', 'amount must be greater than zero.');
  if (value > left) {
    throw classicError(400, 'invalid_refund_amount', 'amount exceeds the amount left to refund.',
      [{ code: 'invalid_refund_amount', description: `refundable: ${left} minor units`, data: null }]);
  }
  if (paymentRefunds(state, p.id).length >= MAX_REFUNDS_PER_PAYMENT) {
    throw classicError(400, 'max_refunds_exceeded', `A payment accepts at most ${MAX_REFUNDS_PER_PAYMENT} refunds.`);
  }
  const now = state.now();
  const refund: PaymentRefund = {
    id: state.numericId(10, state.paymentRefunds),
    payment_id: p.id,
    amount: value,
    status: 'approved',
    date_created: now,
  };
  state.paymentRefunds.set(refund.id, refund);
  indexPaymentRefund(state, refund);
  p.refunded += value;
  p.date_last_updated = now;
  if (p.refunded >= p.transaction_amount) {
    p.status = 'refunded';
    p.status_detail = 'refunded';
  } else {
    p.status_detail = 'partially_refunded';
  }
  const mo = p.merchantOrderId === undefined ? undefined : state.merchantOrders.get(p.merchantOrderId);
  if (mo) refreshMerchantOrder(state, mo);
  notifyPayment(state, p, 'payment.updated');
  return refund;
}
