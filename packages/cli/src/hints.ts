// Hints must run as printed. When `cobro` is not on the person's PATH (a clone, `npm start`, `npx`), the
// commands we suggest are spelt `npx cobro …`.
import { accessSync, constants } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

let cached: string | undefined;

function onPath(): boolean {
  // npx and `npm run` put node_modules/.bin on our PATH, not on the shell's: those dirs do not count.
  if (process.env.npm_command === 'exec' || process.env.npm_lifecycle_event) return false;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !d.includes(`node_modules${sep}.bin`));
  const names = process.platform === 'win32' ? ['cobro.cmd', 'cobro.exe'] : ['cobro'];
  return dirs.some((d) => names.some((n) => {
    try { accessSync(join(d, n), constants.X_OK); return true; } catch { return false; }
  }));
}

/** `cobro` or `npx cobro`: how the person can run cobro from their shell. */
export function cobroCmd(): string {
  return (cached ??= onPath() ? 'cobro' : 'npx cobro');
}

/** `cobro <one of its commands>`, not the word cobro in a sentence ("cobro cannot …"). */
const COMMAND = /(^|[`'"(\s:])cobro (?=(?:init|doctor|profiles|logout|test-users|connect|tokens|stores|pos|charge|orders|payments|merchant-orders|trigger|events|listen|sandbox|gateway|start|version|--help)\b)/g;

/** Rewrite the `cobro …` commands in a hint so they run as shown. */
export function runnable(text: string): string {
  const cmd = cobroCmd();
  if (cmd === 'cobro') return text;
  return text.replace(COMMAND, `$1${cmd} `);
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** The candidate a typo most likely meant (within 2 edits, or a unique prefix), as `; did you mean x?`. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const scored = candidates.map((c) => ({ c, d: c.startsWith(word) ? 0 : distance(word, c) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d);
  return scored.length ? `; did you mean ${scored[0].c}?` : '';
}
