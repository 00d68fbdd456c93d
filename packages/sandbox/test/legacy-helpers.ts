// Shared setup of the legacy in-store tests: the sellers and JSON caller of orders-helpers.ts, a sandbox whose
// deliveries never leave the process, the v2 body, and a stand-in for the buyer (legacy/legacy.ts called directly).
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/sandbox.ts';
import type { SandboxOptions } from '../src/options.ts';
import { createAccount } from '../src/identity/accounts.ts';
import { CARD_OUTCOMES } from '../src/buyer/cards.ts';
import { findInstoreOrderForScan, payInstore, scanInstore } from '../src/legacy/legacy.ts';
import type { SiteId } from '../src/sites.ts';
import type { Seller } from './orders-helpers.ts';
import type { Account, InstoreOrder } from '../src/model.ts';

export { caller, sent, type Call, type Res, type Seller } from './orders-helpers.ts';
export { newSeller } from './orders-helpers.ts';

/** Deliveries go to an in-process receiver that answers 200: tests never touch the network. */
export function sandbox(seed: string, opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ seed, webhookFetch: async () => new Response('ok', { status: 200 }), ...opts });
}

export function buyer(sb: Sandbox, site: SiteId = 'MLA'): Account {
  return createAccount(sb.state, { site_id: site, kind: 'test' });
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

/** What a static-QR scan finds on the seller's POS. */
export function scanPos(sb: Sandbox, s: Seller): InstoreOrder | undefined {
  return findInstoreOrderForScan(sb.state, { posId: s.posId });
}

export function scan(sb: Sandbox, order: InstoreOrder, buyerId?: number): number {
  return scanInstore(sb.state, order, buyerId).merchantOrderId;
}

export function pay(sb: Sandbox, order: InstoreOrder, moId: number, buyerId: number, card: keyof typeof CARD_OUTCOMES = 'APRO') {
  return payInstore(sb.state, order, moId, {
    buyerId, payment_method_id: 'visa', payment_type_id: 'credit_card', outcome: CARD_OUTCOMES[card], cardholder_name: card, installments: 1,
  });
}

/** Seller, buyer and one approved payment of an attended order of `amount` (one item). */
export async function paidOrder(sb: Sandbox, s: Seller, amount = 100, ref = 'ref-1'): Promise<{ paymentId: number; moId: number }> {
  const r = await s.call('PUT', attendedPath(s), orderBody({
    external_reference: ref, total_amount: amount,
    items: [{ title: 'Item', description: 'Item', unit_price: amount, quantity: 1, unit_measure: 'unit' }],
  }));
  assert.equal(r.status, 204, r.text);
  const order = scanPos(sb, s)!;
  const b = buyer(sb, s.account.site_id);
  const moId = scan(sb, order, b.id);
  const { payment } = pay(sb, order, moId, b.id);
  return { paymentId: payment.id, moId };
}
