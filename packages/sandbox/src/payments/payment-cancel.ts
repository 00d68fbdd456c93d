// `PUT /v1/payments/{id}` with `{"status":"cancelled"}` (spec §8.5, §14): a payment still pending or in process
// is cancelled (200); one that is approved — or already final — cannot be (400). What the payment belonged to
// follows: its merchant order waits for a payment again, an Orders API transaction goes back to `created` so the
// buyer may retry (the order stays payable until it expires).
import type { SandboxState } from '../state.ts';
import type { Payment } from '../model.ts';
import { classicError } from '../errors.ts';
import { notifyPayment, refreshMerchantOrder } from '../legacy/legacy.ts';
import { releaseCancelledPayment } from '../orders/orders.ts';

const CANCELLABLE: ReadonlySet<Payment['status']> = new Set(['pending', 'in_process']);

export function cancelPayment(state: SandboxState, p: Payment): Payment {
  if (!CANCELLABLE.has(p.status)) {
    throw classicError(400, 'invalid_payment_status',
      `Payment ${p.id} is ${p.status}; only pending or in_process payments can be cancelled (refund an approved one).`,
      [{ code: 'invalid_status', description: `status ${p.status} cannot change to cancelled`, data: 'status' }]);
  }
  p.status = 'cancelled';
  p.status_detail = 'by_collector';
  p.date_last_updated = state.now();
  const mo = p.merchantOrderId === undefined ? undefined : state.merchantOrders.get(p.merchantOrderId);
  if (mo) refreshMerchantOrder(state, mo);
  const order = p.orderId === undefined ? undefined : state.orders.get(p.orderId);
  if (order) releaseCancelledPayment(state, order, p);
  notifyPayment(state, p, 'payment.updated');
  return p;
}
