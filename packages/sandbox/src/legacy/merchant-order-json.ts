// Wire shape of `GET /merchant_orders/{id}` (spec §8.1): numbers for amounts, classic timestamps.
import type { SandboxState } from '../state.ts';
import type { MerchantOrder } from '../model.ts';
import { formatAmountNumber } from '../money.ts';
import { merchantOrderTotals } from './legacy.ts';

export function merchantOrderJson(state: SandboxState, mo: MerchantOrder): Record<string, unknown> {
  const site = state.site(mo.site_id);
  const n = (minor: number) => formatAmountNumber(minor, site);
  const t = (ms: number | undefined) => (ms === undefined ? null : state.classicTime(ms, site.id));
  const collector = state.accounts.get(mo.collectorId);
  const payer = mo.payerId === undefined ? undefined : state.accounts.get(mo.payerId);
  const { paid, refunded } = merchantOrderTotals(state, mo);
  const payments = mo.paymentIds.flatMap((id) => {
    const p = state.payments.get(id);
    if (!p) return [];
    return [{
      id: p.id,
      transaction_amount: n(p.transaction_amount),
      total_paid_amount: n(p.transaction_amount),
      shipping_cost: 0,
      currency_id: site.currency,
      status: p.status,
      status_detail: p.status_detail,
      operation_type: 'regular_payment',
      date_approved: t(p.date_approved),
      date_created: t(p.date_created),
      last_modified: t(p.date_last_updated),
      amount_refunded: n(p.refunded),
    }];
  });
  return {
    id: mo.id,
    status: mo.status,
    external_reference: mo.external_reference,
    preference_id: mo.preference_id,
    payments,
    shipments: [],
    payouts: [],
    collector: { id: mo.collectorId, email: collector?.email ?? '', nickname: collector?.nickname ?? '' },
    marketplace: 'NONE',
    notification_url: mo.notification_url ?? null,
    date_created: t(mo.date_created),
    last_updated: t(mo.last_updated),
    sponsor_id: mo.sponsor_id ?? null,
    shipping_cost: 0,
    total_amount: n(mo.total_amount),
    site_id: mo.site_id,
    paid_amount: n(paid),
    refunded_amount: n(refunded),
    payer: payer ? { id: payer.id, email: payer.email, nickname: payer.nickname } : null,
    items: mo.items.map((i) => ({
      id: i.sku_number ?? '',
      category_id: i.category ?? '',
      currency_id: site.currency,
      description: i.description ?? '',
      picture_url: i.picture_url ?? null,
      title: i.title ?? '',
      quantity: i.quantity,
      unit_price: n(i.unit_price),
    })),
    cancelled: mo.cancelled,
    additional_info: '',
    application_id: mo.clientId,
    is_test: !mo.live_mode,
    order_status: mo.order_status,
    client_id: mo.clientId,
  };
}
