// kill -9 at the two worst moments, then a restart on the same data folder (and database):
// (a) the webhook was accepted (inbox row and reconcile job committed, MP answered 200) but the reconcile had not
//     applied (its GET of the order was hanging at MP) → after restart the charge is approved exactly once, one
//     approval event, one event for the integrator, one MP order;
// (b) MP committed the order but its answer never reached the gateway → after restart the terminal re-attaches
//     with its Idempotency-Key, the charge is recovered to that one MP order, and paying it approves it.
// Fault rules live in the sandbox's persisted state: each is spent or removed (and journaled) before the kill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { adminKey, crashSession, json, kill, sandbox, terminal, until } from './crash-helpers.ts';

const targets = [{ name: 'pglite', url: undefined as string | undefined }];
if (process.env.DATABASE_URL) targets.push({ name: 'postgres', url: process.env.DATABASE_URL });

/** The sandbox journals every 200 ms and fsyncs within 500 ms: wait past that so MP keeps what it did. */
const JOURNALED_MS = 800;

for (const target of targets) {
  test(`${target.name}: kill -9 after the webhook is in the inbox and before the reconcile applies; approved once after restart`, { timeout: 60_000 }, async () => {
    await crashSession(target.url, 'a', async ({ dataDir, integrator, start }) => {
      const first = await start();
      const key = first.pos.device_key!;
      const created = await terminal(first, key, 'POST', '/charges', { amount: '42.00' }, { 'idempotency-key': 'crash-a' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const c = created.body;
      assert.equal(c.status, 'pending');
      // Every GET of this order hangs at MP: the reconcile the webhook rings stays in flight.
      const fault = await sandbox(first, 'POST', '/faults', { method: 'GET', path: `/v1/orders/${c.mp_order_id}`, fault: 'hang' });
      assert.equal(fault.status, 201, JSON.stringify(fault.body));
      const paid = await sandbox(first, 'POST', '/pay', { qr_data: c.qr_data, card: 'APRO' });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      // MP got its 200 (so the inbox row and the job committed), and then the job's GET reached MP and hangs.
      await until('the order webhook delivered', async () => (await sandbox(first, 'GET', `/webhooks?topic=order&resource_id=${c.mp_order_id}&status=delivered`)).body.results.length > 0);
      await until('the reconcile GET to reach MP', async () => (await sandbox(first, 'GET', '/faults')).body.results.find((r: any) => r.id === fault.body.id)?.hits >= 1);
      // The rule goes (the hanging GET stays hung), journaled before the kill, so the restart does not inherit it.
      await sandbox(first, 'DELETE', '/faults');
      await sleep(JOURNALED_MS);
      assert.equal((await terminal(first, key, 'GET', `/charges/${c.id}`)).body.status, 'pending', 'the reconcile has not applied');
      await kill(first, 'SIGKILL');

      const second = await start();
      assert.deepEqual((await sandbox(second, 'GET', '/faults')).body.results, [], 'no fault rule survived the restart');
      const after = await until('the charge approved after the restart', async () => {
        const r = await terminal(second, key, 'GET', `/charges/${c.id}`);
        return r.body.status === 'approved' && r.body;
      });
      assert.equal(after.mp_order_id, c.mp_order_id);
      const events = (await terminal(second, key, 'GET', `/charges/${c.id}/events?wait=0`)).body.events as { type: string }[];
      assert.equal(events.filter((e) => e.type === 'charge.approved').length, 1, JSON.stringify(events));
      assert.equal((await sandbox(second, 'GET', '/stats')).body.orders, 1, 'Mercado Pago holds one order');
      const outbox = await json('GET', `${second.url}/admin/api/outbox?charge_id=${c.id}`, undefined, { authorization: `Bearer ${adminKey(dataDir)}` });
      assert.equal(outbox.body.results.filter((r: any) => r.type === 'charge.approved').length, 1, 'one outbox event');
      await until('the approval delivered to the integrator', async () => integrator.events.some((e) => e.type === 'charge.approved'));
      await sleep(500);
      assert.equal(integrator.events.filter((e) => e.type === 'charge.approved').length, 1, JSON.stringify(integrator.events));
      await kill(second, 'SIGTERM');
      if (target.name === 'pglite') {
        // One process per folder: the dead process's lease was released at start, so the webhook's own job ran
        // (its inbox row is processed) instead of waiting a minute for the lease to lapse.
        const db = await openDatabase({ dataDir: join(dataDir, 'pglite') });
        try {
          const inbox = await db.db.selectFrom('webhook_inbox').select(['topic', 'processed_at']).where('resource_id', '=', c.mp_order_id).execute();
          assert.ok(inbox.length > 0 && inbox.every((r) => r.processed_at !== null), JSON.stringify(inbox));
          assert.deepEqual(await db.db.selectFrom('jobs').select(['queue', 'state']).where('state', '=', 'running').execute(), []);
        } finally {
          await db.close();
        }
      }
    });
  });

  test(`${target.name}: kill -9 after MP committed the create and before the gateway stored the answer; recovered to the one order`, { timeout: 60_000 }, async () => {
    await crashSession(target.url, 'b', async ({ start }) => {
      const first = await start();
      const key = first.pos.device_key!;
      const fault = await sandbox(first, 'POST', '/faults', { method: 'POST', path: '/v1/orders', fault: 'commit_then_hang', once: true });
      assert.equal(fault.status, 201, JSON.stringify(fault.body));
      const sale = { amount: '77.70' };
      // The terminal's request never gets an answer: the gateway is still waiting for MP's when it dies.
      const lost = terminal(first, key, 'POST', '/charges', sale, { 'idempotency-key': 'crash-b' }).then(() => 'answered', () => 'dropped');
      await until('MP to hold the order', async () => (await sandbox(first, 'GET', '/stats')).body.orders === 1);
      await sleep(JOURNALED_MS);
      assert.deepEqual((await sandbox(first, 'GET', '/faults')).body.results, [], 'the once rule is spent');
      await kill(first, 'SIGKILL');
      assert.equal(await lost, 'dropped');

      const second = await start();
      assert.deepEqual((await sandbox(second, 'GET', '/faults')).body.results, []);
      // The terminal re-attaches with the same Idempotency-Key: the same charge, never shown as paid.
      const again = await terminal(second, key, 'POST', '/charges', sale, { 'idempotency-key': 'crash-b' });
      assert.ok(again.status === 200 || again.status === 201, JSON.stringify(again.body));
      assert.ok(['unknown', 'pending'].includes(again.body.status), again.body.status);
      const recovered = await until('the charge recovered to its MP order', async () => {
        const r = await terminal(second, key, 'GET', `/charges/${again.body.id}`);
        return r.body.status === 'pending' && r.body.mp_order_id && r.body;
      });
      assert.equal((await sandbox(second, 'GET', '/stats')).body.orders, 1, 'the recovery found the order MP made; it made no second one');
      const paid = await sandbox(second, 'POST', '/pay', { qr_data: recovered.qr_data, card: 'APRO' });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal(paid.body.order_id, recovered.mp_order_id);
      await until('approved', async () => (await terminal(second, key, 'GET', `/charges/${again.body.id}`)).body.status === 'approved');
      const events = (await terminal(second, key, 'GET', `/charges/${again.body.id}/events?wait=0`)).body.events as { type: string }[];
      assert.equal(events.filter((e) => e.type === 'charge.approved').length, 1, JSON.stringify(events));
      assert.equal((await sandbox(second, 'GET', '/stats')).body.orders, 1);
    });
  });
}
