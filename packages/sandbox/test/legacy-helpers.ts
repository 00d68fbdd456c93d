// Shared setup of the legacy in-store tests: a seller with a store and a POS created over HTTP, a JSON caller,
// a captured notification log, and a stand-in for the buyer (domain/legacy.ts called directly).
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/sandbox.ts';
import { bootstrapSeller, createAccount } from '../src/domain/accounts.ts';
import { CARD_OUTCOMES } from '../src/domain/cards.ts';
import { findInstoreOrderForScan, payInstore, scanInstore } from '../src/domain/legacy.ts';
import type { NotificationEvent } from '../src/state.ts';
import { SITES, type SiteId } from '../src/sites.ts';
import type { Account, InstoreOrder } from '../src/model.ts';

export interface Res { status: number; body: any; text: string }

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Res>;

export function caller(sb: Sandbox, accessToken: string): Call {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${accessToken}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await sb.fetch(`https://api.mercadopago.com${path}`, init);
    const text = await res.text();
    let parsed: unknown = undefined;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    return { status: res.status, body: parsed, text };
  };
}

export interface Seller {
  account: Account;
  token: string;
  clientId: string;
  call: Call;
  storeExternalId: string;
  posExternalId: string;
  posId: number;
}

let n = 0;

/** A production-like seller with one store and one POS (created through the stores/POS endpoints). */
export async function newSeller(sb: Sandbox, site: SiteId = 'MLA', kind: Account['kind'] = 'production'): Promise<Seller> {
  const b = bootstrapSeller(sb.state, { site_id: site, kind });
  const call = caller(sb, b.token.access_token);
  n += 1;
  const [minLat, maxLat, minLng, maxLng] = SITES[site].bounds;
  const storeExternalId = `SUC${n}`;
  const posExternalId = `SUC${n}POS1`;
  const store = await call('POST', `/users/${b.account.id}/stores`, {
    name: 'Sucursal', external_id: storeExternalId,
    location: { street_name: 'Calle', street_number: '123', city_name: 'Ciudad', state_name: 'Estado', latitude: (minLat + maxLat) / 2, longitude: (minLng + maxLng) / 2 },
  });
  assert.ok(store.status === 200 || store.status === 201, `store create: ${store.text}`);
  const pos = await call('POST', '/pos', { name: 'Caja 1', fixed_amount: true, external_store_id: storeExternalId, external_id: posExternalId });
  assert.ok(pos.status === 200 || pos.status === 201, `POS create: ${pos.text}`);
  return { account: b.account, token: b.token.access_token, clientId: b.app.client_id, call, storeExternalId, posExternalId, posId: pos.body.id };
}

/** Deliveries go to an in-process receiver that answers 200: tests never touch the network. */
export function sandbox(seed: string): Sandbox {
  return createSandbox({ seed, webhookFetch: async () => new Response('ok', { status: 200 }) });
}

/** Every notification the sandbox emits, in order (still passed on to the real notifier). */
export function captureNotifications(sb: Sandbox): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  const inner = sb.state.notifier;
  sb.state.notifier = (ev) => { events.push(ev); inner(ev); };
  return events;
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
  return `/instore/qr/seller/collectors/${s.account.id}/pos/${s.posExternalId}/orders`;
}

export function qrsPath(s: Seller): string {
  return `/instore/orders/qr/seller/collectors/${s.account.id}/pos/${s.posExternalId}/qrs`;
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
