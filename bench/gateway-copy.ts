// `cobro gateway copy-to-postgres` at scale: a gateway's data folder (started once for its demo seller and POS,
// then BENCH_CHARGES settled charges and one event each written straight into its PGlite with SQL), copied into a
// fresh PostgreSQL database; rows per second, the process's peak RSS, and the status counts the target's triggers
// rebuilt. An absolute figure (no baseline subject): the copy is a one-off step, not a path that competes with one.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/gateway-copy.ts   (BENCH_CHARGES=1000000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { startGateway } from '../packages/gateway/src/main.ts';
import { openDatabase } from '../packages/gateway/src/db/database.ts';
import { copyPgliteToPostgres } from '../packages/gateway/src/db/copy.ts';

const N = Number(process.env.BENCH_CHARGES ?? 1_000_000);
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `bench_copy_${process.pid}`;
const dataDir = mkdtempSync(join(tmpdir(), 'cobro-copy-bench-'));
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
try {
  const gw = await startGateway({ env: { LOG_LEVEL: 'error', DATABASE_URL: '' }, port: 0, dataDir });
  const { seller, pos } = gw.demo!;
  await gw.close();
  const d = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  const t0 = performance.now();
  for (let from = 1; from <= N; from += 100_000) {
    const to = Math.min(N, from + 99_999);
    await sql`insert into charges (id, seller_id, pos_id, idempotency_key, request_hash, mp_idempotency_key, external_reference,
        amount_minor, currency, mode, flow, status, version, mp_order_id, mp_payment_id, qr_data, created_at, updated_at)
      select 'chg_bulk' || lpad(g::text, 16, '0'), ${seller.id}, ${pos.id}, 'bulk-' || g, md5(g::text), 'cobro-bulk-' || g, 'bulk-ref-' || g,
        15050, 'ARS', 'dynamic', 'orders', 'approved', 3, 'ORDBULK' || lpad(g::text, 22, '0'), (100000000 + g)::text,
        '00020101021243650016COM.MERCADOLIBRE0201306' || lpad(g::text, 16, '0'), now() - interval '1 day', now() - interval '1 day'
      from generate_series(${from}::int, ${to}::int) g`.execute(d.db);
    await sql`insert into charge_events (charge_id, version, type, data, created_at)
      select 'chg_bulk' || lpad(g::text, 16, '0'), 1, 'charge.created', '{"amount":"150.50"}', now() from generate_series(${from}::int, ${to}::int) g`.execute(d.db);
  }
  await d.close();
  console.log(`${N} charges and ${N} events written into the PGlite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await admin.query(`create database ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 200);
  const t1 = performance.now();
  const r = await copyPgliteToPostgres({ dataDir, databaseUrl: url.toString() });
  const seconds = (performance.now() - t1) / 1000;
  clearInterval(sampler);
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`copied ${rows} rows in ${seconds.toFixed(1)} s: ${(rows / seconds).toFixed(0)} rows/s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`);
  const target = new pg.Client({ connectionString: url.toString() });
  await target.connect();
  try {
    const { rows: counts } = await target.query(`select status, sum(n)::text as n from (select status, n from charge_status_counts
      union all select status, n from charge_status_deltas) c group by status`);
    console.log(`status counts rebuilt on PostgreSQL: ${counts.map((c) => `${c.status} ${c.n}`).join(', ')} (expected approved ${N})`);
  } finally {
    await target.end();
  }
} finally {
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
