// Hostile and malformed input (issue 7 §3): each gets a clear 4xx naming the field or rule, and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { listen } from '../src/server.ts';
import type { Sandbox } from '../src/index.ts';
import { request, sandbox, seller, pay, type Seller } from './http.ts';

type S = Seller & { sandbox: Sandbox };

const MB = 1024 * 1024;
const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
const attended = (s: Seller) => `/instore/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/orders`;
const qrs = (s: Seller) => `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/qrs`;
const mpmobile = (s: Seller) => `/mpmobile/instore/qr/${s.id}/${s.pos[0].external_id}`;

function legacyBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    external_reference: 'ref-1', title: 'Compra', description: 'Compra', total_amount: 100,
    items: [{ title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit', total_amount: 100 }],
    ...over,
  };
}

/** What a rejected request must leave untouched, read through listings. */
async function snapshot(s: S): Promise<unknown> {
  const sb = s.call;
  return {
    accounts: (await request(s.sandbox, 'GET', '/__sandbox/accounts')).body.length,
    faults: (await request(s.sandbox, 'GET', '/__sandbox/faults')).body.results.length,
    pos: (await sb('GET', '/pos')).body.paging.total,
    attended: (await sb('GET', attended(s))).status,
    payments: (await sb('GET', '/v1/payments/search')).body.paging.total,
  };
}

async function setup(seed: string): Promise<S> {
  const sb = sandbox(seed);
  return Object.assign(await seller(sb, { pos: 1 }), { sandbox: sb });
}

test('a body over 1 MB is a 413 in the route\'s error shape, on MP endpoints and the control plane, storing nothing', async () => {
  const s = await setup('bad-size');
  const before = await snapshot(s);
  const big = JSON.stringify({ ...legacyBody(), title: 'x'.repeat(MB) });
  const orders = await s.call('POST', '/v1/orders', big, { 'x-idempotency-key': 'k-big' });
  assert.equal(orders.status, 413);
  assert.equal(orders.body.errors[0].code, 'request_entity_too_large');
  assert.match(orders.body.errors[0].message, /larger than 1048576 bytes/);
  for (const [method, path] of [['PUT', attended(s)], ['POST', '/pos'], ['POST', '/__sandbox/accounts'], ['POST', '/__sandbox/faults']] as const) {
    const r = await s.call(method, path, big);
    assert.equal(r.status, 413, `${method} ${path}`);
    assert.deepEqual([r.body.status, r.body.error], [413, 'request_entity_too_large'], `${method} ${path}: classic shape`);
  }
  // Just under the limit, the route's own validation answers.
  const under = await s.call('POST', '/pos', { name: 'x'.repeat(MB - 100), external_store_id: s.store!.external_id, external_id: 'P2' });
  assert.equal(under.status, 400, under.text.slice(0, 200));
  assert.deepEqual(await snapshot(s), before);
});

test('JSON nested deeper than 1,000 levels is a 400 naming the rule before anything parses it; reads stay 200', async () => {
  const s = await setup('bad-depth');
  const before = await snapshot(s);
  const nested = `{"external_reference":"ref-1","total_amount":100,"cash_out":{"amount":100},"x":${deep(20_000)}}`;
  const legacy = await s.call('PUT', attended(s), nested);
  assert.equal(legacy.status, 400);
  assert.match(legacy.body.message, /nests arrays and objects deeper than 1000 levels/);
  const fault = await s.call('POST', '/__sandbox/faults', `{"path":"/x","status":500,"body":{"a":${deep(20_000)}}}`);
  assert.equal(fault.status, 400);
  assert.match(fault.body.message, /deeper than 1000 levels/);
  const order = await s.call('POST', '/v1/orders', deep(20_000), { 'x-idempotency-key': 'k-deep' });
  assert.equal(order.status, 400);
  assert.equal(order.body.errors[0].code, 'json_syntax_error');
  assert.deepEqual(await snapshot(s), before);

  // Brackets inside strings are not nesting; and at the limit a body is stored and reads back.
  const text = await s.call('PUT', attended(s), legacyBody({ title: '['.repeat(20_000) }));
  assert.equal(text.status, 204, text.text.slice(0, 200));
  const atLimit = await s.call('PUT', attended(s), JSON.stringify(legacyBody({ external_reference: 'ref-2' })).replace(/^\{/, `{"x":${deep(999)},`));
  assert.equal(atLimit.status, 204, atLimit.text.slice(0, 200));
  assert.equal((await s.call('GET', attended(s))).status, 200);
  assert.equal((await s.call('GET', '/pos')).status, 200);
});

test('over a real port: oversized bodies (content-length or chunked) get their 413 and the connection stays usable', async () => {
  const sb = sandbox('bad-port');
  const srv = await listen(sb);
  try {
    const big = JSON.stringify({ site_id: 'MLA', nickname: 'x'.repeat(2 * MB) });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${srv.url}/__sandbox/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      assert.equal(res.status, 413);
      assert.equal((await res.json() as { error: string }).error, 'request_entity_too_large');
    }
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${srv.url}/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      const piece = '['.repeat(64 * 1024);
      for (let i = 0; i < 24; i++) req.write(piece);
      req.end();
    });
    assert.equal(chunked.status, 413);
    assert.equal(JSON.parse(chunked.body).errors[0].code, 'request_entity_too_large');
    const list = await fetch(`${srv.url}/__sandbox/accounts`);
    assert.equal(list.status, 200);
    assert.deepEqual(await list.json(), []);
  } finally {
    await srv.close();
  }
});

test('a payment refund with "amount": null is a 400 naming amount, not a total refund', async () => {
  const s = await setup('bad-refund');
  assert.equal((await s.call('PUT', attended(s), legacyBody())).status, 204);
  const paid = await pay(s.sandbox, { pos_id: s.pos[0].id });
  assert.equal(paid.status, 201, paid.text);
  const id = paid.body.payment_id;
  const r = await s.call('POST', `/v1/payments/${id}/refunds`, { amount: null });
  assert.equal(r.status, 400);
  assert.match(r.body.message, /^amount must be a number \(leave it out for a total refund\), got null/);
  assert.deepEqual((await s.call('GET', `/v1/payments/${id}/refunds`)).body, []);
  assert.equal((await s.call('GET', `/v1/payments/${id}`)).body.status, 'approved');
  const total = await s.call('POST', `/v1/payments/${id}/refunds`, {});
  assert.equal(total.status, 201, 'a body without amount is the total refund');
});

test('/mpmobile and /qrs apply the same amount checks: unit_price × quantity and their sum stay in the safe range', async () => {
  const s = await setup('bad-amounts');
  const item = { title: 'Oro', description: 'Oro', currency_id: 'ARS', unit_measure: 'unit' };
  const product = [{ ...item, unit_price: 1e10, quantity: 1e9 }]; // 1e19, past 2^53 minor units
  const sum = [{ ...item, unit_price: 5e13, quantity: 1 }, { ...item, unit_price: 5e13, quantity: 1 }];
  for (const items of [product, sum]) {
    const mob = await s.call('POST', mpmobile(s), { external_reference: 'ref-1', items });
    assert.equal(mob.status, 400, mob.text);
    assert.equal(mob.body.error, 'invalid_items');
    assert.match(mob.body.message, /than any amount an order can hold/);
    const q = await s.call('POST', qrs(s), legacyBody({ total_amount: 100, items }));
    assert.equal(q.status, 400, q.text);
    assert.match(q.body.message, /than any amount an order can hold/);
  }
  assert.equal((await s.call('GET', mpmobile(s))).status, 404, 'nothing was stored');
});

test('/oauth/token form fields named constructor, __proto__ or toString are fields, not "Duplicated parameter"', async () => {
  const sb = sandbox('bad-oauth');
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    const r = await request(sb, 'POST', '/oauth/token', new URLSearchParams({ grant_type: 'client_credentials', [name]: 'x' }));
    assert.equal(r.status, 400, name);
    assert.equal(r.body.message, `Unsupported parameter: ${name}.`, name);
  }
  const dup = await request(sb, 'POST', '/oauth/token', new URLSearchParams([['client_id', 'a'], ['client_id', 'b']]));
  assert.equal(dup.body.message, 'Duplicated parameter: client_id.');
});

test('a fault path like ^/(a+)+$ matches in linear time; patterns that need backtracking are a 400 naming path', { timeout: 20_000 }, async () => {
  const sb = sandbox('bad-regex');
  const add = (rule: unknown) => request(sb, 'POST', '/__sandbox/faults', rule);
  assert.equal((await add({ path: '^/(a+)+$', status: 503 })).status, 201);
  // A backtracking engine takes minutes on this path (2^40 ways to split the a's); the test's timeout guards it.
  const evil = await request(sb, 'GET', `/${'a'.repeat(40)}!`);
  assert.equal(evil.status, 404, 'not matched: the emulator answers');
  assert.equal((await request(sb, 'GET', '/aaaa')).status, 503);
  for (const path of ['^/(a)\\1$', '^/(?=a)x', '^/(?<!a)b', '^/a{1,100000}']) {
    const r = await add({ path, status: 500 });
    assert.equal(r.status, 400, path);
    assert.match(r.body.message, /^Invalid fault rule: path /, path);
    assert.equal(r.body.cause[0].data, 'path');
  }
  // The documented syntax keeps working: exact, :param, *, and regexes with classes, groups and bounds.
  await request(sb, 'DELETE', '/__sandbox/faults');
  await add({ path: '^/t/(orders|payments)/[A-Z0-9]{3,}$', status: 502 });
  await add({ path: '/x/:id/y', status: 501 });
  await add({ path: '/z/*', status: 500 });
  const status = async (p: string) => (await request(sb, 'GET', p)).status;
  assert.deepEqual(
    [await status('/t/payments/ORD123'), await status('/t/orders/ab'), await status('/x/7/y'), await status('/x/7/8/y'), await status('/z/a/b')],
    [502, 404, 501, 404, 500],
  );
});
