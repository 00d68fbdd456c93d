// The contract between the scriptable buyer (buyer/buyer.ts) and the two QR generations it can pay:
// the Orders API (orders/orders.ts) and the legacy in-store orders (legacy/legacy.ts).
import type { Payment } from '../model.ts';
import type { CardOutcome } from './cards.ts';

/** How the buyer pays: a test card (holder name decides the outcome) or account money. */
export interface BuyerPayment {
  buyerId: number;
  payment_method_id: string;
  payment_type_id: string;
  outcome: CardOutcome;
  cardholder_name?: string;
  installments: number;
}

export interface PayResult {
  /** The classic payment the attempt created (approved, rejected or in_process). */
  payment: Payment;
  /** Order (Orders API) or merchant order status after the attempt. */
  status: string;
}
