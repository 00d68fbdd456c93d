// Does creating an order cost more when many are stored? POST /v1/orders/s on three sandboxes holding 0, 100k
// and 1M stored orders (each paid, with its payment and idempotency record; preloaded in-process in the
// server's child), and a raw node:http server that parses the same JSON body and answers 201 as the baseline
// (plus the same on Hono: how much of the gap is the framework).
// Each server is its own child process; one undici loop in this process drives them in turn, interleaved
// (rounds rotate the order of the subjects after a warm-up), a fresh idempotency key per request.
// Goals: every level within 1.5× of the others (ratio to 0 stored ≥ 0.67); sandbox/raw ≥ 0.4. Each window also
// gives the server's CPU time per request (its own process.cpuUsage), which a machine shared with other work
// distorts less than requests per second; the ratios are printed for both.
// Run: npm run bench:scale   (env BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_LEVELS=0,100000,1000000)
import { availableParallelism } from 'node:os';
import { load, type LoadResult } from './lib/load.ts';
import { startServer, type ServerProcess } from './lib/server-process.ts';
import { orderBody } from './lib/preload.ts';
import { median, spread } from './lib/stats.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const levels = (process.env.BENCH_LEVELS ?? '0,100000,1000000').split(',').map(Number);

const fmt = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const subjects: { name: string; server: ServerProcess }[] = [];
try {
  subjects.push({ name: 'raw', server: await startServer('raw-json') });
  subjects.push({ name: 'hono', server: await startServer('hono-json') });
  for (const n of levels) {
    const server = await startServer('sandbox-orders', { args: [String(n)], nodeArgs: ['--max-old-space-size=8192'] });
    console.log(`sandbox with ${fmt(n)} stored orders ready (preload ${((server.target.preloadMs as number) / 1000).toFixed(1)} s)`);
    subjects.push({ name: `sandbox@${fmt(n)}`, server });
  }
  let keys = 0;
  const run = (s: (typeof subjects)[number], secs: number): Promise<LoadResult> => {
    const t = s.server.target;
    const headers = { ...t.headers, 'content-type': 'application/json' };
    return load({
      url: t.url, path: t.path, connections, seconds: secs, expect: 201,
      request: () => {
        const k = `scale-${++keys}`;
        return { method: 'POST', path: '/v1/orders', headers: { ...headers, 'x-idempotency-key': k }, body: JSON.stringify(orderBody(t.posExternalId as string, k)) };
      },
    });
  };
  for (const s of subjects) await run(s, 1); // warm-up: JIT, keep-alive sockets
  const rates: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.name, []]));
  const cpuNow = async (s: (typeof subjects)[number]) => (await s.server.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
  console.log(`node ${process.version}, ${availableParallelism()} cores shared by the load loop and the server under test; ` +
    `${connections} connections, ${rounds} rounds × ${seconds} s per subject, POST /v1/orders (201s/s)`);
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + r) % subjects.length];
      await run(s, 0.5); // untimed: its code hot again after the others' windows
      const c0 = await cpuNow(s);
      const res = await run(s, seconds);
      const perReq = (await cpuNow(s) - c0) / res.requests;
      if (res.errors) console.log(`  ${s.name}: ${res.errors} errors, first: ${String(res.firstError)}`);
      rates[s.name].push(res.rps);
      cpu[s.name].push(perReq);
      line.push(`${s.name} ${res.rps.toFixed(0)}/s ${perReq.toFixed(0)} µs`);
    }
    console.log(`round ${r + 1}: ${line.join(', ')}`);
  }
  // Ratios per round (each round is one pass over every subject), then the median and spread of the rounds.
  const base = subjects[2].name;
  const perRound = (a: string, b: string) => rates[a].map((x, i) => x / rates[b][i]);
  console.log('');
  for (const s of subjects) {
    console.log(`${s.name.padEnd(16)} ${median(rates[s.name]).toFixed(0).padStart(6)} orders/s, ${median(cpu[s.name]).toFixed(0).padStart(5)} µs server CPU per request (medians)`);
  }
  // CPU ratios: the inverse of CPU per request, so that like the rates, higher is better.
  const perRoundCpu = (a: string, b: string) => cpu[b].map((x, i) => x / cpu[a][i]);
  let met = true;
  for (const s of subjects.slice(3)) {
    const ratios = perRound(s.name, base);
    met &&= median(ratios) >= 1 / 1.5;
    console.log(`${s.name}/${base} = ${spread(ratios)} by rate, ${spread(perRoundCpu(s.name, base))} by server CPU  (goal ≥ 0.67: within 1.5×)`);
  }
  const vsRaw = perRound(base, 'raw');
  met &&= median(vsRaw) >= 0.4;
  console.log(`${base}/raw = ${spread(vsRaw)} by rate, ${spread(perRoundCpu(base, 'raw'))} by server CPU  (goal ≥ 0.40)`);
  console.log(`hono/raw = ${spread(perRound('hono', 'raw'))} by rate, ${spread(perRoundCpu('hono', 'raw'))} by server CPU  (the framework's own ceiling for a JSON POST)`);
  for (const s of subjects.slice(2)) {
    const info = await s.server.ask<{ orders: number; timers: number }>({ cmd: 'preload', n: 0 });
    console.log(`  ${s.name} holds ${info.orders} orders at the end (${info.timers} pending timers)`);
  }
  console.log(`goals: ${met ? 'met' : 'NOT met'}`);
} finally {
  for (const s of subjects) s.server.stop();
}
