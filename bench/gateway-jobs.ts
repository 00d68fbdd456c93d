// The gateway's job engine, measured to choose it (docs/decisions/0005-job-queue.md): cobro's own jobs table
// (FOR UPDATE SKIP LOCKED + NOTIFY wake-up) against pg-boss 10, on this machine's PostgreSQL, the worker in a
// child process as another gateway instance would be (pg-boss at its fastest settings: 0.5 s polls, batches of 100). Interleaved rounds (A B A B …) after a warm-up:
//   throughput — N jobs enqueued by 8 concurrent producers, each in its own transaction, until the last ran;
//   latency    — jobs enqueued one at a time, 20 ms apart: enqueue → handler start, p50 and p99.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/gateway-jobs.ts [rounds]
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { openDatabase } from '../packages/gateway/src/db/database.ts';
import { migrate } from '../packages/gateway/src/db/migrations.ts';
import { JobQueue } from '../packages/gateway/src/jobs/queue.ts';

const URL_ = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.argv[2] ?? 3);
const N = 2000;
const LATENCY_JOBS = 100;
type Subject = 'cobro' | 'pg-boss';

interface Producer { send(sentAt: number): Promise<void>; close(): Promise<void> }

async function producer(subject: Subject, schema: string): Promise<Producer> {
  if (subject === 'cobro') {
    const d = await openDatabase({ databaseUrl: URL_, schema, poolSize: 8 });
    await migrate(d.db);
    const q = new JobQueue(d.db);
    return { send: async (sentAt) => { await d.db.transaction().execute((tx) => q.enqueue(tx, { queue: 'bench', payload: { sentAt } })); }, close: () => d.close() };
  }
  const boss = new PgBoss({ connectionString: URL_, schema, max: 8 });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('bench');
  return { send: async (sentAt) => { await boss.send('bench', { sentAt }); }, close: () => boss.stop({ graceful: false, wait: true }) };
}

function worker(subject: Subject, schema: string): Promise<{ child: ChildProcess; lags: number[]; wait(n: number): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./lib/job-worker.ts', import.meta.url)), [subject, URL_, schema], { execArgv: ['--import', 'tsx'] });
  const lags: number[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  return new Promise((resolve) => {
    child.on('message', (m: { ready?: boolean; lag?: number }) => {
      if (m.ready) resolve({ child, lags, wait: (n) => new Promise<void>((r) => { waiter = { n, resolve: r }; if (lags.length >= n) r(); }) });
      if (m.lag !== undefined) { lags.push(m.lag); if (waiter && lags.length >= waiter.n) waiter.resolve(); }
    });
  });
}

async function round(subject: Subject, r: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const schema = `bench_jobs_${subject.replace('-', '')}_${process.pid}_${r}`;
  const p = await producer(subject, schema);
  const w = await worker(subject, schema);
  try {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next++ < N) await p.send(Date.now()); }));
    await w.wait(N);
    const perSecond = N / ((performance.now() - t0) / 1000);
    w.lags.length = 0;
    for (let i = 0; i < LATENCY_JOBS; i++) {
      await p.send(Date.now());
      await new Promise((res) => setTimeout(res, 20));
    }
    await w.wait(LATENCY_JOBS);
    const sorted = [...w.lags].sort((a, b) => a - b);
    return { perSecond, p50: sorted[Math.floor(sorted.length * 0.5)], p99: sorted[Math.floor(sorted.length * 0.99)] };
  } finally {
    w.child.kill();
    await p.close();
    const c = new pg.Client({ connectionString: URL_ });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`jobs bench on ${URL_.replace(/\/\/[^@]*@/, '//')}: ${N} jobs per throughput run, ${LATENCY_JOBS} for latency; warm-up then ${ROUNDS} interleaved rounds`);
await round('cobro', 0);
await round('pg-boss', 0);
const ratios: number[] = [];
const res: Record<Subject, { perSecond: number; p50: number; p99: number }[]> = { cobro: [], 'pg-boss': [] };
for (let r = 1; r <= ROUNDS; r++) {
  for (const s of ['cobro', 'pg-boss'] as const) res[s].push(await round(s, r));
  const [a, b] = [res.cobro.at(-1)!, res['pg-boss'].at(-1)!];
  ratios.push(a.perSecond / b.perSecond);
  console.log(`round ${r}: cobro ${a.perSecond.toFixed(0)} jobs/s (lag p50 ${a.p50} ms, p99 ${a.p99} ms) | pg-boss ${b.perSecond.toFixed(0)} jobs/s (lag p50 ${b.p50} ms, p99 ${b.p99} ms) | ratio ${ratios.at(-1)!.toFixed(2)}`);
}
for (const s of ['cobro', 'pg-boss'] as const) {
  console.log(`${s}: median ${median(res[s].map((x) => x.perSecond)).toFixed(0)} jobs/s, lag p50 ${median(res[s].map((x) => x.p50))} ms, p99 ${median(res[s].map((x) => x.p99))} ms`);
}
console.log(`throughput ratio cobro/pg-boss: median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
