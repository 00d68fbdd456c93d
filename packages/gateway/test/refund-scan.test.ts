// Refunds made in Mercado Pago directly (the seller's app or panel), with no notification reaching the gateway:
// the daily scan re-fetches the charges settled in the last N days and applies what it finds through the one
// reconcile — refunded / partially_refunded, one event and one integrator outbox row each, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ChargesRepository } from '../src/repositories/charges.ts';
import { REFUND_SCAN_QUEUE, RefundScan } from '../src/services/charge-scan.ts';
import type { Db } from '../src/db/database.ts';

const DAY = 86_400_000;

async function paidCharge(gw: TestGateway, key: string, amount: string): Promise<any> {
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `scan-${amount}` }, body: JSON.stringify({ amount }),
  });
  const c = await res.json() as any;
  await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
  await gw.drain();
  assert.equal((await gw.terminal(key, 'GET', `/charges/${c.id}`)).body.status, 'approved');
  return c;
}

/**
 * A refund on Mercado Pago that bypasses the gateway: the seller's own token for the integrator's app (MP lets only
 * the app that made an order refund it), used straight through the client — as a back office or support tool would.
 */
async function refundOnMp(gw: TestGateway, sellerId: string, orderId: string, amount?: string): Promise<void> {
  const { mp } = await gw.sellers.clientFor(sellerId);
  const tx = amount ? (await mp.orders.get(orderId)).transactions.payments[0]!.id : undefined;
  await mp.orders.refund(orderId, amount ? { transactions: [{ id: tx!, amount }], site: 'MLA' } : undefined, { idempotencyKey: `back-office-${orderId}` });
}

const eventTypes = async (db: Db, chargeId: string) => (await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', chargeId).orderBy('version').execute()).map((e) => e.type);
const outboxTypes = async (db: Db, chargeId: string) => (await db.db.selectFrom('outbox').select('type').where('charge_id', '=', chargeId).orderBy('id').execute()).map((e) => e.type);

async function advance(gw: TestGateway, ms: number): Promise<void> {
  await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: `PT${ms / 1000}S` });
  gw.now.value = new Date(gw.now.value.getTime() + ms);
}

for (const target of testDatabases()) {
  test(`${target.name}: refunds made on Mercado Pago directly are found by the daily scan, once; charges older than the window are left alone`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `scan-${target.name}`);
    const t = await gw.terminalOf();
    const old = await paidCharge(gw, t.key, '10.00');
    await advance(gw, 31 * DAY);
    const full = await paidCharge(gw, t.key, '20.00');
    const part = await paidCharge(gw, t.key, '30.00');
    const kept = await paidCharge(gw, t.key, '40.00');
    // No notification reaches the gateway from here on: only the scan can find the refunds.
    await control(gw.sb, 'POST', '/__sandbox/faults', { target: 'webhook', fault: 'drop' });
    await refundOnMp(gw, t.seller.id, old.mp_order_id);
    await refundOnMp(gw, t.seller.id, full.mp_order_id);
    await refundOnMp(gw, t.seller.id, part.mp_order_id, '12.50');
    await advance(gw, 10_000); // MP completes refunds a few seconds later
    await gw.drain();
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${full.id}`)).body.status, 'approved', 'nothing told the gateway yet');

    const scan = new RefundScan({ db: db.db, repo: new ChargesRepository(db.db), charges: gw.charges, jobs: gw.jobs, now: () => gw.now.value, days: 30, pageSize: 2 });
    assert.deepEqual(await scan.runNow(), { scanned: 3, changed: 2 }, 'three charges in the window, in pages of two');
    const status = async (c: any) => (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal((await status(full)).status, 'refunded');
    assert.equal((await status(part)).status, 'partially_refunded');
    assert.equal((await status(part)).refunded_amount, '12.50');
    assert.equal((await status(kept)).status, 'approved');
    assert.equal((await status(old)).status, 'approved', 'older than the window: not re-fetched');
    assert.equal((await eventTypes(db, full.id)).filter((e) => e === 'charge.refunded').length, 1);
    assert.equal((await outboxTypes(db, full.id)).filter((e) => e === 'charge.refunded').length, 1);
    assert.equal((await eventTypes(db, part.id)).filter((e) => e === 'charge.partially_refunded').length, 1);

    // Tomorrow's scan finds nothing new; the refunded charge is no longer settled, the partial one is re-read.
    assert.deepEqual(await scan.runNow(), { scanned: 2, changed: 0 });
    assert.equal((await eventTypes(db, full.id)).filter((e) => e === 'charge.refunded').length, 1);
    assert.equal((await eventTypes(db, part.id)).filter((e) => e === 'charge.partially_refunded').length, 1);
  });

  test(`${target.name}: the scan is one daily job — scheduled once across starts, each run queues the next day's`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `scan-job-${target.name}`);
    const scan = new RefundScan({ db: db.db, repo: new ChargesRepository(db.db), charges: gw.charges, jobs: gw.jobs, now: () => gw.now.value, days: 30 });
    assert.equal(await scan.schedule(), true);
    assert.equal(await scan.schedule(), false, 'a second start (or process) finds it queued');
    assert.deepEqual(await gw.jobs.claim([REFUND_SCAN_QUEUE], 5), [], 'not due before tomorrow');
    gw.now.value = new Date(gw.now.value.getTime() + DAY);
    const [job] = await gw.jobs.claim([REFUND_SCAN_QUEUE], 5);
    assert.ok(job);
    assert.equal(await scan.schedule(), false, 'running counts as scheduled');
    await scan.handle(job.payload as null);
    await gw.jobs.complete(job);
    const queued = await db.db.selectFrom('jobs').select(['run_at', 'state']).where('queue', '=', REFUND_SCAN_QUEUE).execute();
    assert.equal(queued.length, 1);
    assert.equal(new Date(queued[0].run_at).getTime(), gw.now.value.getTime() + DAY);
  });

  test(`${target.name}: a page re-fetches its charges several at a time, each once`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `scan-parallel-${target.name}`);
    const t = await gw.terminalOf();
    const paid = [];
    for (const amount of ['11.00', '12.00', '13.00', '14.00', '15.00']) paid.push(await paidCharge(gw, t.key, amount));
    let inFlight = 0, most = 0;
    const seen: string[] = [];
    // MP's latency, which the sandbox in process does not have: each re-fetch takes 30 ms.
    const charges = { reconcile: async (id: string) => {
      most = Math.max(most, ++inFlight);
      seen.push(id);
      await new Promise((r) => setTimeout(r, 30));
      try { return await gw.charges.reconcile(id); } finally { inFlight--; }
    } } as unknown as typeof gw.charges;
    const scan = new RefundScan({ db: db.db, repo: new ChargesRepository(db.db), charges, jobs: gw.jobs, now: () => gw.now.value, days: 30, pageSize: 4, concurrency: 3 });
    assert.deepEqual(await scan.runNow(), { scanned: 5, changed: 0 });
    assert.equal(most, 3, 'three at a time, as configured');
    assert.deepEqual(seen.sort(), paid.map((c) => c.id).sort(), 'every charge once');
  });
}
