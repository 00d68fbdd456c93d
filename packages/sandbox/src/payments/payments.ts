// Classic payments (`/v1/payments`): created by the buyer for both QR generations. Orders API payments point
// at one of these through `reference_id`.
import type { SandboxState } from '../state.ts';
import type { Payment } from '../model.ts';
import type { CardOutcome } from '../buyer/cards.ts';
import { indexPayment } from '../indexes.ts';

export type NewPayment = Omit<Payment, 'id' | 'status' | 'status_detail' | 'refunded' | 'date_created' | 'date_approved' | 'date_last_updated' | 'installments'> & {
  outcome: CardOutcome;
  installments?: number;
};

export function createPayment(state: SandboxState, p: NewPayment): Payment {
  const now = state.now();
  const { outcome } = p;
  // Every field written out, in one order: all payments then share one hidden class. (Spreading `...rest`
  // gave each payment its own, ~1 KB of shape metadata per stored payment.)
  const payment: Payment = {
    id: state.numericId(11, state.payments),
    collectorId: p.collectorId,
    payerId: p.payerId,
    clientId: p.clientId,
    site_id: p.site_id,
    status: outcome.status,
    status_detail: outcome.status_detail,
    payment_method_id: p.payment_method_id,
    payment_type_id: p.payment_type_id,
    transaction_amount: p.transaction_amount,
    refunded: 0,
    installments: p.installments ?? 1,
    description: p.description,
    external_reference: p.external_reference,
    merchantOrderId: p.merchantOrderId,
    orderId: p.orderId,
    sponsor_id: p.sponsor_id,
    pos_id: p.pos_id,
    store_id: p.store_id,
    notification_url: p.notification_url,
    live_mode: p.live_mode,
    date_created: now,
    date_approved: outcome.status === 'approved' ? now : undefined,
    date_last_updated: now,
    cardholder_name: p.cardholder_name,
  };
  state.payments.set(payment.id, payment);
  indexPayment(state, payment);
  return payment;
}
