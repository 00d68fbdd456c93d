// `cobro --version` start-up against a bare `node -e 0`, each a fresh process, interleaved A B C D … within
// each round. Subjects: the CLI as a user installs it (the one-file build under node_modules/@cobro/cli,
// started through its bin), the same bin inside this repository (it first checks the build is newer than
// the sources), the same through `npx` (npm's own start-up on top), and the way it ran before the build
// (src/bin.ts through tsx). Goal: installed ≤ 2× bare node.
// Run: npm run bench:cli   (env BENCH_ROUNDS, default 5; BENCH_RUNS per subject per round, default 7)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installBuilt } from './lib/install-built.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const root = fileURLToPath(new URL('..', import.meta.url));
const version = (JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./packages/cli/package.json"))'], { cwd: root, encoding: 'utf8' })) as { version: string }).version;

const installed = installBuilt('cli');
execFileSync(process.execPath, [join(root, 'packages/cli/scripts/build.mjs')], { stdio: 'inherit' });
const node = process.execPath;
const subjects: Record<string, [string, string[]]> = {
  'node -e 0': [node, ['-e', '0']],
  'installed cobro --version': [node, [join(installed.pkgDir, 'bin/cobro.cjs'), '--version']],
  'repo bin --version': [node, [join(root, 'packages/cli/bin/cobro.cjs'), '--version']],
  'npx cobro --version': ['npx', ['cobro', '--version']],
  'tsx src/bin.ts --version': [node, ['--conditions=@cobro/source', '--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), '--version']],
};

function timeOnce([file, args]: [string, string[]]): number {
  const t0 = performance.now();
  const out = execFileSync(file, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  // A subject that prints the wrong thing (or fails, which throws) must fail the bench, not look fast.
  if (args[0] !== '-e' && out.trim() !== version) throw new Error(`${file} ${args.join(' ')} printed ${JSON.stringify(out)}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`node ${process.version}, ${rounds} rounds × ${runs} runs per subject, interleaved; medians per round in ms`);
for (const args of Object.values(subjects)) timeOnce(args); // warm-up: file cache, tsx's transform cache
const ratios: Record<string, number[]> = {};
const names = Object.keys(subjects);
for (let r = 1; r <= rounds; r++) {
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) for (const n of names) samples[n].push(timeOnce(subjects[n]));
  const base = median(samples[names[0]]);
  const cells = names.map((n, k) => {
    const m = median(samples[n]);
    if (k > 0) (ratios[n] ??= []).push(m / base);
    return `${n} ${m.toFixed(0)}${k > 0 ? ` (${(m / base).toFixed(2)}×)` : ''}`;
  });
  console.log(`round ${r}: ${cells.join(' · ')}`);
}
for (const [n, xs] of Object.entries(ratios)) {
  console.log(`${n}: median ${median(xs).toFixed(2)}× bare node (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`);
}
installed.remove();
