// Cold import time: a fresh `node -e "import('<specifier>')"` per run, the median over `runs`, minus the
// median of a bare `node -e ""` (process start-up). Runs are interleaved so drift hits every entry alike.
import { execFileSync } from 'node:child_process';

export interface ImportTarget { specifier: string; cwd: string }

function timeOnce(code: string, cwd: string): number {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', code], { cwd, stdio: 'ignore' });
  return performance.now() - t0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Milliseconds each target adds to a bare node start, plus the bare start itself under `baseline`. */
export function coldImportMs(targets: Record<string, ImportTarget>, runs: number): Record<string, number> & { baseline: number } {
  const samples: Record<string, number[]> = { baseline: [] };
  for (const name of Object.keys(targets)) samples[name] = [];
  for (let i = 0; i < runs; i++) {
    samples.baseline.push(timeOnce('', process.cwd()));
    for (const [name, t] of Object.entries(targets)) {
      // A failed import must fail the bench, not look fast.
      samples[name].push(timeOnce(`import(${JSON.stringify(t.specifier)}).catch((e) => { console.error(e); process.exit(1); })`, t.cwd));
    }
  }
  const baseline = median(samples.baseline);
  const out: Record<string, number> = { baseline };
  for (const name of Object.keys(targets)) out[name] = median(samples[name]) - baseline;
  return out as Record<string, number> & { baseline: number };
}
