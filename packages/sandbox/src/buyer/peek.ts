// What a scan would find, without scanning: `GET /__sandbox/scan?pos_id=…` (or `qr_data`, or `user_id` +
// `external_pos_id`). A real scan is an event (it locks an Orders order, opens a merchant order and notifies);
// a test or a terminal that only wants to know what the printed QR shows must not cause one.
import type { SandboxState } from '../state.ts';
import { formatAmountString } from '../money.ts';
import { objectInput, rejectUnknownFields } from '../kit/validation.ts';
import { resolve } from './buyer.ts';

export interface PeekView {
  kind: 'order' | 'instore';
  order_id?: string;
  in_store_order_id?: string;
  /** `attended`, `dynamic`, `hybrid` or `mpmobile` for in-store orders. */
  model?: string;
  external_reference: string;
  /** In the Orders wire format of the seller's site ("50.00", CLP "1500"). */
  total_amount: string;
  currency_id: string;
  /** Order status (`created`) or in-store order status (`pending`). */
  status: string;
  collector_id: number;
  sponsor_id: number | null;
  /** In-store orders: the cash-out part of the total, and the merchant orders earlier scans opened. */
  cash_out?: string | null;
  merchant_order_ids?: number[];
}

export function peek(state: SandboxState, input: Record<string, unknown>): PeekView {
  const o = objectInput(input);
  rejectUnknownFields(o, ['qr_data', 'pos_id', 'user_id', 'external_pos_id'], 'a scan preview');
  const target = resolve(state, o);
  if ('order' in target) {
    const { order } = target;
    const site = state.site(order.site_id);
    return {
      kind: 'order', order_id: order.id, external_reference: order.external_reference, total_amount: formatAmountString(order.total_amount, site),
      currency_id: site.currency, status: order.status, collector_id: order.userId,
      sponsor_id: order.integration_data?.sponsor ? Number(order.integration_data.sponsor.id) : null,
    };
  }
  const { instore } = target;
  const site = state.site(state.accounts.get(instore.userId)?.site_id ?? 'MLA');
  const amount = (minor: number) => formatAmountString(minor, site);
  return {
    kind: 'instore', in_store_order_id: instore.in_store_order_id, model: instore.model, external_reference: instore.external_reference,
    total_amount: amount(instore.total_amount), currency_id: site.currency, status: instore.status, collector_id: instore.userId,
    sponsor_id: instore.sponsor_id ?? null, cash_out: instore.cash_out === undefined ? null : amount(instore.cash_out),
    merchant_order_ids: [...instore.merchantOrderIds],
  };
}
