// Deliveries out of order: Mercado Pago's "paid" notification is held back until after the refund's (the
// sandbox's reorder fault), then arrives late. The job re-fetches, so the late doorbell cannot take the charge
// back to approved: it ends partially refunded, and its events only ever went forward.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, control, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

const RANK: Record<string, number> = { 'charge.created': 0, 'charge.pending': 1, 'charge.approved': 2, 'charge.partially_refunded': 3, 'charge.refunded': 4 };

for (const target of testDatabases()) {
  test(`${target.name}: a paid notification held back past the refund's arrives late and changes nothing`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `reorder-${target.name}`);
    const t = await gw.terminalOf();
    const post = (path: string, body: unknown, key: string) => Promise.resolve(gw.app.request(`${GATEWAY}/api${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body),
    })).then(async (r) => ({ status: r.status, body: await r.json() as any }));
    const c = (await post('/charges', { amount: '80.00' }, 'reorder-1')).body;
    const made = await control(gw.sb, 'POST', '/__sandbox/faults', { target: 'webhook', fault: 'reorder', topic: 'order', times: 1 });
    const rule = gw.sb.state.faults.webhook.find((r) => r.id === made.id)!;
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.charges.reconcile(c.id); // the poller sees the payment first
    const refund = await post(`/charges/${c.id}/refunds`, { amount: '30.00' }, 'refund-1');
    assert.equal(refund.status, 202, JSON.stringify(refund.body));
    // MP settles an Orders refund a few seconds later; its notification releases the held one.
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT10S' });
    await gw.drain(); // the refund's delivery, then the held "paid" one
    assert.equal(rule.hits, 1, 'the paid notification was held back');
    const after = (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal(after.status, 'partially_refunded');
    assert.equal(after.refunded_amount, '30.00');
    await gw.drain();
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.version, after.version, 'nothing more rang a change');
    const types = (await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', c.id).orderBy('version').execute()).map((e) => e.type);
    const ranks = types.filter((x) => x in RANK).map((x) => RANK[x]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `events only go forward: ${types.join(', ')}`);
    const inbox = await db.db.selectFrom('webhook_inbox').select(['topic', 'processed_at']).where('topic', '=', 'order').execute();
    assert.ok(inbox.length >= 2 && inbox.every((r) => r.processed_at !== null), 'both deliveries were received and rang');
  });
}
