// Sandbox throughput: GET /v1/orders/{id} on the cobro sandbox as a ratio of a raw node:http hello world (and a
// Hono hello world, the framework's own ceiling). Each server runs in its own child process, all three started
// once; one undici loop in this process drives them in turn, interleaved (A B C, then B C A, …) after a
// warm-up, so drift on a shared machine hits every subject alike. Each round gives a ratio; the summary is
// their median and min–max. (A sequential run — all of raw, then all of sandbox — once moved this ratio from
// 0.67 to 1.50 between two runs.)
// Run: npm run bench   (env BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { availableParallelism } from 'node:os';
import { load } from './lib/load.ts';
import { startServer, type ServerProcess } from './lib/server-process.ts';
import { median, spread } from './lib/stats.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

const names = ['raw', 'hono', 'sandbox'] as const;
const servers: Partial<Record<(typeof names)[number], ServerProcess>> = {};
try {
  for (const n of names) servers[n] = await startServer(n);
  const run = (n: (typeof names)[number], secs: number) => load({ ...servers[n]!.target, connections, seconds: secs });
  for (const n of names) await run(n, 1); // warm-up (JIT, keep-alive sockets)
  const rps: Record<string, number[]> = { raw: [], hono: [], sandbox: [] };
  const cpu: Record<string, number[]> = { raw: [], hono: [], sandbox: [] };
  const cpuNow = async (n: (typeof names)[number]) => (await servers[n]!.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
  console.log(`node ${process.version}, ${availableParallelism()} cores shared by the load loop and the server under test; ` +
    `${connections} connections, ${rounds} rounds × ${seconds} s per subject`);
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      await run(n, 0.5); // untimed: its code hot again after the others' windows
      const c0 = await cpuNow(n);
      const res = await run(n, seconds);
      cpu[n].push((await cpuNow(n) - c0) / res.requests);
      if (res.errors) console.log(`  ${n}: ${res.errors} errors, first: ${String(res.firstError)}`);
      rps[n].push(res.rps);
      line.push(`${n} ${res.rps.toFixed(0)}`);
    }
    console.log(`round ${r + 1}: ${line.join(', ')} req/s; sandbox/raw ${(rps.sandbox[r] / rps.raw[r]).toFixed(2)}; ` +
      `server CPU µs/request raw ${cpu.raw[r].toFixed(0)}, hono ${cpu.hono[r].toFixed(0)}, sandbox ${cpu.sandbox[r].toFixed(0)}`);
  }
  const ratio = (a: string) => rps[a].map((x, i) => x / rps.raw[i]);
  console.log('');
  console.log(`raw node:http hello world      ${median(rps.raw).toFixed(0).padStart(7)} req/s (median)`);
  console.log(`hono hello (framework ceiling) ${median(rps.hono).toFixed(0).padStart(7)} req/s, hono/raw ${spread(ratio('hono'))}`);
  console.log(`sandbox GET /v1/orders/{id}    ${median(rps.sandbox).toFixed(0).padStart(7)} req/s`);
  console.log(`ratio sandbox/raw = ${spread(ratio('sandbox'))} (median, min–max of ${rounds} rounds; goal ≥ 0.50)`);
  // By server CPU per request (raw's ÷ the sandbox's, so higher is better, like the rates): what a busy machine
  // distorts least.
  console.log(`by server CPU per request: sandbox/raw = ${spread(cpu.raw.map((x, i) => x / cpu.sandbox[i]))}`);
} finally {
  for (const s of Object.values(servers)) s?.stop();
}
