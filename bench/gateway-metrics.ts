// What a /metrics scrape costs the database as charges accumulate: GatewayMetrics.render() (charges per status,
// kept by triggers as totals plus deltas since the last fold; jobs grouped by queue and state) at 10k, 100k and 1M
// stored charges, against what a scrape would cost if it counted the table, a plain `count(*)` of it, in the same
// run. Each level: 9 scrapes with nothing to fold, then 9 that each first fold the deltas of 2,000 status changes
// (the charges moved one by one, as reconciles move them: 4,000 delta rows, about what 15 s of a busy gateway
// leaves between two folds). Charges are generated straight into a scratch schema (no seller or POS rows behind
// them), then analysed; median and min–max.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/gateway-metrics.ts   (BENCH_DB=pglite: on PGlite)
import { sql } from 'kysely';
import { openDatabase } from '../packages/gateway/src/db/database.ts';
import { migrate } from '../packages/gateway/src/db/migrations.ts';
import { MetricsRepository } from '../packages/gateway/src/repositories/metrics.ts';
import { GatewayMetrics } from '../packages/gateway/src/metrics/gateway-metrics.ts';
import { median, spread } from './lib/stats.ts';

const URL_ = process.env.BENCH_DB === 'pglite' ? undefined : process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const LEVELS = [10_000, 100_000, 1_000_000];
const SCRAPES = 9;
const MOVES = 2_000;
const schema = `bench_metrics_${process.pid}`;
const db = await openDatabase({ databaseUrl: URL_, schema });

async function timed(fn: () => Promise<unknown>, before?: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < SCRAPES; i++) {
    await before?.(i);
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

try {
  await migrate(db.db);
  const { rows } = await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'charges'::regclass and contype = 'f'`.execute(db.db);
  for (const r of rows) await sql.raw(`alter table charges drop constraint ${r.conname}`).execute(db.db);
  const metrics = new GatewayMetrics(new MetricsRepository(db.db));
  let have = 0;
  console.log(`${db.kind}: charges   render() ms (min–max)   after ${MOVES} moves ms   count(*) ms (min–max)   render / count`);
  for (const n of LEVELS) {
    await sql.raw(`insert into charges (id, seller_id, pos_id, idempotency_key, request_hash, mp_idempotency_key, external_reference, amount_minor, currency, mode, flow, status, qr_data, created_at, updated_at)
      select 'chg_' || g, 'sel_' || (g % 50), 'pos_' || (g % 500), 'k' || g, md5(g::text), 'mk' || g, 'ref' || g, 1000 + g % 9000, 'ARS', 'dynamic', 'orders',
        (array['pending','approved','approved','approved','expired','canceled','refunded','partially_refunded'])[1 + g % 8], '00020101021226' || repeat('x', 120), now(), now()
      from generate_series(${have + 1}, ${n}) g`).execute(db.db);
    have = n;
    await sql`analyze charges`.execute(db.db);
    await metrics.render(); // warm
    const render = await timed(() => metrics.render());
    // Each round moves MOVES other charges to the next status, one statement each (the row trigger's path).
    const moved = await timed(() => metrics.render(), async (round) => {
      const { rows } = await sql<{ id: string }>`select id from charges order by id offset ${(round * MOVES) % n} limit ${MOVES}`.execute(db.db);
      for (const r of rows) await sql`update charges set status = case status when 'pending' then 'approved' else 'pending' end where id = ${r.id}`.execute(db.db);
    });
    const count = await timed(() => sql`select count(*) from charges`.execute(db.db));
    const ratios = render.map((r, i) => r / count[i]!);
    console.log(`${String(n).padStart(17)}   ${spread(render, 1).padEnd(21)} ${spread(moved, 1).padEnd(20)} ${spread(count, 1).padEnd(22)} ${median(ratios).toFixed(3)}`);
  }
} finally {
  await sql.raw(`drop schema if exists ${schema} cascade`).execute(db.db);
  await db.close();
}
