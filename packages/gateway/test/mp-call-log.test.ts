// The log of calls to Mercado Pago: a charge's calls are tagged with it (create, reads, the retried attempts of
// a failed create), a poller's same successful read is logged once a minute rather than every few seconds, a
// failure says what failed, and no row holds a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { MpCallsRepository } from '../src/repositories/mp-calls.ts';

async function charge(gw: TestGateway, key: string, amount: string) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `sale-${amount}` }, body: JSON.stringify({ amount }),
  });
  return (await res.json()) as any;
}

for (const target of testDatabases()) {
  test(`${target.name}: a charge's calls to MP are logged with it; repeated reads once a minute; failures say why; no token`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `calls-${target.name}`);
    const repo = new MpCallsRepository(db.db);
    const t = await gw.terminalOf();
    const c = await charge(gw, t.key, '50.00');
    for (let i = 0; i < 3; i++) await gw.charges.reconcile(c.id); // the poller, three times within seconds
    gw.now.value = new Date(gw.now.value.getTime() + 61_000);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.charges.reconcile(c.id);
    await gw.callLog.flush();
    const calls = await repo.forCharge(c.id);
    const seen = calls.map((r) => `${r.method} ${r.path} ${r.status}`);
    // Created; read (and its rejected attempts looked up, while pending) once in the first minute; read again after it.
    assert.deepEqual(seen, ['POST /v1/orders 201', `GET /v1/orders/${c.mp_order_id} 200`, 'GET /v1/payments/search 200', `GET /v1/orders/${c.mp_order_id} 200`], seen.join('\n'));
    assert.ok(calls.every((r) => r.seller_id === t.seller.id && r.mp_request_id && r.error === null && r.duration_ms >= 0));

    // A create that MP answers 500 then 201: both attempts, the failure with its reason.
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: '/v1/orders', status: 500, times: 1 });
    const d = await charge(gw, t.key, '51.00');
    await gw.callLog.flush();
    const retried = await repo.forCharge(d.id);
    assert.deepEqual(retried.map((r) => [r.status, r.attempt]), [[500, 0], [201, 1]]);
    assert.match(retried[0]!.error!, /500|server/i);

    // Nothing in the log is a token.
    const rows = await db.db.selectFrom('mp_calls').selectAll().execute();
    // The seller's connection and catalog (OAuth, stores, POS: writes) are logged without a charge.
    assert.ok(rows.some((r) => r.charge_id === null && r.method === 'POST' && r.path === '/oauth/token'));
    const all = JSON.stringify(rows);
    assert.ok(!all.includes(t.shop.access_token), 'no seller token in the log');
    assert.doesNotMatch(all, /(APP_USR|TEST)-\d+-/);
    // Pruning by age.
    assert.equal(await repo.prune(new Date(gw.now.value.getTime() + 1000)), rows.length);
    assert.equal((await repo.forCharge(c.id)).length, 0);
  });
}
