// Child-process entry of bench/gateway.ts: one gateway (startGateway, as `npm start` runs it) with the environment
// and data folder it is given (argv[2] as JSON). Over IPC it answers `cpu` (its CPU time, µs), `memory` (RSS and
// heap, after a forced GC when run with --expose-gc), `exit`, and `preload` {n, sellerId, posId}: n settled
// charges of that POS written straight into its database with SQL (through the API a million would take hours),
// done with the gateway stopped (PGlite is one process) and then started again on the same port.
import { join } from 'node:path';
import { sql } from 'kysely';
import { startGateway, type RunningGateway } from '../../packages/gateway/src/main.ts';
import { openDatabase } from '../../packages/gateway/src/db/database.ts';

const { env, dataDir } = JSON.parse(process.argv[2]) as { env: Record<string, string>; dataDir: string };
let gw: RunningGateway = await startGateway({ env, dataDir });
const port = Number(new URL(gw.url).port);
let preloaded = 0;

/** Approved charges with their MP order id, no next check (the poller leaves them alone), ids `chg_bulk…`. */
async function preload(n: number, sellerId: string, posId: string): Promise<void> {
  await gw.close();
  const d = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: join(dataDir, 'pglite') });
  try {
    for (let from = preloaded + 1; from <= preloaded + n; from += 100_000) {
      const to = Math.min(preloaded + n, from + 99_999);
      await sql`insert into charges (id, seller_id, pos_id, idempotency_key, request_hash, mp_idempotency_key, external_reference,
          amount_minor, currency, mode, flow, status, version, mp_order_id, mp_payment_id, qr_data, created_at, updated_at)
        select 'chg_bulk' || lpad(g::text, 16, '0'), ${sellerId}, ${posId}, 'bulk-' || g, md5(g::text), 'cobro-bulk-' || g, 'bulk-ref-' || g,
          15050, 'ARS', 'dynamic', 'orders', 'approved', 3, 'ORDBULK' || lpad(g::text, 22, '0'), (100000000 + g)::text,
          '00020101021243650016COM.MERCADOLIBRE0201306' || lpad(g::text, 16, '0'), now() - interval '1 day', now() - interval '1 day'
        from generate_series(${from}::int, ${to}::int) g`.execute(d.db);
    }
    await sql`analyze charges`.execute(d.db);
  } finally {
    await d.close();
  }
  preloaded += n;
  gw = await startGateway({ env, dataDir, port });
}

// Gone with the bench: a parent that died (Ctrl-C, a crash) must not leave servers holding ports and databases.
process.on('disconnect', () => process.exit(1));
process.on('message', (m: { cmd: string; n?: number; sellerId?: string; posId?: string }) => {
  if (m.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  } else if (m.cmd === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send!({ rss, heapUsed });
  } else if (m.cmd === 'preload') {
    const t0 = performance.now();
    preload(m.n!, m.sellerId!, m.posId!).then(() => process.send!({ ms: performance.now() - t0, preloaded }), (err: unknown) => { console.error(err); process.exit(1); });
  } else if (m.cmd === 'exit') {
    void gw.close().then(() => process.exit(0)); // lets --cpu-prof write its profile
  }
});
process.send!({ url: gw.url });
