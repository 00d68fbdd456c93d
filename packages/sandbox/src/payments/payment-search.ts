// `GET /v1/payments/search` (spec §8.4): a collector's payments, filtered by a date range on one date field and
// by any other parameter against the payment's own (dotted) fields, sorted on a date field. A filter naming a
// field the payment does not have matches nothing: a misspelt filter must not return every payment.
import type { SandboxState } from '../state.ts';
import type { Payment } from '../model.ts';
import { paymentJson } from './payment-json.ts';

export const SORTS = ['date_approved', 'date_created', 'date_last_updated', 'money_release_date'] as const;
export type Sort = typeof SORTS[number];

export interface PaymentQuery {
  sort: Sort;
  criteria: 'asc' | 'desc';
  /** The date field `begin`/`end` bound. */
  range: Sort;
  begin?: number;
  end?: number;
  /** Attribute filters, `[field, value]`, compared as strings. */
  filters: [string, string][];
}

function sortValue(p: Payment, s: Sort): number | undefined {
  if (s === 'date_created') return p.date_created;
  if (s === 'date_last_updated') return p.date_last_updated;
  return p.date_approved; // money is released at approval in the sandbox
}

/** Filters read from the stored payment (aliases such as `collector.id`, and fields cheaper than rendering the
 *  payment); any other parameter is looked up in the payment's JSON (spec §8.4 "arbitrary attribute filters"). */
const ATTRIBUTES: Record<string, (p: Payment) => unknown> = {
  id: (p) => p.id,
  status: (p) => p.status,
  status_detail: (p) => p.status_detail,
  external_reference: (p) => p.external_reference,
  payment_method_id: (p) => p.payment_method_id,
  payment_type_id: (p) => p.payment_type_id,
  operation_type: () => 'regular_payment',
  pos_id: (p) => p.pos_id,
  store_id: (p) => p.store_id,
  sponsor_id: (p) => p.sponsor_id,
  'payer.id': (p) => p.payerId,
  'order.id': (p) => p.merchantOrderId ?? p.orderId,
  'collector.id': (p) => p.collectorId,
  collector_id: (p) => p.collectorId,
};

function fieldAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'object' ? undefined : v;
}

export function searchPayments(state: SandboxState, collectorId: number, q: PaymentQuery): Payment[] {
  const attrs = q.filters.map(([k, v]) => {
    const get = ATTRIBUTES[k] ?? ((p: Payment) => fieldAt(paymentJson(state, p), k));
    return (p: Payment) => { const got = get(p); return got !== undefined && got !== null && String(got) === v; };
  });
  const { begin, end } = q;
  // By external_reference (how integrations find a payment again) only that reference's payments are read.
  const ref = q.filters.find(([k]) => k === 'external_reference')?.[1];
  const candidates = ref === undefined ? state.payments.values()
    : state.indexes.paymentsWithRef(ref).map((id) => state.payments.peek(id)).filter((p): p is Payment => p !== undefined);
  const all = [...candidates].filter((p) => {
    if (p.collectorId !== collectorId) return false;
    if (begin !== undefined || end !== undefined) {
      const t = sortValue(p, q.range);
      if (t === undefined || (begin !== undefined && t < begin) || (end !== undefined && t > end)) return false;
    }
    return attrs.every((f) => f(p));
  });
  const dir = q.criteria === 'asc' ? 1 : -1;
  return all.sort((a, b) => {
    const ta = sortValue(a, q.sort) ?? -Infinity, tb = sortValue(b, q.sort) ?? -Infinity;
    return (ta === tb ? a.id - b.id : ta < tb ? -1 : 1) * dir;
  });
}
