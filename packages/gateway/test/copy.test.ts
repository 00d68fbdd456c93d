// From one process on PGlite to N on PostgreSQL: a gateway's data folder copied into an empty PostgreSQL database
// holds every row as it was (compared row by row, as JSON text), and a gateway started on that database with the
// same data folder serves the same seller, device key and charges, and goes on making charges (its sequences
// continue after the copied ids). The copy refuses a folder in use and a database that already holds data.
// PostgreSQL only: it runs when DATABASE_URL is set (as .ci/run sets it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { startGateway, type RunningGateway } from '../src/main.ts';
import { createLogger } from '../src/log.ts';
import { copyPgliteToPostgres, CopyRefusedError } from '../src/db/copy.ts';
import { openDatabase, type Db } from '../src/db/database.ts';
import { crashTarget } from './crash-helpers.ts';

const quiet = () => createLogger('warn', new Writable({ write(_c, _e, cb) { cb(); } }) as never);
const DATABASE_URL = process.env.DATABASE_URL;

async function charge(gw: RunningGateway, key: string, idem: string, amount: string) {
  const res = await fetch(`${gw.url}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify({ amount }),
  });
  const body = await res.json() as any;
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

const get = (gw: RunningGateway, key: string, id: string) => fetch(`${gw.url}/api/charges/${id}`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as Promise<any>;

/** Every row of every table but the derived counts, as sorted JSON texts, timestamps in UTC. */
async function dump(db: Db): Promise<Record<string, string[]>> {
  return db.db.transaction().execute(async (tx) => {
    await sql`set local time zone 'UTC'`.execute(tx);
    const { rows: tables } = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()
      and tablename not in ('cobro_migrations', 'charge_status_counts', 'charge_status_deltas') order by 1`.execute(tx);
    const out: Record<string, string[]> = {};
    for (const { t } of tables) {
      const { rows } = await sql<{ r: string }>`select row_to_json(x)::text as r from ${sql.table(t)} x`.execute(tx);
      out[t] = rows.map((r) => r.r).sort();
    }
    return out;
  });
}

test('postgres: a PGlite data folder copied into PostgreSQL serves the same sellers, keys and charges, and goes on', { skip: !DATABASE_URL && 'needs DATABASE_URL' }, async () => {
  const target = await crashTarget(DATABASE_URL, 'copy');
  const dataDir = target.dataDir;
  try {
    const first = await startGateway({ env: {}, port: 0, dataDir, logger: quiet() });
    const key = first.demo!.pos.device_key!;
    let paid: any, pending: any;
    try {
      paid = await charge(first, key, 'sale-1', '150.50');
      await fetch(`${first.sandboxUrl}/__sandbox/pay`, { method: 'POST', body: JSON.stringify({ qr_data: paid.qr_data, card: 'APRO' }) });
      const watched = await fetch(`${first.url}/api/charges/${paid.id}/events?wait=20&after=2`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as any;
      assert.equal(watched.charge.status, 'approved');
      pending = await charge(first, key, 'sale-2', '20.00');
      await assert.rejects(copyPgliteToPostgres({ dataDir, databaseUrl: target.env.DATABASE_URL! }), /in use by process/, 'not while a gateway runs on the folder');
    } finally {
      await first.close();
    }

    const copied = await copyPgliteToPostgres({ dataDir, databaseUrl: target.env.DATABASE_URL! });
    const rows = Object.fromEntries(copied.tables.map((t) => [t.name, t.rows]));
    assert.equal(rows.charges, 2);
    assert.equal(rows.sellers, 1);
    assert.ok(copied.tables.findIndex((t) => t.name === 'sellers') < copied.tables.findIndex((t) => t.name === 'charges'), 'parents before children');
    const pglite = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    const postgres = await openDatabase({ databaseUrl: target.env.DATABASE_URL!, poolSize: 1 });
    try {
      assert.deepEqual(await dump(postgres), await dump(pglite), 'every row, every column, as it was');
    } finally {
      await Promise.all([pglite.close(), postgres.close()]);
    }
    await assert.rejects(copyPgliteToPostgres({ dataDir, databaseUrl: target.env.DATABASE_URL! }),
      (e: Error) => e instanceof CopyRefusedError && /already holds gateway data \(.*2 charges/.test(e.message));

    const moved = await startGateway({ env: target.env, port: 0, dataDir, logger: quiet() });
    try {
      assert.equal(moved.config.databaseUrl, target.env.DATABASE_URL);
      assert.equal(moved.demo!.seller.id, first.demo!.seller.id, 'the same seller, not a new one');
      assert.equal((await get(moved, key, paid.id)).status, 'approved', 'the device key and the charge came along');
      assert.equal((await get(moved, key, pending.id)).status, 'pending');
      // New rows after the copied ones: the serial ids (events, outbox, inbox) continue past them.
      const next = await charge(moved, key, 'sale-3', '30.00');
      await fetch(`${moved.sandboxUrl}/__sandbox/pay`, { method: 'POST', body: JSON.stringify({ qr_data: next.qr_data, card: 'APRO' }) });
      const watched = await fetch(`${moved.url}/api/charges/${next.id}/events?wait=20&after=2`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as any;
      assert.equal(watched.charge.status, 'approved');
      const metrics = await fetch(`${moved.url}/metrics`).then((r) => r.text());
      assert.match(metrics, /^cobro_charges\{status="approved"\} 2$/m, 'the counts were rebuilt from the copied charges');
      assert.match(metrics, /^cobro_charges\{status="pending"\} 1$/m);
    } finally {
      await moved.close();
    }
  } finally {
    await target.drop();
  }
});
