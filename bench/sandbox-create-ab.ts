// A/B of the sandbox's create path: `POST /v1/orders` on a sandbox built from an earlier commit (A, BENCH_BASE,
// default HEAD — the tree as committed) against one from the working tree (B), with the raw node:http JSON
// server of bench:scale as the baseline. A's packages/sandbox and bench/ come from lib/archived-tree.ts
// (`git archive` beside this checkout's node_modules), so both run the same dependencies. Each server is its own
// child process, started as bench/lib/server-process.ts starts them (`servers.ts sandbox-orders 0`); the load
// loop runs here. Interleaved rounds (the order rotates every round) after a warm-up; every round prints
// orders/s and the server's CPU per request (µs) of each, and the summary the medians with their min–max, B/A
// and each sandbox against raw, by rate and by server CPU.
// Run: node --import tsx bench/sandbox-create-ab.ts   (env BENCH_BASE=<commit> BENCH_SECONDS=3 BENCH_ROUNDS=6
//      BENCH_CONNECTIONS=32)
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { archivedTree } from './lib/archived-tree.ts';
import { load } from './lib/load.ts';
import { orderBody } from './lib/preload.ts';
import { median, spread } from './lib/stats.ts';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const base = execFileSync('git', ['rev-parse', '--short', env.BENCH_BASE ?? 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

/** The base commit's sandbox and bench, with a node_modules whose @cobro/sandbox is that copy. */
const baseTree = (): string => archivedTree(root, base);

interface Subject { name: string; child: ChildProcess; target: { url: string; headers: Record<string, string>; posExternalId: string } }

/** `servers.ts kind` of the tree at `dir`, run from there (tsx then takes that tree's tsconfig paths). */
async function start(name: string, dir: string, kind: string): Promise<Subject> {
  const child = fork(join(dir, 'bench/lib/servers.ts'), [kind, '0'], { cwd: dir, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const target = await new Promise<Subject['target']>((res, rej) => { child.once('message', (m) => res(m as Subject['target'])); child.once('exit', (c) => rej(new Error(`${name} exited with ${c}`))); });
  return { name, child, target };
}

const cpuOf = (s: Subject) => new Promise<number>((res) => {
  s.child.once('message', (m) => res((m as { cpuMicros: number }).cpuMicros));
  s.child.send({ cmd: 'cpu' });
});

let keys = 0;
async function run(s: Subject, seconds: number): Promise<{ rps: number; cpu: number }> {
  const t = s.target;
  const headers = { ...t.headers, 'content-type': 'application/json' };
  const c0 = await cpuOf(s);
  const r = await load({ url: t.url, path: '/v1/orders', connections: CONNECTIONS, seconds, expect: 201, request: () => {
    const k = `ab-${++keys}`;
    return { method: 'POST', path: '/v1/orders', headers: { ...headers, 'x-idempotency-key': k }, body: JSON.stringify(orderBody(t.posExternalId, k)) };
  } });
  const c1 = await cpuOf(s);
  if (r.errors) console.log(`  ${s.name}: ${r.errors} errors, first: ${String(r.firstError)}`);
  return { rps: r.rps, cpu: (c1 - c0) / r.requests };
}

const tree = baseTree();
const subjects: Subject[] = [];
try {
  subjects.push(await start('raw', root, 'raw-json'), await start(`A ${base}`, tree, 'sandbox-orders'), await start('B', root, 'sandbox-orders'));
  console.log(`node ${process.version}, ${availableParallelism()} cores shared by this load loop and the server under test; ` +
    `A = ${base}, B = working tree; ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s (${execFileSync('uptime', { encoding: 'utf8' }).trim()})`);
  for (const s of subjects) await run(s, 2); // warm-up: JIT, keep-alive sockets
  const m = subjects.map(() => ({ rps: [] as number[], cpu: [] as number[] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < subjects.length; i++) {
      const j = (i + r) % subjects.length;
      await run(subjects[j], 0.5); // untimed: its code hot again after the others' windows
      const x = await run(subjects[j], SECONDS);
      m[j].rps.push(x.rps);
      m[j].cpu.push(x.cpu);
    }
    console.log(`round ${r + 1}: ${subjects.map((s, i) => `${s.name} ${m[i].rps[r].toFixed(0)}/s ${m[i].cpu[r].toFixed(0)} µs`).join(', ')}`);
  }
  console.log('');
  subjects.forEach((s, i) => console.log(`${s.name.padEnd(10)} ${spread(m[i].rps, 0)} orders/s, ${spread(m[i].cpu, 0)} µs server CPU per request`));
  // Per round, then median and spread; CPU ratios inverted so that, like rates, higher is better.
  const ratio = (a: number, b: number) => `${spread(m[a].rps.map((x, r) => x / m[b].rps[r]))} by rate, ` +
    `${spread(m[b].cpu.map((x, r) => x / m[a].cpu[r]))} by server CPU`;
  console.log(`B/A       = ${ratio(2, 1)}`);
  console.log(`A/raw     = ${ratio(1, 0)}`);
  console.log(`B/raw     = ${ratio(2, 0)}  (goal ≥ 0.40)`);
  console.log(`median CPU per order: A ${median(m[1].cpu).toFixed(0)} µs, B ${median(m[2].cpu).toFixed(0)} µs, raw ${median(m[0].cpu).toFixed(0)} µs`);
} finally {
  for (const s of subjects) s.child.kill();
  rmSync(tree, { recursive: true, force: true });
}
