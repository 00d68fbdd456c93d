// A refund asked through the gateway is watched by polling for a day, then left to the daily refund scan: an
// approved charge whose refund MP never completes is not re-fetched forever (it was, every 5 minutes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGateway } from './gateway-helpers.ts';
import { paidCharge, post } from './sale-helpers.ts';
import { testDatabases } from './db-helpers.ts';

const HOUR = 3600_000;

for (const target of testDatabases()) {
  test(`${target.name}: a refund that never completes is polled for a day, then no more`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `refund-watch-${target.name}`, { sandbox: { refundCompletionMs: 30 * 24 * HOUR } });
    const t = await gw.terminalOf();
    const c = await paidCharge(gw, t.key, '40.00');
    assert.equal(await gw.charges.pollDue(), 0, 'an approved charge is not polled');
    const r = await post(gw, t.key, `/charges/${c.id}/refunds`, { amount: '10.00' }, 'refund-w');
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const at = (ms: number) => { gw.now.value = new Date(gw.now.value.getTime() + ms); };
    at(6000);
    assert.equal(await gw.charges.pollDue(), 1, 'looked at again soon after the refund');
    at(60_000);
    assert.equal(await gw.charges.pollDue(), 1, 'and again while the refund may be completing');
    at(25 * HOUR);
    assert.equal(await gw.charges.pollDue(), 1, 'one last look after the watch ended');
    at(HOUR);
    assert.equal(await gw.charges.pollDue(), 0, 'then the daily refund scan takes over');
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'approved');
  });
}
