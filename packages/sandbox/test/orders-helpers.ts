// Shared setup of the Orders API and buyer tests: sellers with a store and POS created over HTTP, a JSON caller
// that sends an idempotency key, a captured notification log, and the example order body of spec §7.1.
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/sandbox.ts';
import type { SandboxOptions } from '../src/options.ts';
import { bootstrapSeller } from '../src/identity/accounts.ts';
import type { NotificationEvent } from '../src/state.ts';
import type { Account } from '../src/model.ts';
import { SITES, type SiteId } from '../src/sites.ts';

export const API = 'https://api.mercadopago.com';

export interface Res { status: number; body: any; text: string }

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Res>;

export async function request(sb: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await sb.fetch(`${API}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  return { status: res.status, body: parsed, text };
}

export function caller(sb: Sandbox, accessToken: string): Call {
  return (method, path, body, headers = {}) => request(sb, method, path, body, { authorization: `Bearer ${accessToken}`, ...headers });
}

export interface Seller {
  account: Account;
  token: string;
  clientId: string;
  call: Call;
  storeExternalId: string;
  posExternalId: string;
  posId: number;
  /** Another POS of the same store. */
  pos2ExternalId: string;
  pos2Id: number;
}

let n = 0;

/** A seller with one store and two POS, created through the stores/POS endpoints. */
export async function newSeller(sb: Sandbox, site: SiteId = 'MLA', kind: Account['kind'] = 'production'): Promise<Seller> {
  const b = bootstrapSeller(sb.state, { site_id: site, kind });
  const call = caller(sb, b.token.access_token);
  n += 1;
  const [minLat, maxLat, minLng, maxLng] = SITES[site].bounds;
  const store = await call('POST', `/users/${b.account.id}/stores`, {
    name: 'Sucursal', external_id: `STORE${n}`,
    location: {
      street_name: 'Calle', street_number: '123', city_name: 'Ciudad', state_name: 'Estado',
      latitude: (minLat + maxLat) / 2, longitude: (minLng + maxLng) / 2,
    },
  });
  assert.ok(store.status === 200 || store.status === 201, `store create: ${store.text}`);
  const pos = await call('POST', '/pos', { name: 'Caja 1', fixed_amount: true, external_store_id: `STORE${n}`, external_id: `STORE${n}POS1` });
  assert.ok(pos.status === 200 || pos.status === 201, `POS create: ${pos.text}`);
  const pos2 = await call('POST', '/pos', { name: 'Caja 2', fixed_amount: true, external_store_id: `STORE${n}`, external_id: `STORE${n}POS2` });
  assert.ok(pos2.status === 200 || pos2.status === 201, `POS create: ${pos2.text}`);
  return {
    account: b.account, token: b.token.access_token, clientId: b.app.client_id, call, storeExternalId: `STORE${n}`,
    posExternalId: `STORE${n}POS1`, posId: pos.body.id, pos2ExternalId: `STORE${n}POS2`, pos2Id: pos2.body.id,
  };
}

export function sandbox(seed: string, opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ seed, ...opts });
}

/** Every notification the sandbox emits, in order (still passed on to the real notifier). */
export function captureNotifications(sb: Sandbox): NotificationEvent[] {
  const events: NotificationEvent[] = [];
  const inner = sb.state.notifier;
  sb.state.notifier = (ev) => { events.push(ev); inner(ev); };
  return events;
}

export function orderEvents(events: NotificationEvent[]): string[] {
  return events.filter((e) => e.topic === 'order').map((e) => `${e.action} ${e.resourceId}`);
}

/** The spec's example body (§7.1) on the seller's POS. */
export function orderBody(s: Seller, over: Record<string, unknown> = {}, mode: 'static' | 'dynamic' | 'hybrid' = 'dynamic'): Record<string, any> {
  return {
    type: 'qr',
    total_amount: '50.00',
    description: 'Smartphone',
    external_reference: 'ext_ref_1234',
    config: { qr: { external_pos_id: s.posExternalId, mode } },
    transactions: { payments: [{ amount: '50.00' }] },
    items: [{ title: 'Smartphone', unit_price: '50.00', quantity: 1, unit_measure: 'unit', external_code: '777489134' }],
    ...over,
  };
}

let keys = 0;
export const newKey = (): string => `key-${++keys}`;

/** POST /v1/orders with a fresh idempotency key. */
export function postOrder(s: Seller, body: unknown, key: string = newKey()): Promise<Res> {
  return s.call('POST', '/v1/orders', body, { 'x-idempotency-key': key });
}

export async function createdOrder(s: Seller, over: Record<string, unknown> = {}, mode: 'static' | 'dynamic' | 'hybrid' = 'dynamic'): Promise<any> {
  const r = await postOrder(s, orderBody(s, over, mode));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** The Orders error code of a response. */
export function code(r: Res): string {
  return r.body?.errors?.[0]?.code;
}

export function control(sb: Sandbox, path: string, body: unknown): Promise<Res> {
  return request(sb, 'POST', `/__sandbox/${path}`, body);
}
