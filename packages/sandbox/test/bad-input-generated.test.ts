// Generated hostile input (seeded, bounded): every write endpoint, MP's and the control plane's, gets malformed
// JSON, non-object bodies, deep nesting and valid bodies with one field turned into a value of the wrong type.
// Every answer must be a 4xx (never a 5xx, never a success) and, read back through the listings, nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '../src/index.ts';
import { notifications, ok, pay, request, sandbox, seller, type Seller } from './http.ts';

const SEED = 0x5eed7;
const REQUESTS = 3000;

/** mulberry32: a tiny seeded generator, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values of the wrong kind for a field (none of them can be valid there). `null` only for required fields.
const PROTO = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":1}}');
const DEEP = JSON.parse('['.repeat(900) + ']'.repeat(900));
const WRONG: Record<Kind, unknown[]> = {
  str: [0, -1, 1.5, true, false, {}, [], ['a'], PROTO, DEEP],
  num: ['10', '', true, {}, [], ['1'], -1, 0, 1e300, -1e-9, PROTO, DEEP],
  amt: [50, '', '-1', '1,00', '50.001', 'abc', '1e3', '99999999999999999999', {}, [], true, PROTO],
  id: ['abc', -1, 0, 1.5, true, {}, [], PROTO, DEEP],
  obj: [0, 'x', true, [], ['a'], DEEP],
};
type Kind = 'str' | 'num' | 'amt' | 'id' | 'obj';

interface Endpoint {
  method: string;
  path: string;
  /** Send with the seller's token (default) or none (control plane, OAuth). */
  auth?: boolean;
  headers?: () => Record<string, string>;
  body: Record<string, unknown>;
  /** Dotted paths into `body` with the kind of value they hold (or the wrong values to try); `!` marks a
   *  required one (which may also be nulled). */
  fields: Record<string, Kind | unknown[]>;
}

function endpoints(w: World): Endpoint[] {
  const s = w.s;
  const pos1 = s.pos[0].external_id;
  let n = 0;
  const key = () => ({ 'x-idempotency-key': `gen-${++n}` });
  const legacy = {
    external_reference: 'gen-1', title: 'T', description: 'D', total_amount: 100,
    items: [{ title: 'I', description: 'I', unit_price: 20, quantity: 5, unit_measure: 'unit' }],
  };
  const legacyFields = { 'external_reference!': 'str', 'total_amount!': 'num', 'items.0.unit_price!': 'num', 'items.0.quantity!': 'num', title: 'str' } as const;
  const store = {
    name: 'S', external_id: 'GENSTORE',
    location: { street_name: 'C', street_number: '1', city_name: 'Ciudad', state_name: 'Estado', latitude: -34.6, longitude: -58.4 },
  };
  return [
    { method: 'POST', path: '/v1/orders', headers: key, body: {
      type: 'qr', total_amount: '50.00', external_reference: 'gen', config: { qr: { external_pos_id: s.pos[1].external_id, mode: 'dynamic' } },
      transactions: { payments: [{ amount: '50.00' }] }, items: [{ title: 'I', unit_price: '50.00', quantity: 1, unit_measure: 'unit' }],
    }, fields: { 'type!': 'str', 'total_amount!': 'amt', 'config.qr.external_pos_id!': 'str', 'transactions.payments.0.amount!': 'amt', 'items.0.unit_price': 'amt' } },
    { method: 'POST', path: `/v1/orders/${w.processed}/refund`, headers: key, body: { transactions: [{ id: w.processedTx, amount: '10.00' }] },
      fields: { 'transactions!': 'obj', 'transactions.0.id!': 'str', 'transactions.0.amount!': 'amt' } },
    { method: 'POST', path: `/v1/payments/${w.payment}/refunds`, body: { amount: 10 }, fields: { 'amount!': 'num' } },
    { method: 'PUT', path: `/instore/qr/seller/collectors/${s.id}/pos/${pos1}/orders`, body: legacy, fields: legacyFields },
    { method: 'POST', path: `/instore/orders/qr/seller/collectors/${s.id}/pos/${pos1}/qrs`, body: legacy, fields: legacyFields },
    { method: 'POST', path: `/mpmobile/instore/qr/${s.id}/${pos1}`, body: {
      external_reference: 'gen', items: [{ title: 'I', description: 'I', currency_id: 'ARS', unit_price: 10, quantity: 1 }],
    }, fields: { 'external_reference!': 'str', 'items.0.unit_price!': 'num', 'items.0.quantity!': 'num', 'items.0.currency_id!': 'str', 'items.0.title!': 'str' } },
    { method: 'POST', path: `/users/${s.id}/stores`, body: store, fields: { 'name!': 'str', 'location!': 'obj', 'location.latitude!': 'num', 'location.city_name!': 'str' } },
    { method: 'PUT', path: `/users/${s.id}/stores/${s.store!.id}`, body: { name: 'S2' }, fields: { name: 'str' } },
    { method: 'POST', path: '/pos', body: { name: 'P', fixed_amount: true, external_store_id: s.store!.external_id, external_id: 'GENPOS' },
      fields: { 'name!': 'str', 'external_store_id!': 'str', 'external_id!': 'str' } },
    { method: 'PUT', path: `/pos/${s.pos[0].id}`, body: { name: 'P2' }, fields: { name: 'str' } },
    { method: 'POST', path: '/users/test_user', body: { site_id: 'MLA', description: 'gen' }, fields: { 'site_id!': 'str', description: 'str' } },
    { method: 'PUT', path: `/test_user/${w.testUser}/account_money`, body: { amount: 10 }, fields: { 'amount!': 'num' } },
    { method: 'POST', path: '/oauth/token', auth: false, body: { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.account.client_secret },
      fields: { 'grant_type!': 'str', 'client_id!': 'str', 'client_secret!': 'str' } },
    { method: 'POST', path: '/__sandbox/accounts', auth: false, body: { site_id: 'MLA', nickname: 'GEN' }, fields: { 'site_id!': 'str', nickname: 'str', redirect_uris: 'str' } },
    { method: 'POST', path: '/__sandbox/apps', auth: false, body: { owner_id: s.id, name: 'Gen' }, fields: { 'owner_id!': 'id', name: 'str' } },
    { method: 'PATCH', path: `/__sandbox/apps/${s.clientId}`, auth: false, body: { name: 'Gen' }, fields: { name: 'str', pkce: ['true', 1, {}, []] } },
    { method: 'POST', path: '/__sandbox/faults', auth: false, body: { path: '/gen', status: 500 }, fields: { 'path!': 'str', status: 'id', latency_ms: ['1', -1, {}, true] } },
    { method: 'POST', path: '/__sandbox/clock/advance', auth: false, body: { ms: 1000 }, fields: { 'ms!': ['10', '', true, {}, [], -1, PROTO, DEEP] } },
    { method: 'POST', path: '/__sandbox/clock/set', auth: false, body: { time: '2030-01-01T00:00:00Z' }, fields: { 'time!': 'str' } },
    { method: 'POST', path: '/__sandbox/pay', auth: false, body: { qr_data: w.pendingQr, card: 'APRO' }, fields: { 'qr_data!': 'str', card: 'str', installments: 'str', buyer_id: 'id' } },
    { method: 'POST', path: '/__sandbox/authorize', auth: false, body: { client_id: s.clientId, user_id: s.id }, fields: { 'client_id!': 'str', 'user_id!': 'id', state: 'str' } },
  ];
}

/** One field of a copy of `body` replaced (dotted path, numeric parts index arrays). */
function mutate(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let o: any = copy;
  for (const p of parts.slice(0, -1)) o = o[p];
  o[parts.at(-1)!] = value;
  return copy;
}

/** A hostile request body for `e` (a string, sent as is with a JSON content type). */
function hostile(e: Endpoint, next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const valid = JSON.stringify(e.body);
  switch (pick(['prefix', 'scalar', 'field', 'field', 'field', 'field'] as const)) {
    case 'prefix': return valid.slice(0, 1 + Math.floor(next() * (valid.length - 1))); // an unclosed object
    case 'scalar': return pick(['[]', '[{}]', '1', '"x"', 'null', 'true', '{"a":1}]', '{,}', '\u0000', '['.repeat(3000)]);
    default: {
      const [field, kind] = pick(Object.entries(e.fields));
      const required = field.endsWith('!');
      const wrong = Array.isArray(kind) ? kind : WRONG[kind];
      const values = required ? [...wrong, null] : wrong;
      return JSON.stringify(mutate(e.body, field.replace(/!$/, ''), pick(values)));
    }
  }
}

interface World { sb: Sandbox; s: Seller; payment: number; processed: string; processedTx: string; pendingQr: string; testUser: number; pendingOrder: string }

/** A seller with a store and two POS, a paid legacy order, a processed and a pending Orders order, a test user. */
async function world(): Promise<World> {
  const sb = sandbox('generated');
  const s = await seller(sb, { pos: 2, webhook_url: 'https://receiver.example/wh' });
  await ok(s.call('PUT', `/instore/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/orders`, {
    external_reference: 'paid', total_amount: 100, items: [{ title: 'I', description: 'I', unit_price: 100, quantity: 1, unit_measure: 'unit' }],
  }));
  const payment = (await ok(pay(sb, { pos_id: s.pos[0].id }))).payment_id;
  const order = (qrPos: string, ref: string) => ok(s.call('POST', '/v1/orders', {
    type: 'qr', total_amount: '50.00', external_reference: ref, config: { qr: { external_pos_id: qrPos, mode: 'dynamic' } },
    transactions: { payments: [{ amount: '50.00' }] }, items: [{ title: 'I', unit_price: '50.00', quantity: 1, unit_measure: 'unit' }],
  }, { 'x-idempotency-key': ref }));
  const processed = await order(s.pos[1].external_id, 'processed');
  await ok(pay(sb, { qr_data: processed.type_response.qr_data }));
  const pending = await order(s.pos[1].external_id, 'pending');
  const testUser = (await ok(s.call('POST', '/users/test_user', { site_id: 'MLA' }))).id;
  return { sb, s, payment, processed: processed.id, processedTx: processed.transactions.payments[0].id, pendingQr: pending.type_response.qr_data, testUser, pendingOrder: pending.id };
}

/** Everything a rejected request could have changed, read over HTTP. */
async function digest(w: World): Promise<unknown> {
  const get = async (path: string, auth = true) => (await (auth ? w.s.call('GET', path) : request(w.sb, 'GET', path))).text;
  return {
    accounts: await get('/__sandbox/accounts', false),
    faults: await get('/__sandbox/faults', false),
    clock: await get('/__sandbox/clock', false),
    deliveries: (await notifications(w.sb)).map((d) => `${d.id} ${d.status} ${d.attempts.length}`),
    pos: await get('/pos'),
    stores: await get(`/users/${w.s.id}/stores/search`),
    payments: await get('/v1/payments/search'),
    refunds: await get(`/v1/payments/${w.payment}/refunds`),
    processed: await get(`/v1/orders/${w.processed}`),
    pending: await get(`/v1/orders/${w.pendingOrder}`),
    attended: await get(`/instore/qr/seller/collectors/${w.s.id}/pos/${w.s.pos[0].external_id}/orders`),
    merchantOrders: await get('/merchant_orders/search'),
    testUsers: await get('/test_user/search'),
  };
}

test(`${REQUESTS} generated hostile bodies at every write endpoint: each a 4xx, and nothing changes`, async () => {
  const w = await world();
  const list = endpoints(w);
  const before = await digest(w);
  const next = rng(SEED);
  const seen = new Map<number, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const e = list[i % list.length];
    const body = hostile(e, next);
    const headers = { 'content-type': 'application/json', ...e.headers?.() };
    const r = e.auth === false ? await request(w.sb, e.method, e.path, body, headers) : await w.s.call(e.method, e.path, body, headers);
    seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
    assert.ok(r.status >= 400 && r.status < 500, `#${i} (seed ${SEED}) ${e.method} ${e.path} ${body.slice(0, 300)} → ${r.status} ${r.text.slice(0, 300)}`);
  }
  assert.deepEqual(await digest(w), before);
  assert.ok((seen.get(400) ?? 0) > REQUESTS / 2, `mostly 400s: ${JSON.stringify([...seen])}`);
});
