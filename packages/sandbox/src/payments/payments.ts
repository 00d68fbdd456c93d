// Classic payments (`/v1/payments`): created by the buyer for both QR generations. Orders API payments point
// at one of these through `reference_id`.
import type { SandboxState } from '../state.ts';
import type { Payment } from '../model.ts';
import type { CardOutcome } from '../buyer/cards.ts';

export type NewPayment = Omit<Payment, 'id' | 'status' | 'status_detail' | 'refunded' | 'date_created' | 'date_approved' | 'date_last_updated' | 'installments'> & {
  outcome: CardOutcome;
  installments?: number;
};

export function createPayment(state: SandboxState, p: NewPayment): Payment {
  const now = state.now();
  const { outcome, ...rest } = p;
  const payment: Payment = {
    ...rest,
    id: state.numericId(11, state.payments),
    status: outcome.status,
    status_detail: outcome.status_detail,
    refunded: 0,
    installments: p.installments ?? 1,
    date_created: now,
    date_approved: outcome.status === 'approved' ? now : undefined,
    date_last_updated: now,
  };
  state.payments.set(payment.id, payment);
  return payment;
}
