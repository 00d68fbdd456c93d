// Printing: human text to stdout, or one JSON document (or one JSON line per event for long-running
// commands) with --json. Errors: one line on stderr saying what is wrong and how to fix it, and with --json
// also one JSON object on stdout.
import type { CliError } from './errors.ts';
import { runnable } from './hints.ts';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** A line that suggests commands: spelt so that they run as shown. */
export function hint(text: string): void {
  printLine(runnable(text));
}

/** A note on stderr (not part of the command's output): overrides, warnings. */
export function note(text: string): void {
  process.stderr.write(`cobro: ${runnable(text)}\n`);
}

export function printError(err: CliError, json: boolean): void {
  const fix = err.fix === undefined ? undefined : runnable(err.fix);
  if (json) {
    printJson({ ok: false, error: { message: err.message, fix: fix ?? null, code: err.code ?? 'error', exit_code: err.exitCode, ...(err.requestId ? { request_id: err.requestId } : {}) } });
  }
  const rid = err.requestId ? ` (request id ${err.requestId})` : '';
  process.stderr.write(`cobro: ${err.message}${rid}${fix ? ` — ${fix}` : ''}\n`);
}

/** Human output: `✔`, `✘`, `!` marks. */
export const mark = { ok: '✔', fail: '✘', warn: '!' } as const;

export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}
