// What one observation of Mercado Pago changes on a charge row, decided under its row lock: the `set` and the
// event for `ChargesRepository.change`, or nothing (a duplicate, stale or reordered observation). Pure: the
// service fetches (an Orders API order, or a legacy flow's merchant orders) and hands the observation here.
import type { Order } from '@cobro/client';
import type { Updateable } from 'kysely';
import type { ChargesTable } from '../db/schema.ts';
import type { ChargeChange, ChargeRow } from '../repositories/charges.ts';
import { isFinal, observeOrder, transition, type ChargeStatus, type Observed } from './charge-state.ts';
import { expiry, siteOf } from './charge-view.ts';

export type { ChargeChange };

/** Re-check a live charge this soon; settled ones are left to notifications and the daily scan. */
const RECHECK_MS = 5000;

/** Apply an observation; `first` is what the create's answer stores (order id, QR payload, expiry). */
export function decide(r: ChargeRow, seen: Observed, now: Date, first?: Updateable<ChargesTable>, refs: Record<string, unknown> = {}): ChargeChange {
  if (seen.mismatch) {
    return r.review_reason ? undefined : { set: { review_reason: seen.mismatch }, event: { type: 'charge.review', data: { reason: seen.mismatch } } };
  }
  const current = r.status as ChargeStatus;
  // Money taken for a charge that already ended (a legacy payment after a cancel or expiry): never lost, flagged.
  if ((current === 'canceled' || current === 'expired') && (seen.status === 'approved' || seen.status === 'partially_refunded')) {
    const reason = `paid on Mercado Pago (payment ${seen.mpPaymentId}) after the charge was ${current}: refund it or honour the sale`;
    return r.review_reason ? undefined : { set: { review_reason: reason, mp_payment_id: seen.mpPaymentId }, event: { type: 'charge.review', data: { reason } } };
  }
  const t = transition({ status: current, refundedMinor: Number(r.refunded_minor) }, seen);
  if (!t && !first) return undefined;
  const status = t?.status ?? current;
  const refundedMinor = t?.refundedMinor ?? Number(r.refunded_minor);
  return {
    set: {
      status, refunded_minor: refundedMinor, mp_payment_id: seen.mpPaymentId ?? r.mp_payment_id, last_error: null, ...first,
      next_check_at: isFinal(status) || status === 'approved' || status === 'partially_refunded' ? null : new Date(now.getTime() + RECHECK_MS),
    },
    event: { type: `charge.${status}`, data: { status, ...refs, ...(seen.mpPaymentId && { mp_payment_id: seen.mpPaymentId }), refunded_minor: refundedMinor } },
  };
}

/** An Orders API order fetched (or returned by the create): the first answer also stores its id, QR and expiry. */
export function decideOrder(r: ChargeRow, order: Order, posExternalId: string, now: Date): ChargeChange {
  if (order.external_reference !== r.external_reference) {
    return r.review_reason ? undefined : { set: { review_reason: `Mercado Pago order ${order.id} carries external_reference ${order.external_reference}` }, event: { type: 'charge.review', data: { reason: 'external_reference mismatch' } } };
  }
  const seen = observeOrder(order, { amountMinor: Number(r.amount_minor), externalReference: r.external_reference, posExternalId, siteId: siteOf(r.currency) });
  const first = r.mp_order_id === null ? { mp_order_id: order.id, qr_data: order.type_response?.qr_data ?? null, expires_at: expiry(order, now) } : undefined;
  return decide(r, seen, now, first, { mp_order_id: order.id });
}
