import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buyer, newSeller, pay, sandbox, scan, scanPos, type Seller } from './legacy-helpers.ts';
import { advance, createAccount, stats } from './http.ts';

const path = (s: Seller) => `/mpmobile/instore/qr/${s.id}/${s.posExternalId}`;

function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    external_reference: 'Factura-0001',
    notification_url: 'https://www.yourserver.com/notifications',
    items: [
      { id: 'sku1', title: 'Pizza', currency_id: 'ARS', unit_price: 100, quantity: 1, description: 'Muzzarella', picture_url: 'https://x/p.png' },
      { title: 'Gaseosa', currency_id: 'ARS', unit_price: 10, quantity: 2, description: 'Cola' },
    ],
    ...over,
  };
}

test('POST → 200 preference-like object; GET returns it; DELETE removes it', async () => {
  const sb = sandbox('mpm-1');
  const s = await newSeller(sb);
  const r = await s.call('POST', path(s), body());
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.id, new RegExp(`^${s.id}-[0-9a-f]{8}-[0-9a-f]{4}-4`));
  assert.equal(r.body.collector_id, s.id);
  assert.equal(r.body.total_amount, 120);
  assert.equal(r.body.amount, 120);
  assert.equal(r.body.external_reference, 'Factura-0001');
  assert.equal(r.body.operation_type, 'regular_payment');
  assert.equal(r.body.site_id, 'mla');
  assert.equal(r.body.items.length, 2);
  assert.equal(r.body.items[1].unit_price, 10);
  const get = await s.call('GET', path(s));
  assert.equal(get.status, 200);
  assert.equal(get.body.id, r.body.id);
  assert.equal((await scanPos(sb, s))!.in_store_order_id, r.body.id, 'the static QR shows it');
  assert.equal((await s.call('DELETE', path(s))).status, 204);
  const gone = await s.call('GET', path(s));
  assert.equal(gone.status, 404);
  assert.equal(await scanPos(sb, s), undefined);
});

test('default lifetime is 10 minutes; X-Ttl-Store-Preference sets it in seconds', async () => {
  const sb = sandbox('mpm-2');
  const s = await newSeller(sb);
  await s.call('POST', path(s), body());
  await advance(sb, 599_000);
  assert.equal((await s.call('GET', path(s))).status, 200);
  await advance(sb, 1_000);
  assert.equal((await s.call('GET', path(s))).status, 404);

  await s.call('POST', path(s), body(), { 'x-ttl-store-preference': '30' });
  await advance(sb, 29_000);
  assert.ok(await scanPos(sb, s));
  await advance(sb, 1_000);
  assert.equal(await scanPos(sb, s), undefined);

  const badTtl = await s.call('POST', path(s), body(), { 'x-ttl-store-preference': 'ten' });
  assert.equal(badTtl.status, 400);
});

test('body errors: malformed → invalid_preference_body with causes; items and sponsor rules', async () => {
  const sb = sandbox('mpm-3');
  const s = await newSeller(sb);
  const malformed = await s.call('POST', path(s), '{"items": [');
  assert.equal(malformed.status, 400);
  assert.deepEqual(malformed.body, { error: 'invalid_preference_body', message: 'Invalid preference_body', status: 400, causes: [] });
  assert.equal((await s.call('POST', path(s), '[1]')).body.error, 'invalid_preference_body');
  const cases: [Record<string, unknown>, string, RegExp?][] = [
    [{ external_reference: undefined }, 'invalid_external_reference'],
    [{ external_reference: 'x'.repeat(257) }, 'invalid_external_reference'],
    [{ items: [{ title: 'A', currency_id: 'ARS', unit_price: 1.234, quantity: 1, description: 'a' }] }, 'invalid_items', /unit_price invalid/],
    [{ items: [{ title: 'A', currency_id: 'BRL', unit_price: 1, quantity: 1, description: 'a' }] }, 'invalid_items', /currency_id/],
    [{ items: [{ title: 'A', unit_price: 1, quantity: 1, description: 'a' }] }, 'invalid_items', /currency_id/],
    [{ items: [{ title: 'A', currency_id: 'ARS', unit_price: 1, quantity: 1.5, description: 'a' }] }, 'invalid_items', /quantity/],
    [{ items: [{ currency_id: 'ARS', unit_price: 1, quantity: 1, description: 'a' }] }, 'invalid_items', /title/],
    [{ items: [] }, 'invalid_items'],
    [{ sponsor_id: 123 }, 'invalid_sponsor_id', /sponsor_id is not an active user\./],
    [{ sponsor_id: 'abc' }, 'invalid_sponsor_id'],
  ];
  for (const [over, key, msg] of cases) {
    const r = await s.call('POST', path(s), body(over));
    assert.equal(r.status, 400, JSON.stringify(over));
    assert.equal(r.body.error, key, JSON.stringify(over));
    if (msg) assert.match(r.body.message, msg);
  }
  assert.equal((await stats(sb)).instore_orders, 0);
  const sponsor = { id: (await createAccount(sb)).user_id };
  const asString = await s.call('POST', path(s), body({ sponsor_id: String(sponsor.id) }));
  assert.equal(asString.status, 200);
  assert.equal(asString.body.sponsor_id, sponsor.id);
  assert.equal((await s.call('POST', path(s), body({ sponsor_id: sponsor.id }))).body.sponsor_id, sponsor.id);
});

test('user_id must be the token owner; the POS must exist', async () => {
  const sb = sandbox('mpm-4');
  const s = await newSeller(sb);
  const other = await newSeller(sb);
  assert.equal((await s.call('POST', `/mpmobile/instore/qr/abc/${s.posExternalId}`, body())).body.error, 'invalid_collector_id');
  assert.equal((await s.call('POST', path(other), body())).status, 401);
  assert.equal((await s.call('POST', `/mpmobile/instore/qr/${s.id}/NOPE`, body())).status, 404);
  assert.equal((await stats(sb)).instore_orders, 0);
});

test('an mpmobile order is paid like any static order', async () => {
  const sb = sandbox('mpm-5');
  const s = await newSeller(sb);
  const b = await buyer(sb);
  const r = await s.call('POST', path(s), body());
  const sc = await scan(sb, (await scanPos(sb, s))!, b.id);
  const moId = sc.merchant_order_id;
  const res = (await pay(sb, sc)).body;
  assert.equal(res.status, 'closed');
  assert.equal((await s.call('GET', `/v1/payments/${res.payment_id}`)).body.transaction_amount, 120);
  const mo = await s.call('GET', `/merchant_orders/${moId}`);
  assert.equal(mo.body.preference_id, r.body.id);
  assert.equal((await s.call('GET', path(s))).status, 404);
});
