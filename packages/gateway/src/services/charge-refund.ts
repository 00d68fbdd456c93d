// A refund asked of Mercado Pago for an approved charge, in total (no amount) or in part, under an idempotency key
// the caller derives from the terminal's own key (a retried request refunds once). Orders refunds name the order's
// payment transaction when partial; legacy flows refund the classic payment. The charge itself changes only when
// a re-fetch shows the refund (charges.ts reconciles right after).
import { toOrdersAmount, type MercadoPagoClient, type SiteId } from '@cobro/client';
import { fromMpError } from '../errors.ts';
import type { ChargeRow } from '../repositories/charges.ts';
import { isLegacy, refundLegacy } from './legacy-flow.ts';

export async function askRefund(mp: MercadoPagoClient, row: ChargeRow, site: SiteId, minor: number | undefined, idempotencyKey: string): Promise<{ id: string; status: string; amount: string }> {
  if (isLegacy(row.flow)) return refundLegacy(row, mp, site, minor, idempotencyKey);
  let txId: string | undefined;
  if (minor !== undefined) {
    txId = (await mp.orders.get(row.mp_order_id!).catch((e) => { throw fromMpError(e, 'reading the order from Mercado Pago'); })).transactions.payments[0]?.id;
  }
  const r = await mp.orders.refund(row.mp_order_id!, minor === undefined ? undefined : { transactions: [{ id: txId!, amount: toOrdersAmount(minor, site) }], site }, { idempotencyKey })
    .catch((e) => { throw fromMpError(e, 'refunding on Mercado Pago'); });
  const refund = r.transactions.refunds.at(-1)!;
  return { id: refund.id, status: refund.status, amount: refund.amount };
}
