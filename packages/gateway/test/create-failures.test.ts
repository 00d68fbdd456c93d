// A create whose answer Mercado Pago does not give: 429 on every attempt, or a timeout after MP committed the
// order. The charge is `unknown` (never a QR, never paid), and the recovery job settles it to MP's one order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

async function charge(gw: TestGateway, key: string, amount: string) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `sale-${amount}` }, body: JSON.stringify({ amount }),
  });
  return { status: res.status, body: await res.json() as any };
}

const ordersFor = (gw: TestGateway, id: string) => [...gw.sb.state.orders.values()].filter((o: any) => o.external_reference === id).length;

for (const target of testDatabases()) {
  test(`${target.name}: MP answers 429 to every attempt — unknown, then the recovery makes the one order`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `fail-429-${target.name}`);
    const t = await gw.terminalOf();
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: '/v1/orders', status: 429, times: 3 });
    const r = await charge(gw, t.key, '30.00');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'unknown');
    assert.equal(r.body.qr_data, null);
    assert.equal(ordersFor(gw, r.body.id), 0, 'a 429 made nothing');
    await gw.charges.recover(r.body.id);
    const after = (await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body;
    assert.equal(after.status, 'pending');
    assert.equal(ordersFor(gw, r.body.id), 1);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: after.qr_data, card: 'APRO' });
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.status, 'approved');
  });

  test(`${target.name}: MP commits the order and never answers (timeouts) — unknown, then recovered to that same order`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `fail-timeout-${target.name}`, { mpTimeoutMs: 200 });
    const t = await gw.terminalOf();
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: '/v1/orders', fault: 'commit_then_hang', times: 3 });
    const r = await charge(gw, t.key, '31.00');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'unknown');
    assert.equal(ordersFor(gw, r.body.id), 1, 'MP made the order');
    await gw.charges.recover(r.body.id);
    const after = (await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body;
    assert.equal(after.status, 'pending');
    assert.equal(ordersFor(gw, r.body.id), 1, 'the same key found the same order');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: after.qr_data, card: 'APRO' });
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.status, 'approved');
  });
}
