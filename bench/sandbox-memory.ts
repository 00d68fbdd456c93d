// What a stored order costs in memory, and what a clock advance over many pending orders costs in time.
// Memory: a sandbox in a child process (--expose-gc) takes 100k more stored orders per step (each paid, with its
// payment and idempotency record, preloaded in-process); after each step, a forced GC and the RSS / heap delta.
// Clock: a sandbox holding 100k pending orders (15-min expiry) is advanced 16 min over HTTP (every order
// expires, each emitting its order.expired event), timed from this process; GET requests sent meanwhile
// show whether the server kept answering (the advance yields every 256 timers).
// Goals: ≤ 2 KB per stored order; an advance over 100k pending orders < 1 s.
// Run: npm run bench:memory   (env BENCH_STEP=100000, BENCH_ROUNDS=3)
import { Agent, request } from 'undici';
import { startServer } from './lib/server-process.ts';
import { median, spread } from './lib/stats.ts';

const step = Number(process.env.BENCH_STEP ?? 100_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const kb = (b: number) => (b / 1024).toFixed(2);

interface Mem { rss: number; heapUsed: number; orders: number; payments: number; idempotency: number }

// ── memory per stored order ──
const mem = await startServer('sandbox-orders', { args: ['0'], nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] });
const heapPer: number[] = [], rssPer: number[] = [];
try {
  await mem.ask({ cmd: 'preload', n: 1000 }); // warm-up: code compiled, tables allocated
  let before = await mem.ask<Mem>({ cmd: 'memory' });
  for (let r = 0; r < rounds; r++) {
    await mem.ask({ cmd: 'preload', n: step });
    const after = await mem.ask<Mem>({ cmd: 'memory' });
    const n = after.orders - before.orders;
    heapPer.push((after.heapUsed - before.heapUsed) / n);
    rssPer.push((after.rss - before.rss) / n);
    console.log(`step ${r + 1}: +${n} orders (now ${after.orders}, ${after.payments} payments, ${after.idempotency} idempotency records): ` +
      `heap +${kb(after.heapUsed - before.heapUsed)} KB = ${kb(heapPer.at(-1)!)} KB/order, RSS +${((after.rss - before.rss) / 2 ** 20).toFixed(1)} MB`);
    before = after;
  }
} finally {
  mem.stop();
}

// ── clock advance over pending orders ──
const advanceMs: number[] = [], advanceCpuMs: number[] = [], servedDuring: number[] = [];
const clock = await startServer('sandbox-orders', { args: ['0'], nodeArgs: ['--max-old-space-size=8192'] });
const agent = new Agent({ connections: 4 });
try {
  const { url, headers } = clock.target;
  for (let r = 0; r < rounds; r++) {
    const loaded = await clock.ask<{ orders: number; timers: number }>({ cmd: 'preload', n: step, paid: false });
    let served = 0, stop = false;
    // A reader that keeps asking while the advance runs: it proves the server is not frozen meanwhile.
    const reader = (async () => {
      while (!stop) {
        const res = await request(`${url}/__sandbox/clock`, { dispatcher: agent, headers });
        await res.body.text();
        if (!stop) served++;
      }
    })();
    const c0 = (await clock.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
    const t0 = performance.now();
    const res = await request(`${url}/__sandbox/clock/advance`, {
      dispatcher: agent, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ duration: 'PT16M' }),
    });
    const view = await res.body.json() as { pending_count: number };
    const ms = performance.now() - t0;
    stop = true;
    await reader;
    // Includes the reader's requests: an upper bound on what the advance itself cost the server.
    const cpuMs = ((await clock.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros - c0) / 1000;
    advanceCpuMs.push(cpuMs);
    if (res.statusCode !== 200) throw new Error(`advance → ${res.statusCode}`);
    advanceMs.push(ms);
    servedDuring.push(served);
    console.log(`round ${r + 1}: advance over ${loaded.timers} pending timers (${loaded.orders} orders stored) took ${ms.toFixed(0)} ms (server CPU ${cpuMs.toFixed(0)} ms); ` +
      `${served} other requests answered meanwhile; ${view.pending_count} timers left`);
  }
} finally {
  clock.stop();
  await agent.close();
}

console.log('');
console.log(`node ${process.version}; server in a child process`);
console.log(`heap per stored order: ${spread(heapPer.map((b) => b / 1024))} KB (goal ≤ 2 KB)`);
console.log(`RSS per ${step / 1000}k stored orders: ${spread(rssPer.map((b) => (b * step) / 2 ** 20), 0)} MB`);
console.log(`clock advance over ${step / 1000}k pending orders: ${spread(advanceMs, 0)} ms (goal < 1000 ms), server CPU ${spread(advanceCpuMs, 0)} ms; ` +
  `requests answered meanwhile: ${spread(servedDuring, 0)}`);
const met = median(heapPer) <= 2048 && median(advanceMs) < 1000;
console.log(`goals: ${met ? 'met' : 'NOT met'}`);
