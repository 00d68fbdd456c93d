// The legacy in-store QR flows, per POS (`flow`): `legacy_dynamic` (a QR per charge, POST …/qrs) and
// `legacy_attended` (the order put on the POS's printed QR, PUT …/orders). They have no order to re-fetch:
// MP's truth is the merchant orders (and their payments) that carry the charge's external reference, which a
// scan creates. So a charge is approved only when approved payments on one merchant order cover its amount,
// expires at its own expiration_date (sent on the create), and is refunded through the classic payment.
// What differs from the Orders API, each from MP's reference (docs/mercado-pago-behaviour.md, legacy section):
// the sponsor goes as a number in `sponsor_id`; amounts are JSON numbers; dynamic orders cannot be deleted
// (they end at expiration_date), attended ones are taken off the POS with DELETE.
import { NotFoundError, fromLegacyAmount, getSite, isoDurationMs, toOrdersAmount, type MercadoPagoClient, type MerchantOrder, type SiteId } from '@cobro/client';
import type { ChargeRow } from '../repositories/charges.ts';
import type { Observed } from './charge-state.ts';
import { GatewayError, fromMpError } from '../errors.ts';

export type LegacyFlowName = 'legacy_dynamic' | 'legacy_attended';
export const isLegacy = (flow: string): flow is LegacyFlowName => flow === 'legacy_dynamic' || flow === 'legacy_attended';

export interface LegacyCreated { mpOrderId: string | null; qrData: string | null; expiresAt: Date }

export interface LegacyTarget { collectorId: string; posExternalId: string; siteId: SiteId }

/**
 * Put the charge on MP. Called again by the recovery job after an ambiguous failure: a dynamic QR whose answer
 * was lost was never shown to anyone, so nobody can pay it and it ends at its expiration_date; an attended order
 * put again replaces the same order on the POS.
 */
export async function createLegacy(row: ChargeRow, mp: MercadoPagoClient, t: LegacyTarget, o: { sponsorId?: string; expirationTime: string; now: Date }): Promise<LegacyCreated> {
  const total = toOrdersAmount(Number(row.amount_minor), t.siteId);
  const expiresAt = new Date(o.now.getTime() + (isoDurationMs(o.expirationTime) ?? 900_000));
  const title = row.description ?? `Charge ${row.id}`;
  const items = Array.isArray(row.items) && row.items.length
    ? (row.items as { title: string; unit_price: string; quantity: number }[]).map((i) => ({ ...i, unit_measure: 'unit' }))
    : [{ title, unit_price: total, quantity: 1, unit_measure: 'unit', total_amount: total }];
  const input = {
    external_reference: row.external_reference, total_amount: total, title, description: title, items, site: t.siteId,
    expiration_date: expiresAt, ...(o.sponsorId && { sponsor_id: Number(o.sponsorId) }),
  };
  if (row.flow === 'legacy_dynamic') {
    const qr = await mp.instoreOrders.createDynamic(t.collectorId, t.posExternalId, input);
    return { mpOrderId: qr.in_store_order_id, qrData: qr.qr_data, expiresAt };
  }
  await mp.instoreOrders.put(t.collectorId, t.posExternalId, input);
  return { mpOrderId: null, qrData: null, expiresAt };
}

/** What MP's merchant orders say about a legacy charge (its approved payment, refunds, or nothing yet). */
export async function observeLegacy(row: ChargeRow, mp: MercadoPagoClient, siteId: SiteId, now: Date): Promise<Observed & { merchantOrderId: number | null }> {
  const found = await mp.merchantOrders.search({ external_reference: row.external_reference })
    .catch((e) => { throw fromMpError(e, 'reading the merchant orders from Mercado Pago'); });
  const amount = Number(row.amount_minor);
  const mine = found.elements.filter((m) => m.external_reference === row.external_reference);
  const paidOn = (m: MerchantOrder) => m.payments.filter((p) => p.status === 'approved' || p.status === 'refunded');
  const settled = mine.find((m) => paidOn(m).length > 0);
  if (!settled) {
    const expired = row.expires_at !== null && now.getTime() >= new Date(row.expires_at).getTime();
    return { status: expired ? 'expired' : 'pending', refundedMinor: 0, mpPaymentId: null, merchantOrderId: mine[0]?.id ?? null };
  }
  const payments = paidOn(settled);
  const minor = (v: number | undefined) => fromLegacyAmount(v ?? 0, siteId);
  const paid = payments.reduce((n, p) => n + minor(p.transaction_amount), 0);
  const refunded = payments.reduce((n, p) => n + minor(p.amount_refunded), 0);
  const base = { refundedMinor: refunded, mpPaymentId: String(payments[0].id), merchantOrderId: settled.id };
  const problems = [
    minor(settled.total_amount) !== amount && `total ${settled.total_amount}`,
    paid < amount && `paid ${paid / 10 ** getSite(siteId).decimals} of ${settled.total_amount}`,
    paid > amount && `paid ${paid / 10 ** getSite(siteId).decimals}, more than the charge`,
  ].filter(Boolean);
  if (problems.length) return { status: 'pending', ...base, mismatch: `Mercado Pago's merchant order ${settled.id} does not match the charge: ${problems.join(', ')}` };
  if (refunded >= amount && amount > 0) return { status: 'refunded', ...base };
  return { status: refunded > 0 ? 'partially_refunded' : 'approved', ...base };
}

/**
 * Cancel a legacy charge on MP. Attended: take our order off the POS (only if it is still ours). Dynamic: MP has
 * no delete for it, so it cannot be canceled there — it ends at its expiration_date (409, saying when).
 */
export async function cancelLegacy(row: ChargeRow, mp: MercadoPagoClient, t: LegacyTarget): Promise<void> {
  if (row.flow === 'legacy_dynamic') {
    throw new GatewayError(409, 'charge_not_cancelable', `charge ${row.id} is a legacy dynamic QR, which Mercado Pago cannot cancel: it stays payable until it expires at ${row.expires_at ? new Date(row.expires_at).toISOString() : 'its expiration'}`);
  }
  const onPos = await mp.instoreOrders.get(t.collectorId, t.posExternalId).catch((e) => {
    if (e instanceof NotFoundError) return undefined;
    throw fromMpError(e, 'reading the POS order from Mercado Pago');
  });
  if (onPos?.external_reference !== row.external_reference) return; // already gone: paid, expired or replaced
  await mp.instoreOrders.delete(t.collectorId, t.posExternalId).catch((e) => { throw fromMpError(e, 'taking the order off the POS on Mercado Pago'); });
}

/** Refund the charge's classic payment, in total (no amount) or in part, with an idempotency key. */
export async function refundLegacy(row: ChargeRow, mp: MercadoPagoClient, siteId: SiteId, minor: number | undefined, idempotencyKey: string): Promise<{ id: string; status: string; amount: string }> {
  const r = await mp.payments.refunds.create(row.mp_payment_id!, minor === undefined ? {} : { amount: toOrdersAmount(minor, siteId), site: siteId }, { idempotencyKey })
    .catch((e) => { throw fromMpError(e, 'refunding the payment on Mercado Pago'); });
  return { id: String(r.id), status: String(r.status ?? 'approved'), amount: toOrdersAmount(fromLegacyAmount(Number(r.amount), siteId), siteId) };
}
