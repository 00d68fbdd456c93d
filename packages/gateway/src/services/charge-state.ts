// The charge's one-way state machine, and how a re-fetched Mercado Pago order maps onto it. Nothing here does
// I/O: reconcile fetches, then asks `transition` what (if anything) the fetched truth changes. A stale, duplicate
// or reordered fetch changes nothing, because a status only ever moves to a higher rank, and within one rank
// only the refunded amount may grow.
import { fromOrdersAmount, type Order, type SiteId } from '@cobro/client';

export type ChargeStatus = 'unknown' | 'pending' | 'approved' | 'partially_refunded' | 'refunded' | 'expired' | 'canceled' | 'failed';

const RANK: Record<ChargeStatus, number> = {
  unknown: 0, pending: 1, approved: 2, expired: 2, canceled: 2, failed: 2, partially_refunded: 3, refunded: 4,
};

export const FINAL_STATUSES: readonly ChargeStatus[] = ['refunded', 'expired', 'canceled', 'failed'];
export const isFinal = (s: ChargeStatus): boolean => FINAL_STATUSES.includes(s);
/** Statuses the poller and sweep still watch. */
export const LIVE_STATUSES: readonly ChargeStatus[] = ['unknown', 'pending'];

export interface ChargeFacts {
  status: ChargeStatus;
  amountMinor: number;
  refundedMinor: number;
  externalReference: string;
  posExternalId: string;
  siteId: SiteId;
}

export interface Observed {
  status: ChargeStatus;
  refundedMinor: number;
  mpPaymentId: string | null;
  /** Set when MP's order does not match what was charged: never approved, flagged instead. */
  mismatch?: string;
}

/** What MP's order says about the charge. */
export function observeOrder(order: Order, c: Pick<ChargeFacts, 'amountMinor' | 'externalReference' | 'posExternalId' | 'siteId'>): Observed {
  const tx = order.transactions?.payments?.[0];
  const paid = tx?.paid_amount !== undefined ? fromOrdersAmount(tx.paid_amount, c.siteId) : undefined;
  const refunded = (order.transactions?.payments ?? []).reduce((n, p) => n + (p.refunded_amount ? fromOrdersAmount(p.refunded_amount, c.siteId) : 0), 0);
  const mpPaymentId = tx?.reference_id ?? null;
  const base = { refundedMinor: refunded, mpPaymentId };
  switch (order.status) {
    case 'processed': {
      const problems = [
        fromOrdersAmount(order.total_amount, c.siteId) !== c.amountMinor && `total ${order.total_amount}`,
        paid !== undefined && paid !== c.amountMinor && `paid ${tx!.paid_amount}`,
        order.external_reference !== c.externalReference && `external_reference ${order.external_reference}`,
        order.config?.qr?.external_pos_id !== c.posExternalId && `POS ${order.config?.qr?.external_pos_id}`,
      ].filter(Boolean);
      if (problems.length) return { status: 'pending', ...base, mismatch: `Mercado Pago's order does not match the charge: ${problems.join(', ')}` };
      if (refunded >= c.amountMinor && c.amountMinor > 0) return { status: 'refunded', ...base };
      return { status: refunded > 0 ? 'partially_refunded' : 'approved', ...base };
    }
    case 'refunded': return { status: 'refunded', ...base };
    case 'expired': return { status: 'expired', ...base };
    case 'canceled': return { status: 'canceled', ...base };
    default: return { status: 'pending', ...base };
  }
}

/** The change to apply, or undefined when the observation adds nothing (duplicate, stale, reordered). */
export function transition(current: Pick<ChargeFacts, 'status' | 'refundedMinor'>, seen: Observed): { status: ChargeStatus; refundedMinor: number } | undefined {
  if (RANK[seen.status] < RANK[current.status]) return undefined;
  if (seen.status === current.status && seen.refundedMinor <= current.refundedMinor) return undefined;
  // Final states of rank 2 are exclusive: an expired charge does not become canceled.
  if (RANK[seen.status] === RANK[current.status] && seen.status !== current.status) return undefined;
  return { status: seen.status, refundedMinor: Math.max(seen.refundedMinor, current.refundedMinor) };
}
