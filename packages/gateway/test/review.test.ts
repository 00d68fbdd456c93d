// The amount, currency, reference and POS must match before a charge is approved. Here Mercado Pago's order is
// made to say another amount (as a tampered or mixed-up order would): the charge is flagged for review, stays
// pending, and no approval event or outbox row goes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

for (const target of testDatabases()) {
  test(`${target.name}: an order paid for another amount is flagged for review, never approved`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `review-${target.name}`);
    const t = await gw.terminalOf();
    const res = await gw.app.request('http://gateway.test/api/charges', {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': 'mismatch-1' }, body: JSON.stringify({ amount: '100.00' }),
    });
    const c = await res.json() as any;
    const order = gw.sb.state.orders.get(c.mp_order_id) as any;
    // The sandbox keeps amounts in minor units: MP's order now says 1.00 where the charge asked 100.00.
    order.total_amount = 100;
    order.payments[0].amount = 100;
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    assert.equal(gw.sb.state.orders.get(c.mp_order_id)!.status, 'processed');
    await gw.charges.reconcile(c.id);
    const got = (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal(got.status, 'pending');
    assert.match(got.review_reason, /does not match the charge: total 1\.00/);
    const types = (await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', c.id).execute()).map((e) => e.type);
    assert.ok(types.includes('charge.review'));
    assert.ok(!types.includes('charge.approved'));
    // A second look flags nothing new.
    await gw.charges.reconcile(c.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.version, got.version);
  });
}
