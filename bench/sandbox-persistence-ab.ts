// A/B of what persistence costs per order: two sandboxes, each keeping its state in its own data directory
// (bench/lib/persist-server.ts `data <dir>`), A built from an earlier commit (BENCH_BASE, default HEAD) and B
// from the working tree or from BENCH_HEAD when given (so a change can be measured without others' uncommitted
// work). A commit's tree comes from lib/archived-tree.ts. Interleaved rounds after a warm-up, a fresh
// idempotency key per request; prints orders/s and server CPU µs per order of each, medians, min–max and B/A.
// Run: node --import tsx bench/sandbox-persistence-ab.ts   (env BENCH_BASE, BENCH_HEAD, BENCH_SECONDS=3,
//      BENCH_ROUNDS=6, BENCH_CONNECTIONS=32)
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { archivedTree } from './lib/archived-tree.ts';
import { closedLoop } from './lib/calls.ts';
import { median, spread } from './lib/stats.ts';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const rev = (r: string) => execFileSync('git', ['rev-parse', '--short', r], { cwd: root, encoding: 'utf8' }).trim();
const temps: string[] = [];

function tree(commit: string): string {
  const dir = archivedTree(root, commit, 'cobro-persist-ab-');
  temps.push(dir);
  return dir;
}

interface Subject { name: string; child: ChildProcess; url: string; headers: Record<string, string>; pool: Pool }

async function start(name: string, from: string): Promise<Subject> {
  const data = mkdtempSync(join(tmpdir(), 'cobro-persist-ab-data-'));
  temps.push(data);
  const child = fork(join(from, 'bench/lib/persist-server.ts'), ['data', data], { cwd: from, execArgv: ['--conditions=@cobro/source', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const t = await new Promise<{ url: string; headers: Record<string, string> }>((ok, fail) => {
    child.once('message', (m) => ok(m as { url: string; headers: Record<string, string> }));
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code}`)));
  });
  return { name, child, ...t, pool: new Pool(t.url, { connections: CONNECTIONS, pipelining: 1 }) };
}

const cpuOf = (s: Subject) => new Promise<number>((ok) => { s.child.once('message', (m) => ok((m as { cpuMicros: number }).cpuMicros)); s.child.send({ cmd: 'stats' }); });

let keys = 0;
async function run(s: Subject, secs: number): Promise<{ rate: number; cpu: number }> {
  const before = await cpuOf(s);
  const r = await closedLoop(async () => {
    const k = `persist-ab-${++keys}`;
    const res = await s.pool.request({
      method: 'POST', path: '/v1/orders', headers: { ...s.headers, 'content-type': 'application/json', 'x-idempotency-key': k },
      body: JSON.stringify({ type: 'qr', total_amount: '150.50', external_reference: k, description: 'Bench order',
        config: { qr: { external_pos_id: 'BENCHPOS1', mode: 'dynamic' } }, transactions: { payments: [{ amount: '150.50' }] } }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`);
  }, { concurrency: CONNECTIONS, seconds: secs });
  return { rate: r.perSecond, cpu: ((await cpuOf(s)) - before) / r.calls };
}

const subjects: Subject[] = [];
try {
  const a = rev(env.BENCH_BASE ?? 'HEAD'), b = env.BENCH_HEAD ? rev(env.BENCH_HEAD) : 'working tree';
  subjects.push(await start(`A ${a}`, tree(a)), await start(`B ${b}`, env.BENCH_HEAD ? tree(b) : root));
  for (const s of subjects) await run(s, 1);
  const rates: number[][] = [[], []], cpu: number[][] = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    for (const i of r % 2 ? [1, 0] : [0, 1]) {
      const w = await run(subjects[i], SECONDS);
      rates[i].push(w.rate);
      cpu[i].push(w.cpu);
    }
    console.log(`round ${r + 1}: ${subjects.map((s, i) => `${s.name} ${rates[i][r].toFixed(0)}/s ${cpu[i][r].toFixed(0)} µs`).join(', ')}`);
  }
  for (const [i, s] of subjects.entries()) console.log(`${s.name}: ${spread(rates[i], 0)} orders/s, ${spread(cpu[i], 0)} µs server CPU per order`);
  console.log(`B/A orders/s ${spread(rates[1].map((x, i) => x / rates[0][i]))}, A/B CPU per order ${spread(cpu[0].map((x, i) => x / cpu[1][i]))}`);
} finally {
  for (const s of subjects) { await s.pool.close(); s.child.kill('SIGTERM'); }
  await new Promise((r) => setTimeout(r, 500));
  for (const d of temps) rmSync(d, { recursive: true, force: true });
}
