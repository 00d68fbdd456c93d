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

/** Rewrite the `cobro …` commands in a hint so they run as shown. */
export function runnable(text: string): string {
  const cmd = cobroCmd();
  if (cmd === 'cobro') return text;
  return text.replace(/(^|[`'"(\s:])cobro (?=[a-z-])/g, `$1${cmd} `);
}
