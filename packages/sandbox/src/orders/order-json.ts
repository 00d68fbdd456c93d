// Orders API wire format (spec §7.1/§7.2): money as strings in the site's precision, user_id as a string,
// UTC timestamps, country as alpha-3. The one place an Order becomes JSON.
import type { SandboxState } from '../state.ts';
import type { Order, OrderPayment, OrderRefund } from '../model.ts';
import { formatAmountString } from '../money.ts';

export function orderPaymentJson(state: SandboxState, order: Order, p: OrderPayment): Record<string, unknown> {
  const site = state.site(order.site_id);
  const out: Record<string, unknown> = { id: p.id, amount: formatAmountString(p.amount, site) };
  if (p.paid_amount !== undefined) out.paid_amount = formatAmountString(p.paid_amount, site);
  if (p.refunded_amount > 0) out.refunded_amount = formatAmountString(p.refunded_amount, site);
  out.status = p.status;
  out.status_detail = p.status_detail;
  if (p.reference_id !== undefined) out.reference_id = String(p.reference_id);
  if (p.payment_method) out.payment_method = { ...p.payment_method };
  return out;
}

export function orderRefundJson(state: SandboxState, order: Order, r: OrderRefund): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, transaction_id: r.transaction_id };
  if (r.reference_id !== undefined) out.reference_id = r.reference_id;
  out.amount = formatAmountString(r.amount, state.site(order.site_id));
  out.status = r.status;
  return out;
}

export function orderJson(state: SandboxState, order: Order): Record<string, unknown> {
  const site = state.site(order.site_id);
  const out: Record<string, unknown> = {
    id: order.id,
    user_id: String(order.userId),
    type: order.type,
    external_reference: order.external_reference,
  };
  if (order.description !== undefined) out.description = order.description;
  out.expiration_time = order.expiration_time;
  out.processing_mode = order.processing_mode;
  out.total_amount = formatAmountString(order.total_amount, site);
  out.country_code = site.country3;
  if (order.marketplace_fee !== undefined) out.marketplace_fee = formatAmountString(order.marketplace_fee, site);
  const integration: Record<string, unknown> = { application_id: order.clientId, ...order.integration_data };
  // A copy in the sponsor's own place: a caller mutating the answer cannot reach the stored order.
  if (order.integration_data?.sponsor) integration.sponsor = { ...order.integration_data.sponsor };
  out.integration_data = integration;
  out.status = order.status;
  out.status_detail = order.status_detail;
  out.created_date = state.utcTime(order.created);
  out.last_updated_date = state.utcTime(order.updated);
  out.config = { qr: { external_pos_id: order.external_pos_id, mode: order.mode } };
  const transactions: Record<string, unknown> = { payments: order.payments.map((p) => orderPaymentJson(state, order, p)) };
  if (order.refunds.length) transactions.refunds = order.refunds.map((r) => orderRefundJson(state, order, r));
  out.transactions = transactions;
  if (order.items) {
    out.items = order.items.map((i) => {
      const { unit_price, ...rest } = i;
      const item: Record<string, unknown> = { ...rest };
      if (unit_price !== undefined) item.unit_price = formatAmountString(unit_price, site);
      // Keep MP's field order: title, unit_price, quantity, …
      return Object.fromEntries(
        ['title', 'unit_price', 'quantity', 'unit_measure', 'external_code', 'description', 'picture_url', 'category_id', 'type']
          .filter((k) => item[k] !== undefined).map((k) => [k, item[k]]),
      );
    });
  }
  if (order.qr_data) out.type_response = { qr_data: order.qr_data };
  return out;
}

/** `data` of an `order.*` webhook (spec §9.3). */
export function orderWebhookData(state: SandboxState, order: Order): Record<string, unknown> {
  const site = state.site(order.site_id);
  const paid = order.payments.reduce((s, p) => s + (p.paid_amount ?? 0), 0);
  return {
    external_reference: order.external_reference,
    status: order.status,
    status_detail: order.status_detail,
    total_paid_amount: formatAmountString(paid, site),
    type: order.type,
    version: order.version ?? 1,
    transactions: {
      payments: order.payments.map((p) => {
        const { reference_id, ...rest } = orderPaymentJson(state, order, p);
        return reference_id === undefined ? rest : { ...rest, reference: { id: reference_id } };
      }),
    },
  };
}
