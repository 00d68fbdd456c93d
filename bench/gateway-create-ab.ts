// A/B of the gateway's create path: `POST /api/charges` on a gateway built from an earlier commit (A, BENCH_BASE,
// default HEAD — the tree as committed) against one from the working tree (B), on PGlite and on PostgreSQL, all
// against one sandbox as Mercado Pago. A's packages/gateway and bench/ are taken with `git archive` into a temp
// folder beside a link to this checkout's node_modules, so both run the same dependencies and the same client.
// Each gateway is its own child process (started as bench/gateway.ts starts them); the load loop runs here, so
// the loop, the sandbox, the gateways and PostgreSQL share this machine's cores. Interleaved rounds (A B, then
// B A) after a warm-up; every round prints charges/s and the gateway's CPU per create (µs) of each, and the
// summary the medians with their min–max and the B/A ratios. On PostgreSQL also the server's CPU per create: its
// processes serving that gateway's own database (lib/pg-cpu.ts).
// Run: npx tsx bench/gateway-create-ab.ts   (env BENCH_BASE=<commit> BENCH_SECONDS=5 BENCH_ROUNDS=4
//      BENCH_CONNECTIONS=32 BENCH_DBS=pglite,postgres DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
//      BENCH_B_DATABASE_URL=<how B reaches PostgreSQL, e.g. postgres://postgres@localhost/postgres?host=/var/run/postgresql>)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from './lib/load.ts';
import { median, spread } from './lib/stats.ts';
import { startGatewayUnderTest, startMp, type GatewayUnderTest } from './lib/gateway-setup.ts';
import { pgBackends, pgCpuBetween } from './lib/pg-cpu.ts';

const env = process.env;
const num = (k: string, d: number) => Number(env[k] ?? d);
const SECONDS = num('BENCH_SECONDS', 5);
const ROUNDS = num('BENCH_ROUNDS', 4);
const CONNECTIONS = num('BENCH_CONNECTIONS', 32);
const DBS = (env.BENCH_DBS ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const base = execFileSync('git', ['rev-parse', '--short', env.BENCH_BASE ?? 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

/** The base commit's gateway and bench, laid out beside this checkout's node_modules. */
const baseTree = mkdtempSync(join(tmpdir(), 'cobro-ab-'));
execFileSync('sh', ['-c', `git archive ${base} package.json tsconfig.json tsconfig.base.json packages/gateway bench | tar -x -C ${baseTree}`], { cwd: root });
symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
const baseServer = pathToFileURL(join(baseTree, 'bench/lib/gateway-server.ts')).href;

const mp = await startMp();
const started: GatewayUnderTest[] = [];
process.once('SIGINT', () => { void Promise.allSettled(started.map((g) => g.stop())).finally(() => process.exit(130)); });
console.log(`node ${process.version}, ${availableParallelism()} cores shared by this load loop, the sandbox, the gateways and PostgreSQL; A = ${base}, B = working tree`);
try {
  for (const db of DBS) {
    const subjects = [
      { name: `A ${base}`, g: await startGatewayUnderTest(mp.url, db, { server: baseServer }) },
      { name: 'B', g: await startGatewayUnderTest(mp.url, db, { databaseUrl: env.BENCH_B_DATABASE_URL }) },
    ];
    started.push(...subjects.map((s) => s.g));
    await abRounds(db, subjects);
    for (const s of subjects) { started.splice(started.indexOf(s.g), 1); await s.g.stop(); }
  }
} finally {
  for (const g of [...started]) await g.stop().catch((e: unknown) => console.error(e));
  mp.child.kill();
  rmSync(baseTree, { recursive: true, force: true });
}

async function abRounds(db: string, subjects: { name: string; g: GatewayUnderTest }[]): Promise<void> {
  let tag = 0;
  const cpuOf = async (g: GatewayUnderTest) => (await g.ask<{ cpuMicros: number }>({ cmd: 'cpu' })).cpuMicros;
  const run = async (g: GatewayUnderTest, seconds: number) => {
    const t = ++tag;
    const c0 = await cpuOf(g);
    const p0 = g.database ? pgBackends(g.database) : undefined;
    const r = await load({ url: g.url, path: '', connections: CONNECTIONS, seconds, expect: 201, request: (n: number) => ({
      method: 'POST' as const, path: '/api/charges', body: JSON.stringify({ amount: '150.50', description: 'Bench charge' }),
      headers: { authorization: `Bearer ${g.key}`, 'content-type': 'application/json', 'idempotency-key': `ab-${t}-${n}` },
    }) });
    const c1 = await cpuOf(g);
    const pgCpu = p0 ? pgCpuBetween(p0, pgBackends(g.database!)) / r.requests : NaN;
    if (r.errors) console.log(`  ${r.errors} errors, first: ${String(r.firstError)}`);
    return { rps: r.rps, cpu: (c1 - c0) / r.requests, pgCpu };
  };
  console.log(`\n== ${db}: POST /api/charges, ${CONNECTIONS} connections, warm-up then ${ROUNDS} rounds × ${SECONDS} s per subject (${execFileSync('uptime', { encoding: 'utf8' }).trim()})`);
  for (const s of subjects) await run(s.g, 2);
  const m = subjects.map(() => ({ rps: [] as number[], cpu: [] as number[], pg: [] as number[] }));
  const pgOf = (i: number, r: number) => (Number.isNaN(m[i].pg[r]) ? '' : ` + PostgreSQL ${m[i].pg[r].toFixed(0)} µs`);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const i of order) {
      const x = await run(subjects[i].g, SECONDS);
      m[i].rps.push(x.rps);
      m[i].cpu.push(x.cpu);
      m[i].pg.push(x.pgCpu);
    }
    console.log(`round ${r + 1}: ${subjects.map((s, i) => `${s.name} ${m[i].rps[r].toFixed(0)}/s, ${m[i].cpu[r].toFixed(0)} µs CPU per create${pgOf(i, r)}`).join('; ')}`);
  }
  for (const [i, s] of subjects.entries()) {
    const pg = m[i].pg.some((x) => !Number.isNaN(x)) ? `, PostgreSQL CPU per create ${spread(m[i].pg, 0)} µs` : '';
    console.log(`${db} ${s.name}: ${spread(m[i].rps, 0)} charges/s, gateway CPU per create ${spread(m[i].cpu, 0)} µs${pg} (median, min–max)`);
  }
  const rate = m[1].rps.map((x, i) => x / m[0].rps[i]);
  const cpu = m[1].cpu.map((x, i) => x / m[0].cpu[i]);
  const pg = m[1].pg.map((x, i) => x / m[0].pg[i]);
  console.log(`${db} B/A: charges/s ${spread(rate)}, CPU per create ${spread(cpu)} (median ${median(cpu).toFixed(2)})${pg.some((x) => !Number.isNaN(x)) ? `, PostgreSQL CPU per create ${spread(pg)}` : ''}`);
}
