// Shared setup of the Orders API and buyer tests: sellers with a store and two POS (test/http.ts: made through
// the control plane and MP's endpoints), what was notified (read from the delivery log), and the example order
// body of spec §7.1.
import assert from 'node:assert/strict';
import type { Sandbox } from '../src/sandbox.ts';
import type { Account } from '../src/model.ts';
import type { DeliveryView } from '../src/notifications/deliveries.ts';
import type { SiteId } from '../src/sites.ts';
import { http, notifications, request, seller, type Res, type Seller as HttpSeller } from './http.ts';

export { API, request, sandbox, type Call, type Res } from './http.ts';

/** A caller with the given token (test/http.ts `http`). */
export const caller = http;

export interface Seller extends HttpSeller {
  /** The control plane's view; `id` kept beside `user_id` for tests written against the old fixture. */
  account: HttpSeller['account'] & { id: number };
  storeExternalId: string;
  posExternalId: string;
  posId: number;
  /** Another POS of the same store. */
  pos2ExternalId: string;
  pos2Id: number;
}

/** Where every seller's panel webhook points: deliveries stay in the process (test/http.ts `sandbox`) and are
 *  read back from the delivery log. */
export const SELLER_WEBHOOK = 'https://seller.example/webhooks';

/** A seller with one store and two POS, created through the control plane and the stores/POS endpoints. */
export async function newSeller(sb: Sandbox, site: SiteId = 'MLA', kind: Account['kind'] = 'production'): Promise<Seller> {
  const s = await seller(sb, { site_id: site, kind, pos: 2, webhook_url: SELLER_WEBHOOK });
  return {
    ...s, account: { ...s.account, id: s.id }, storeExternalId: s.store!.external_id,
    posExternalId: s.pos[0].external_id, posId: s.pos[0].id, pos2ExternalId: s.pos[1].external_id, pos2Id: s.pos[1].id,
  };
}

/** Every notification sent so far, oldest first: one webhook delivery per event (IPN copies left out). */
export async function sent(sb: Sandbox): Promise<DeliveryView[]> {
  return (await notifications(sb, { kind: 'webhook' })).filter((d) => d.duplicate_of === null);
}

/** `"<action> <order id>"` of each Orders API notification, oldest first. */
export async function orderEvents(sb: Sandbox): Promise<string[]> {
  return (await sent(sb)).filter((d) => d.topic === 'order').map((d) => `${d.action} ${d.resource_id}`);
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
