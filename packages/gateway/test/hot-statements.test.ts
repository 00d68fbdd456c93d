// The statements every create sends are compiled once and, on PostgreSQL, prepared once per connection
// (src/db/statements.ts). A migration that changes a table under a running gateway (a newer process adding a column
// to `charges`) makes PostgreSQL refuse those prepared plans: the creates that follow must still answer 201 with
// their QR, each with its events and outbox rows written once, and a retry must still find its charge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { openDatabase } from '../src/db/database.ts';
import { Statement, replanned } from '../src/db/statements.ts';

const targets = testDatabases();

for (const target of targets) {
  test(`${target.name}: creates work the same before and after a migration changes the charges table under the prepared statements`, async () => {
    const db = await target.open();
    // With an integrator, the charge's write and its delivery job share a transaction: the harder case to retry.
    const gw = await testGateway(db, `hot-${target.name}`, { integrator: { url: 'http://integrator.test/events', secret: 'integrator-secret-0123456789', fetch: async () => new Response('ok') } });
    const t = await gw.terminalOf();
    const create = async (key: string, amount: string) => {
      const res = await gw.app.request('http://gateway.test/api/charges', {
        method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ amount }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const first = await create('sale-1', '10.00');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    if (target.name === 'postgres') {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'cobro_%'`.execute(db.db);
      assert.ok(rows[0].n >= 3, `the device key read, the insert and the update are prepared (${rows[0].n})`);
    }
    await sql`alter table charges add column hot_test_note text`.execute(db.db);
    try {
      for (const [key, amount] of [['sale-2', '20.00'], ['sale-3', '30.00']]) {
        const res = await create(key, amount);
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.status, 'pending');
        assert.ok(res.body.qr_data);
        const again = await create(key, amount);
        assert.deepEqual([again.status, again.body.id], [200, res.body.id], 'a retry with the same key finds the same charge');
        const { rows } = await sql<{ events: number; outbox: number }>`select (select count(*)::int from charge_events where charge_id = ${res.body.id}) as events,
          (select count(*)::int from outbox where charge_id = ${res.body.id}) as outbox`.execute(db.db);
        assert.deepEqual(rows[0], { events: 2, outbox: 2 }, 'created and pending, each written once');
      }
    } finally {
      await sql`alter table charges drop column hot_test_note`.execute(db.db);
    }
  });
}

const postgres = targets.find((t) => t.name === 'postgres');
if (postgres) {
  test('postgres: a prepared statement the server no longer holds (a pooler moved the session) is sent again unnamed, alone or in a transaction', async () => {
    const shared = await postgres.open();
    const { rows: [{ schema }] } = await sql<{ schema: string }>`select current_schema() as schema`.execute(shared.db);
    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema, poolSize: 1 }); // one connection: the one that prepared it
    try {
      const count = new Statement(['posId'], (k, { posId }: { posId: string }) => k.selectFrom('charges').select((eb) => eb.fn.countAll<number>().as('n')).where('pos_id', '=', posId));
      assert.equal(Number((await count.execute(db.db, { posId: 'pos_none' })).rows[0].n), 0);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'cobro_%'`.execute(db.db);
      assert.equal(rows[0].n, 1, 'prepared on its connection');
      await sql`deallocate all`.execute(db.db);
      assert.equal(Number((await count.execute(db.db, { posId: 'pos_none' })).rows[0].n), 0, 'alone: sent again unnamed');
      const inTx = new Statement(['posId'], (k, { posId }: { posId: string }) => k.selectFrom('charges').select('id').where('pos_id', '=', posId));
      await inTx.execute(db.db, { posId: 'pos_none' });
      await sql`deallocate all`.execute(db.db);
      let runs = 0;
      const got = await replanned(() => db.db.transaction().execute(async (tx) => { runs++; return (await inTx.execute(tx, { posId: 'pos_none' })).rows; }));
      assert.deepEqual([got, runs], [[], 2], 'in a transaction: refused, rolled back, run again unnamed');
    } finally {
      await db.close();
    }
  });
}
