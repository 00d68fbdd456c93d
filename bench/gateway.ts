// The gateway's benchmark (issue "The gateway", Done when). Subjects, each in its own child process: the sandbox as
// Mercado Pago (real-time clock, in memory, webhooks over HTTP) and gateways started by `startGateway` as an
// integrator deploys one against MP — their own app, a seller connected by OAuth, a store, a POS and a device
// key (lib/gateway-setup.ts) — on PGlite (a temp data folder) or on PostgreSQL (a fresh database per gateway,
// dropped at the end). The load runs in this process, so on this 2-core machine the load loop, the sandbox, the
// gateway and PostgreSQL share the two cores; `uptime` is printed because other people's work shares them too.
//   1. create → QR: `POST /api/charges` (device key, a fresh Idempotency-Key each) over HTTP, 201 with the QR,
//      as charges/s, against the same sandbox's own `POST /v1/orders`/s (dynamic QR, a fresh X-Idempotency-Key
//      each) measured by the same closed loop: interleaved rounds (rotating sandbox, PGlite, PostgreSQL) after a
//      warm-up; every round prints its ratios, the summary their median and min–max (goal ≥ 0.5), and the
//      absolute rate (goal ≥ 1,000/s on PostgreSQL). Each create is the gateway's full path: device-key auth,
//      charge row + event + outbox committed, MP's order created over HTTP, the answer applied under the row lock.
//   2. buyer paid → SSE: BENCH_WATCHERS (500) terminals each hold `GET /api/charges/{id}/events` open; the buyer
//      pays each charge in turn through `/__sandbox/pay`; latency = pay request sent → `charge.approved` at the
//      terminal (p50/p99; goal p99 < 50 ms). Meanwhile the gateway re-fetches every watched charge (2.5 s). Each
//      gateway is fresh and runs alone: the create phase leaves thousands of pending charges that its poller
//      would keep re-fetching, on the same two cores.
//   3. `GET /api/charges/{id}` latency (one request at a time, random ids) with 10k vs 1M charges stored, the
//      stored ones bulk-inserted with SQL (lib/gateway-server.ts), two gateways interleaved; ratio of p50s
//      (goal ≤ 1.5). On PostgreSQL, and on PGlite unless BENCH_GET_PGLITE=0.
//   4. soak: create + pay at BENCH_SOAK_RATE/s for BENCH_SOAK_SECONDS (180) on BENCH_SOAK_DB (postgres), the
//      gateway's RSS and heap (after a forced GC) sampled; flat = the second half's median RSS at most 5 % above the first's.
// Run: npm run bench:gateway   (env BENCH_PHASES=create,sse,get,soak BENCH_SECONDS=5 BENCH_ROUNDS=3
//      BENCH_CONNECTIONS=32 BENCH_WATCHERS=500 BENCH_PAY_GAP_MS=20 BENCH_GET_REQUESTS=2000 BENCH_GET_SMALL=10000
//      BENCH_GET_LARGE=1000000 BENCH_GET_PGLITE=1 BENCH_SOAK_SECONDS=180 BENCH_SOAK_RATE=50 BENCH_SOAK_DB=postgres
//      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres)
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Pool } from 'undici';
import { load } from './lib/load.ts';
import { orderBody } from './lib/preload.ts';
import { median, spread } from './lib/stats.ts';
import { quantile } from './lib/sse.ts';
import { DATABASE_URL, sandboxSeller, startGatewayUnderTest, startMp, type GatewayUnderTest } from './lib/gateway-setup.ts';
import { paidToSse, slopeMbPerMinute, soak } from './lib/gateway-live.ts';

const env = process.env;
const num = (k: string, d: number) => Number(env[k] ?? d);
const SECONDS = num('BENCH_SECONDS', 5);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 32);
const PHASES = new Set((env.BENCH_PHASES ?? 'create,sse,get,soak').split(','));
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const mp = await startMp();
const started: GatewayUnderTest[] = [];
const gateway = async (db: 'pglite' | 'postgres', nodeArgs?: string[]) => {
  const g = await startGatewayUnderTest(mp.url, db, { nodeArgs });
  started.push(g);
  return g;
};
const stop = async (g: GatewayUnderTest) => { started.splice(started.indexOf(g), 1); await g.stop(); };
// Ctrl-C still drops the databases made for the run.
process.once('SIGINT', () => { void Promise.allSettled(started.map((g) => g.stop())).finally(() => process.exit(130)); });

console.log(`node ${process.version}, ${availableParallelism()} cores shared by this load loop, the sandbox, the gateways and PostgreSQL (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`);
try {
  if (PHASES.has('create')) {
    const gws = [await gateway('pglite'), await gateway('postgres')];
    await createPhase(gws);
    for (const g of gws) await stop(g);
  }
  if (PHASES.has('sse')) {
    const watchers = num('BENCH_WATCHERS', 500);
    console.log(`\n== buyer paid → SSE event at the terminal, ${watchers} terminals watching, each gateway fresh and alone (${uptime()})`);
    for (const db of ['pglite', 'postgres'] as const) {
      const g = await gateway(db);
      const r = await paidToSse(g, mp.url, { watchers, payGapMs: num('BENCH_PAY_GAP_MS', 20) });
      console.log(`${g.name.padEnd(8)}: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ${r.delivered}/${r.watchers} approvals seen (goal p99 < 50 ms); ${r.paysPerSecond.toFixed(0)} pays/s, gateway CPU ${(r.gatewayBusy * 100).toFixed(0)} % of a core meanwhile, ${(r.watchingBusy * 100).toFixed(0)} % while only watching`);
      await stop(g);
    }
  }
  if (PHASES.has('get')) {
    await getPhase('postgres');
    if (env.BENCH_GET_PGLITE !== '0') await getPhase('pglite');
  }
  if (PHASES.has('soak')) await soakPhase();
} finally {
  for (const g of [...started]) await g.stop().catch((e: unknown) => console.error(e));
  mp.child.kill();
}

async function createPhase(gws: GatewayUnderTest[]): Promise<void> {
  const base = await sandboxSeller(mp.url);
  let tag = 0;
  const subjects = [
    { name: 'sandbox', url: mp.url, cpu: mp, expect: 201, request: (t: number) => (n: number) => ({
      method: 'POST' as const, path: '/v1/orders', body: JSON.stringify(orderBody(base.posExternalId, `${t}-${n}`)),
      headers: { authorization: `Bearer ${base.token}`, 'content-type': 'application/json', 'x-idempotency-key': `bench-${t}-${n}` },
    }) },
    ...gws.map((g) => ({ name: g.name, url: g.url, cpu: g, expect: 201, request: (t: number) => (n: number) => ({
      method: 'POST' as const, path: '/api/charges', body: JSON.stringify({ amount: '150.50', description: 'Bench charge' }),
      headers: { authorization: `Bearer ${g.key}`, 'content-type': 'application/json', 'idempotency-key': `bench-${t}-${n}` },
    }) })),
  ];
  const cpuOf = async (c: { ask: GatewayUnderTest['ask'] }) => (await c.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
  const run = async (s: (typeof subjects)[number], seconds: number) => {
    const [c0, m0] = [await cpuOf(s.cpu), await cpuOf(mp)];
    const r = await load({ url: s.url, path: '', connections: CONNECTIONS, seconds, expect: s.expect, request: s.request(++tag) });
    const [c1, m1] = [await cpuOf(s.cpu), await cpuOf(mp)];
    if (r.errors) console.log(`  ${s.name}: ${r.errors} errors, first: ${String(r.firstError)}`);
    return { rps: r.rps, cpu: (c1 - c0) / r.requests, mpCpu: (m1 - m0) / r.requests };
  };
  console.log(`\n== create → QR, ${CONNECTIONS} connections, warm-up then ${ROUNDS} rounds × ${SECONDS} s per subject (${uptime()})`);
  for (const s of subjects) await run(s, 2);
  const rps: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const line: string[] = [];
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + r) % subjects.length];
      const m = await run(s, SECONDS);
      rps[s.name].push(m.rps);
      line.push(`${s.name} ${m.rps.toFixed(0)}/s (CPU µs per call: ${s.name === 'sandbox' ? `sandbox ${m.cpu.toFixed(0)}` : `gateway ${m.cpu.toFixed(0)} + sandbox ${m.mpCpu.toFixed(0)}`})`);
    }
    console.log(`round ${r + 1}: ${line.join(', ')}; ratios ${gws.map((g) => `${g.name} ${(rps[g.name][r] / rps.sandbox[r]).toFixed(2)}`).join(', ')}`);
  }
  console.log(`sandbox POST /v1/orders: ${median(rps.sandbox).toFixed(0)}/s (median)`);
  for (const g of gws) {
    const ratios = rps[g.name].map((x, i) => x / rps.sandbox[i]);
    console.log(`gateway on ${g.name.padEnd(8)} POST /api/charges: ${median(rps[g.name]).toFixed(0)} charges/s (median; goal ≥ 1000 on postgres), ratio to the sandbox ${spread(ratios)} (goal ≥ 0.50)`);
  }
}

async function getPhase(db: 'pglite' | 'postgres'): Promise<void> {
  const levels = [num('BENCH_GET_SMALL', 10_000), num('BENCH_GET_LARGE', 1_000_000)];
  const requests = num('BENCH_GET_REQUESTS', 2000);
  console.log(`\n== GET /api/charges/{id} on ${db}, ${levels.join(' vs ')} charges stored, ${requests} sequential requests per round (${uptime()})`);
  const gws = [await gateway(db), await gateway(db)];
  for (const [i, g] of gws.entries()) {
    const p = await g.ask<{ ms: number }>({ cmd: 'preload', n: levels[i], sellerId: g.sellerId, posId: g.posId });
    console.log(`${levels[i]} charges written with SQL in ${(p.ms / 1000).toFixed(1)} s (gateway restarted)`);
  }
  const pools = gws.map((g) => new Pool(g.url, { connections: 1 }));
  const sampleOnce = async (i: number, n: number) => {
    const ms: number[] = [];
    for (let k = 0; k < n; k++) {
      const id = `chg_bulk${String(1 + Math.floor(Math.random() * levels[i])).padStart(16, '0')}`;
      const t0 = performance.now();
      const res = await pools[i].request({ method: 'GET', path: `/api/charges/${id}`, headers: { authorization: `Bearer ${gws[i].key}` } });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`GET ${id} → ${res.statusCode}`);
      ms.push(performance.now() - t0);
    }
    return ms;
  };
  try {
    for (let i = 0; i < 2; i++) await sampleOnce(i, 300);
    const p50: number[][] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      const line: string[] = [];
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const ms = await sampleOnce(i, requests);
        p50[i].push(quantile(ms, 0.5));
        line.push(`${levels[i]}: p50 ${quantile(ms, 0.5).toFixed(2)} ms, p99 ${quantile(ms, 0.99).toFixed(2)} ms`);
      }
      console.log(`round ${r + 1}: ${line.join('; ')}; ratio ${(p50[1][r] / p50[0][r]).toFixed(2)}`);
    }
    console.log(`${db}: p50 ${median(p50[0]).toFixed(2)} ms with ${levels[0]}, ${median(p50[1]).toFixed(2)} ms with ${levels[1]}; ratio ${spread(p50[1].map((x, r) => x / p50[0][r]))} (goal ≤ 1.50)`);
  } finally {
    for (const p of pools) await p.close();
    for (const g of gws) await stop(g);
  }
}

async function soakPhase(): Promise<void> {
  const db = env.BENCH_SOAK_DB === 'pglite' ? 'pglite' : 'postgres';
  const seconds = num('BENCH_SOAK_SECONDS', 180);
  const rate = num('BENCH_SOAK_RATE', 50);
  console.log(`\n== soak on ${db}: create + pay ${rate}/s for ${seconds} s, gateway memory after a forced GC (${uptime()})`);
  const g = await gateway(db, ['--expose-gc']);
  const r = await soak(g, mp.url, {
    seconds, rate, sampleSeconds: Math.max(5, Math.round(seconds / 12)),
    onSample: (s) => console.log(`t=${s.t.toFixed(0).padStart(4)} s  RSS ${mb(s.rss).padStart(7)}  heap ${mb(s.heapUsed).padStart(6)}  ${s.charges} charges paid`),
  });
  if (r.errors) console.log(`${r.errors} errors, first: ${String(r.firstError)}`);
  // The first sample is before any load. Flat: the median RSS of the soak's second half at most 5 % above its first
  // half's (medians, so one transient sample — a GC that had not returned pages yet — does not decide; a fall is
  // start-up memory given back, not a leak).
  const loaded = r.samples.slice(1);
  const half = Math.floor(loaded.length / 2);
  const [a, b] = [median(loaded.slice(0, half).map((s) => s.rss)), median(loaded.slice(half).map((s) => s.rss))];
  const growth = (b - a) / a;
  console.log(`RSS median ${mb(a)} over the first half, ${mb(b)} over the second (${(growth * 100).toFixed(1)} %; slope ${slopeMbPerMinute(loaded, 'rss').toFixed(1)} MB/min), ` +
    `heap ${slopeMbPerMinute(loaded, 'heapUsed').toFixed(2)} MB/min: ${growth < 0.05 ? 'flat' : 'GROWING'} (goal: flat, ≤ 5 % growth) (${uptime()})`);
  await stop(g);
}
