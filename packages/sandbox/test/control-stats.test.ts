// GET /__sandbox/stats counts what the sandbox holds: what tests use to show a refused request stored nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, sandbox, seller, stats } from './http.ts';

test('stats count accounts, catalog, orders by status and timers; a refused order changes none of them', async () => {
  const sb = sandbox('stats-1');
  const empty = await stats(sb);
  assert.deepEqual({ ...empty, now: undefined }, {
    now: undefined, accounts: 0, apps: 0, access_tokens: 0, stores: 0, pos: 0, orders: 0, orders_by_status: {}, instore_orders: 0,
    merchant_orders: 0, payments: 0, payment_refunds: 0, scans: 0, deliveries: 0, idempotency_records: 0, pending_timers: 0,
  });
  const s = await seller(sb, { pos: 1 });
  const body = {
    type: 'qr', total_amount: '50.00', external_reference: 'st', config: { qr: { external_pos_id: s.pos[0].external_id, mode: 'dynamic' } },
    transactions: { payments: [{ amount: '50.00' }] }, items: [{ title: 'I', unit_price: '50.00', quantity: 1, unit_measure: 'unit' }],
  };
  assert.equal((await s.call('POST', '/v1/orders', body, { 'x-idempotency-key': 'k1' })).status, 201);
  const after = await stats(sb);
  assert.deepEqual([after.accounts, after.apps, after.stores, after.pos, after.orders, after.orders_by_status, after.pending_timers],
    [1, 1, 1, 1, 1, { created: 1 }, 1]);
  const refused = await s.call('POST', '/v1/orders', { ...body, total_amount: '-1' }, { 'x-idempotency-key': 'k2' });
  assert.equal(refused.status, 400);
  assert.deepEqual(await stats(sb), after);
  assert.deepEqual(sb.control.stats(), after, 'the typed twin agrees');
  assert.equal((await request(sb, 'GET', '/__sandbox/stats')).headers.get('content-type'), 'application/json');
});

test('GET /__sandbox/scan shows what a scan would find without scanning: no lock, no merchant order, no notification', async () => {
  const sb = sandbox('stats-peek');
  const s = await seller(sb, { pos: 1, webhook_url: 'https://seller.example/wh' });
  const path = `/instore/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/orders`;
  assert.equal((await request(sb, 'GET', `/__sandbox/scan?pos_id=${s.pos[0].id}`)).status, 404, 'nothing on the POS yet');
  assert.equal((await s.call('PUT', path, {
    external_reference: 'peek', total_amount: 10, items: [{ title: 'I', description: 'I', unit_price: 10, quantity: 1, unit_measure: 'unit' }],
  })).status, 204);
  const before = await stats(sb);
  const seen = await request(sb, 'GET', `/__sandbox/scan?pos_id=${s.pos[0].id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.deepEqual([seen.body.kind, seen.body.model, seen.body.external_reference, seen.body.total_amount, seen.body.merchant_order_ids], ['instore', 'attended', 'peek', '10.00', []]);
  assert.deepEqual(await stats(sb), before);
  assert.equal((await request(sb, 'GET', `/__sandbox/scan?pos_id=${s.pos[0].id}&buyer_id=1`)).status, 400, 'a preview takes no buyer');
});

test('POST /__sandbox/webhooks/emit validates the event (400 naming the field) and queues nothing for a bad one', async () => {
  const sb = sandbox('emit-in');
  const s = await seller(sb, { webhook_url: 'https://seller.example/wh' });
  const good = { topic: 'order', action: 'order.processed', user_id: s.id, client_id: s.clientId, resource_id: 'ORD1' };
  for (const [over, field] of [[{ topic: 'refund' }, 'topic'], [{ action: '' }, 'action'], [{ user_id: '1' }, 'user_id'], [{ resource_id: 5 }, 'resource_id'],
    [{ live_mode: 'yes' }, 'live_mode'], [{ data: [] }, 'data'], [{ colour: 'red' }, 'colour']] as const) {
    const r = await request(sb, 'POST', '/__sandbox/webhooks/emit', { ...good, ...over });
    assert.equal(r.status, 400, JSON.stringify(over));
    assert.match(r.body.message, new RegExp(`^${field} `), JSON.stringify(over));
  }
  assert.equal((await stats(sb)).deliveries, 0);
  const ok = await request(sb, 'POST', '/__sandbox/webhooks/emit', good);
  assert.equal(ok.status, 202);
  assert.equal(ok.body.deliveries.length, 1);
});
