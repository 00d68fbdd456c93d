// Printing: human text to stdout, or one JSON document (or one JSON line per event for long-running
// commands) with --json. Errors: one line on stderr saying what is wrong and how to fix it.
import type { CliError } from './errors.ts';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

export function printError(err: CliError, json: boolean): void {
  if (json) printJson({ ok: false, error: { message: err.message, fix: err.fix, code: err.code, exit_code: err.exitCode } });
  process.stderr.write(`cobro: ${err.message}${err.fix ? ` — ${err.fix}` : ''}\n`);
}

/** Human output: `✔`, `✘`, `!` marks. */
export const mark = { ok: '✔', fail: '✘', warn: '!' } as const;

export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}
