// What one compaction costs: N orders created in-process (`sb.fetch`) into a data directory, then compactions run
// back to back, alternately folding the files on a worker thread (what a sandbox does) and serialising every
// entity from the state (what it did before, and still does after a failed journal write). Prints the process's
// CPU (user, system; all threads), the main thread's busy time (event-loop utilisation: what requests wait
// behind), wall time and the longest event-loop stall of each. Reaches into the persistence's private fields on
// purpose.
// Run: npx tsx bench/sandbox-compaction.ts   (env N=50000 orders, ROUNDS=6)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createSandbox } from '@cobro/sandbox';

const N = Number(process.env.N ?? 50_000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'cobro-bench-compaction-'));
const sb = createSandbox({ seed: 'bench-compaction', dataDir: dir, webhookFetch: async () => new Response('ok') });
try {
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const headers = { authorization: `Bearer ${seller.access_token}`, 'content-type': 'application/json' };
  for (const [path, body] of [
    [`/users/${seller.user_id}/stores`, { name: 'Bench', external_id: 'BENCH1', location: { street_number: '100', street_name: 'Florida', city_name: 'Palermo', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.4 } }],
    ['/pos', { name: 'Caja', fixed_amount: true, external_store_id: 'BENCH1', external_id: 'BENCHPOS1' }],
  ] as const) await sb.fetch(`http://sandbox${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const p = sb.persistence! as unknown as { flush(): void; compact(): Promise<void>; basisWhole: boolean; snapshotBytes: number };
  for (let i = 0; i < N; i++) {
    const key = `k${i}`;
    const res = await sb.fetch('http://sandbox/v1/orders', { method: 'POST', headers: { ...headers, 'x-idempotency-key': key }, body: JSON.stringify({
      type: 'qr', total_amount: '150.50', external_reference: key, description: 'Bench order',
      config: { qr: { external_pos_id: 'BENCHPOS1', mode: 'dynamic' } }, transactions: { payments: [{ amount: '150.50' }] } }) });
    await res.text();
    if (i % 500 === 499) p.flush();
  }
  console.log(`node ${process.version}, ${N} orders stored (each with its idempotency record and expiry timer)`);
  for (let r = 0; r < ROUNDS; r++) {
    const copy = r % 2 === 1; // the first compaction serialises: code warmed up for both
    p.basisWhole = copy;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const cpu0 = process.cpuUsage(), elu0 = performance.eventLoopUtilization(), t0 = performance.now();
    await p.compact();
    const cpu = process.cpuUsage(cpu0), busy = performance.eventLoopUtilization(elu0).active;
    delay.disable();
    console.log(`${copy ? 'folding    ' : 'serialising'}: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (user ${(cpu.user / 1000).toFixed(0)}, ` +
      `system ${(cpu.system / 1000).toFixed(0)}), main thread busy ${busy.toFixed(0)} ms, ${(performance.now() - t0).toFixed(0)} ms wall, ` +
      `longest stall ${(delay.max / 1e6).toFixed(0)} ms, ` +
      `snapshot ${(p.snapshotBytes / 1e6).toFixed(1)} MB`);
  }
} finally {
  sb.close();
  rmSync(dir, { recursive: true, force: true });
}
