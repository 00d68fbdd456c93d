// How orders and payments read to a person. Two ids are easy to mix up, so both are always labelled: the
// Orders API transaction id (`PAY…`, in the order) and the classic payment id (a number, `/v1/payments`).
import type { Order, OrderPayment, Payment } from '@cobro/client';

/** What happens next for a payment that is neither approved nor rejected (a `CONT` card, a review). */
export const PENDING_NEXT = 'Mercado Pago is still deciding (pending review): the order stays payable and this payment becomes approved or rejected later; the payment webhook says which';

export function transactionLine(p: OrderPayment): string {
  const classic = p.reference_id ? `, classic payment id ${p.reference_id}` : '';
  return `transaction ${p.id} (Orders API)${classic}: ${p.amount} ${p.status}${p.status_detail ? ` (${p.status_detail})` : ''}`;
}

export function orderLines(o: Order): string[] {
  const lines = [`order ${o.id} — ${o.total_amount} ${o.status} (${o.status_detail})${o.config?.qr?.external_pos_id ? ` on POS ${o.config.qr.external_pos_id} (${o.config.qr.mode ?? 'static'})` : ''}`];
  lines.push(`  external_reference ${o.external_reference}${o.created_date ? `, created ${o.created_date}` : ''}${o.expiration_time ? `, expires after ${o.expiration_time}` : ''}`);
  for (const p of o.transactions?.payments ?? []) lines.push(`  ${transactionLine(p)}`);
  for (const r of o.transactions?.refunds ?? []) lines.push(`  refund ${r.id} of ${r.amount} on ${r.transaction_id}: ${r.status}`);
  return lines;
}

export function isPending(status: string): boolean {
  return status === 'in_process' || status === 'pending' || status === 'authorized';
}

export function paymentLine(p: Payment): string {
  const order = p.order?.id ? `, order ${p.order.id}` : '';
  return `payment ${p.id} (classic id) — ${p.transaction_amount} ${p.currency_id} ${p.status} (${p.status_detail})${order}${p.external_reference ? `, external_reference ${p.external_reference}` : ''}`;
}
