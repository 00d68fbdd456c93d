// Shared setup of the legacy in-store tests: the sellers of orders-helpers.ts, a sandbox whose deliveries never
// leave the process, the v2 body, and the buyer over the control plane (`GET /__sandbox/scan` to see what a QR
// shows, `POST /__sandbox/scan` and `/pay` to act).
import assert from 'node:assert/strict';
import type { Sandbox } from '../src/sandbox.ts';
import type { SandboxOptions } from '../src/options.ts';
import type { SiteId } from '../src/sites.ts';
import type { Account } from '../src/model.ts';
import type { PayOutcome, ScanResult } from '../src/buyer/buyer.ts';
import type { PeekView } from '../src/buyer/peek.ts';
import type { Seller } from './orders-helpers.ts';
import { createAccount, ok, request, sandbox as httpSandbox, type Res } from './http.ts';

export { caller, sent, type Call, type Res, type Seller } from './orders-helpers.ts';
export { newSeller } from './orders-helpers.ts';

/** Deliveries go to an in-process receiver that answers 200: tests never touch the network. */
export function sandbox(seed: string, opts: SandboxOptions = {}): Sandbox {
  return httpSandbox(seed, opts);
}

/** A buyer of the given kind (the seller's: MP refuses to mix test and real users), through the control plane. */
export async function buyer(sb: Sandbox, site: SiteId = 'MLA', kind: Account['kind'] = 'production'): Promise<{ id: number }> {
  return { id: (await createAccount(sb, { site_id: site, kind })).user_id };
}

/** Where a buyer points the camera: a POS's printed QR or a dynamic code. */
export type Where = { pos_id: number } | { qr_data: string };

/** What a scan of `where` would find, and where that was (undefined when there is nothing to pay). */
export type Seen = PeekView & { where: Where };

export async function peek(sb: Sandbox, where: Where): Promise<Seen | undefined> {
  const r = await request(sb, 'GET', `/__sandbox/scan?${new URLSearchParams(Object.entries(where).map(([k, v]) => [k, String(v)]))}`);
  if (r.status === 404 || r.status === 409) return undefined;
  assert.equal(r.status, 200, r.text);
  return { ...r.body, where };
}

/** What a scan of the seller's printed POS QR finds. */
export function scanPos(sb: Sandbox, s: Seller): Promise<Seen | undefined> {
  return peek(sb, { pos_id: s.posId });
}

/** The buyer scans (a legacy order: a merchant order opens). */
export function scan(sb: Sandbox, seen: Seen, buyerId?: number): Promise<ScanResult> {
  return ok<ScanResult>(request(sb, 'POST', '/__sandbox/scan', { ...seen.where, ...(buyerId !== undefined && { buyer_id: buyerId }) }));
}

/** The buyer pays a scan with a test card (the holder name decides the outcome). */
export function pay(sb: Sandbox, scanned: ScanResult, card = 'APRO'): Promise<Res<PayOutcome>> {
  return request<PayOutcome>(sb, 'POST', '/__sandbox/pay', { scan_id: scanned.scan_id, card });
}

/** The v2 body of the reference example (total 100 = 5 × 20). */
export function orderBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    external_reference: 'order-id-1234',
    title: 'Compra',
    description: 'Compra en Mercado Pago',
    notification_url: 'https://www.yourserver.com/notifications',
    total_amount: 100.0,
    items: [{ sku_number: 'KS955RUR', category: 'FOOD', title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit', total_amount: 100 }],
    ...over,
  };
}

export function attendedPath(s: Seller): string {
  return `/instore/qr/seller/collectors/${s.id}/pos/${s.posExternalId}/orders`;
}

export function qrsPath(s: Seller): string {
  return `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.posExternalId}/qrs`;
}

/** Seller, buyer and one approved payment of an attended order of `amount` (one item). */
export async function paidOrder(sb: Sandbox, s: Seller, amount = 100, ref = 'ref-1'): Promise<{ paymentId: number; moId: number }> {
  const r = await s.call('PUT', attendedPath(s), orderBody({
    external_reference: ref, total_amount: amount,
    items: [{ title: 'Item', description: 'Item', unit_price: amount, quantity: 1, unit_measure: 'unit' }],
  }));
  assert.equal(r.status, 204, r.text);
  const b = await buyer(sb, s.account.site_id, s.account.kind);
  const sc = await scan(sb, (await scanPos(sb, s))!, b.id);
  const paid = await ok(pay(sb, sc));
  return { paymentId: paid.payment_id, moId: sc.merchant_order_id! };
}
