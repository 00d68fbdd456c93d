// What persistence costs: POST /v1/orders/s of a sandbox keeping its state in a data directory (journal flushed
// and fsynced every 200 ms, compaction when it grows) against the same sandbox in memory. Both servers are
// child processes; one undici loop here drives them in turn, interleaved (A B, B A, … after a warm-up), with a
// fresh idempotency key per request. Goal: the data-directory sandbox keeps ≥ 0.90 of the in-memory rate.
// Also the server's CPU time per order (steadier than a rate on a busy machine), the bytes on disk per stored
// order, and how long a restart takes to load what the run stored.
// Run: npx tsx bench/sandbox-persistence.ts   (env BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createSandbox } from '@cobro/sandbox';
import { dataDirBytes } from '../packages/sandbox/src/persist/persistence.ts';
import { closedLoop } from './lib/calls.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Subject { name: string; child: ChildProcess; url: string; headers: Record<string, string>; pool: Pool }

async function start(name: string, args: string[]): Promise<Subject> {
  const script = fileURLToPath(new URL('./lib/persist-server.ts', import.meta.url));
  const child = fork(script, args, { execArgv: ['--conditions=@cobro/source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const t = await new Promise<{ url: string; headers: Record<string, string> }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; headers: Record<string, string> }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { name, child, ...t, pool: new Pool(t.url, { connections, pipelining: 1 }) };
}

function stats(s: Subject): Promise<{ orders: number; cpuMicros: number }> {
  return new Promise((resolve) => { s.child.once('message', (m) => resolve(m as { orders: number; cpuMicros: number })); s.child.send({ cmd: 'stats' }); });
}

let keys = 0;
/** One timed window: orders/s, and the server's CPU µs per order. */
async function run(s: Subject, secs: number): Promise<{ rate: number; cpu: number }> {
  const before = await stats(s);
  const r = await closedLoop(async () => {
    const k = `persist-${++keys}`;
    const res = await s.pool.request({
      method: 'POST', path: '/v1/orders', headers: { ...s.headers, 'content-type': 'application/json', 'x-idempotency-key': k },
      body: JSON.stringify({
        type: 'qr', total_amount: '150.50', external_reference: k, description: 'Bench order',
        config: { qr: { external_pos_id: 'BENCHPOS1', mode: 'dynamic' } }, transactions: { payments: [{ amount: '150.50' }] },
      }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`);
  }, { concurrency: connections, seconds: secs });
  if (r.errors) console.log(`  ${s.name}: ${r.errors} errors, first: ${String(r.firstError)}`);
  const after = await stats(s);
  return { rate: r.perSecond, cpu: (after.cpuMicros - before.cpuMicros) / r.calls };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const spread = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

const dir = mkdtempSync(join(tmpdir(), 'cobro-bench-persist-'));
const subjects: Subject[] = [];
try {
  subjects.push(await start('memory', ['memory']), await start('data-dir', ['data', dir]));
  for (const s of subjects) await run(s, 1); // warm-up: JIT, keep-alive sockets
  console.log(`node ${process.version}, ${availableParallelism()} cores shared by the load loop and both servers; ` +
    `${connections} connections, ${rounds} rounds × ${seconds} s per subject, POST /v1/orders (201s/s)`);
  const rates: Record<string, number[]> = { memory: [], 'data-dir': [] };
  const cpu: Record<string, number[]> = { memory: [], 'data-dir': [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...subjects].reverse() : subjects;
    for (const s of order) {
      const w = await run(s, seconds);
      rates[s.name].push(w.rate);
      cpu[s.name].push(w.cpu);
    }
    console.log(`round ${r + 1}: memory ${rates.memory[r].toFixed(0)}/s ${cpu.memory[r].toFixed(0)} µs, ` +
      `data-dir ${rates['data-dir'][r].toFixed(0)}/s ${cpu['data-dir'][r].toFixed(0)} µs, ratio ${(rates['data-dir'][r] / rates.memory[r]).toFixed(2)}`);
  }
  const ratios = rates['data-dir'].map((x, i) => x / rates.memory[i]);
  const cpuRatios = cpu.memory.map((x, i) => x / cpu['data-dir'][i]);
  console.log(`\nmemory   ${median(rates.memory).toFixed(0)} orders/s, ${median(cpu.memory).toFixed(0)} µs server CPU per order (medians)`);
  console.log(`data-dir ${median(rates['data-dir']).toFixed(0)} orders/s, ${median(cpu['data-dir']).toFixed(0)} µs server CPU per order (medians)`);
  console.log(`data-dir/memory orders/s = ${spread(ratios)}  (goal ≥ 0.90: persistence costs ≤ 10 %)`);
  console.log(`memory/data-dir CPU per order = ${spread(cpuRatios)}  (the same cost as CPU; goal ≥ 0.90)`);
  const held = await stats(subjects[1]);
  for (const s of subjects) { await s.pool.close(); s.child.kill('SIGTERM'); await new Promise((r) => s.child.once('exit', r)); }
  const bytes = dataDirBytes(dir);
  const t0 = performance.now();
  const reloaded = createSandbox({ dataDir: dir });
  const loadMs = performance.now() - t0;
  console.log(`data dir: ${(bytes / 1e6).toFixed(1)} MB for ${held.orders} orders (${(bytes / held.orders).toFixed(0)} B per order with its idempotency record); ` +
    `restart loads them in ${(loadMs / 1000).toFixed(2)} s (${reloaded.state.orders.size} orders)`);
  reloaded.close();
  console.log(`goal: ${median(ratios) >= 0.9 ? 'met' : 'NOT met'}`);
} finally {
  for (const s of subjects) s.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
