// Notifications are doorbells: a signed delivery rings the reconcile of its resource, duplicates and replays ring
// nothing new, a forged signature is refused with nothing stored, an unsigned delivery or IPN is still a doorbell,
// and when no notification ever comes the poller gets the charge to its true state anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signWebhook } from '@cobro/client';
import { GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

async function charge(gw: TestGateway, key: string, amount = '25.00') {
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}` }, body: JSON.stringify({ amount }),
  });
  return await res.json() as any;
}

const status = async (gw: TestGateway, key: string, id: string) => (await gw.terminal(key, 'GET', `/charges/${id}`)).body.status;

function deliver(gw: TestGateway, query: string, body: unknown, headers: Record<string, string> = {}) {
  return gw.app.request(`${GATEWAY}/webhooks/mercadopago${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

for (const target of testDatabases()) {
  test(`${target.name}: the buyer pays, MP's signed webhook rings, the job re-fetches: approved without polling`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `wh-1-${target.name}`);
    const t = await gw.terminalOf();
    const c = await charge(gw, t.key);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    assert.ok(await gw.drain() >= 1);
    assert.equal(await status(gw, t.key, c.id), 'approved');
    const inbox = await db.db.selectFrom('webhook_inbox').selectAll().execute();
    assert.ok(inbox.some((r) => r.topic === 'order' && r.signature === 'verified' && r.processed_at !== null), JSON.stringify(inbox));
  });

  test(`${target.name}: duplicates and replays are stored once; forged signatures are refused; unsigned ones ring too`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `wh-2-${target.name}`);
    const t = await gw.terminalOf();
    const c = await charge(gw, t.key);
    await gw.drain();
    const body = { type: 'order', action: 'order.processed', data: { id: c.mp_order_id }, user_id: String(t.shop.user_id) };
    const query = `?data.id=${c.mp_order_id}&type=order`;
    const ts = Math.floor(gw.now.value.getTime() / 1000);
    const signed = signWebhook({ secret: gw.integrator.webhook_secret, dataId: c.mp_order_id, requestId: 'req-replayed-1', ts });
    const first = await deliver(gw, query, body, signed);
    assert.equal(first.status, 200);
    assert.equal((await first.json()).duplicate, false);
    const replay = await deliver(gw, query, body, signed);
    assert.equal((await replay.json()).duplicate, true);
    const forged = await deliver(gw, query, body, { 'x-signature': `ts=${ts},v1=${'0'.repeat(64)}`, 'x-request-id': 'req-forged' });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).error.code, 'invalid_signature');
    const rows = await db.db.selectFrom('webhook_inbox').select(['dedupe_key', 'signature']).execute();
    assert.equal(rows.filter((r) => r.dedupe_key.includes('req-forged')).length, 0, 'a forged delivery stores nothing');
    assert.equal(rows.filter((r) => r.dedupe_key === 'rid:req-replayed-1').length, 1);
    // An unsigned webhook and an IPN are doorbells: nothing in them is believed, the re-fetch decides.
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await control(gw.sb, 'POST', '/__sandbox/webhooks/idle');
    const queued = await db.db.selectFrom('jobs').select('dedupe_key').where('state', '=', 'queued').execute();
    assert.ok(queued.some((j) => j.dedupe_key === `order:${c.mp_order_id}`));
    assert.equal(new Set(queued.map((j) => j.dedupe_key)).size, queued.length, 'deliveries for one resource coalesce into one queued job');
    const unsigned = await deliver(gw, query, { ...body, data: { id: c.mp_order_id, status: 'canceled' } });
    assert.equal(unsigned.status, 200);
    const ipn = await gw.app.request(`${GATEWAY}/webhooks/mercadopago?topic=payment&id=123`, { method: 'POST' });
    assert.equal(ipn.status, 200);
    await gw.drain();
    assert.equal(await status(gw, t.key, c.id), 'approved', 'the body said canceled; MP says processed');
    assert.equal((await deliver(gw, '', 'not json')).status, 400);
  });

  test(`${target.name}: with no notification at all (test credentials send none), polling approves and expires`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `wh-3-${target.name}`);
    await control(gw.sb, 'POST', '/__sandbox/faults', { target: 'webhook', fault: 'drop' });
    const t = await gw.terminalOf();
    const paid = await charge(gw, t.key, '30.00');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: paid.qr_data, card: 'APRO' });
    await gw.drain();
    assert.equal(await status(gw, t.key, paid.id), 'pending', 'nothing rang');
    gw.now.value = new Date(gw.now.value.getTime() + 6000);
    assert.equal(await gw.charges.pollDue(), 1);
    assert.equal(await status(gw, t.key, paid.id), 'approved');
    const lapsed = await charge(gw, t.key, '31.00');
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT16M' });
    gw.now.value = new Date(gw.now.value.getTime() + 16 * 60_000);
    await gw.charges.pollDue();
    assert.equal(await status(gw, t.key, lapsed.id), 'expired');
    assert.equal(await gw.charges.pollDue(), 0, 'final charges are not polled');
  });

  test(`${target.name}: a seller who unlinks the app on Mercado Pago is disconnected once the mp-connect doorbell is checked`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `wh-4-${target.name}`);
    const t = await gw.terminalOf();
    await control(gw.sb, 'POST', `/__sandbox/accounts/${t.shop.user_id}/revoke`, { client_id: gw.integrator.client_id });
    await gw.drain();
    assert.equal((await gw.sellers.get(t.seller.id)).status, 'disconnected');
    const res = await gw.app.request(`${GATEWAY}/api/charges`, {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': 'after-unlink' }, body: '{"amount":"1.00"}',
    });
    assert.equal(res.status, 409);
    assert.match((await res.json()).error.message, /connect again/);
    // A forged "deauthorized" for a seller still linked disconnects nobody: the gateway asks MP.
    const other = await gw.terminalOf();
    const body = { type: 'mp-connect', action: 'application.deauthorized', data: { id: String(other.shop.user_id) }, user_id: other.shop.user_id };
    assert.equal((await deliver(gw, `?data.id=${other.shop.user_id}&type=mp-connect`, body)).status, 200);
    await gw.drain();
    assert.equal((await gw.sellers.get(other.seller.id)).status, 'connected');
  });
}
