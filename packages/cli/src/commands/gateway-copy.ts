// `cobro gateway copy-to-postgres`: the step from one gateway process on PGlite to N on PostgreSQL. Every row of
// the data folder's PGlite goes into an empty PostgreSQL database in one transaction (the folder stays the
// backup); then the gateways start with DATABASE_URL and the same keys.
import { Command } from 'commander';
import { join } from 'node:path';
import { PROJECT_DIR, projectHome } from '../config/files.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { mark, printJson, printLine } from '../output.ts';
import { Spinner } from '../spinner.ts';
import { action } from '../run.ts';

interface CopyOptions { data?: string; to?: string; json?: boolean }

export function gatewayCopyCommand(): Command {
  return new Command('copy-to-postgres')
    .description("copy the gateway's PGlite (in the data folder) into an empty PostgreSQL database, to run N processes on it")
    .option('--data <dir>', `the data folder (default: $COBRO_DATA_DIR, else ./${PROJECT_DIR})`)
    .option('--to <url>', 'the PostgreSQL database to copy into (default: $DATABASE_URL)')
    .option('--json', 'print one JSON line: the tables and rows copied')
    .addHelpText('after', `
Stop the gateway first (the data folder is locked while the copy runs). The copy is one transaction: a failure
leaves the database as it was. The data folder stays the backup (only its schema is brought up to date, as the
next start would). Then start every process with DATABASE_URL set and the same COBRO_ENCRYPTION_KEYS (with the
embedded sandbox, the same data folder, which holds the sandbox and the generated keys).`)
    .action(action(async (o: CopyOptions) => {
      const gateway = await import('@cobro/gateway');
      const vars = gateway.readEnv();
      const dataDir = o.data ?? vars.COBRO_DATA_DIR ?? projectHome() ?? join(process.cwd(), PROJECT_DIR);
      const to = o.to ?? vars.DATABASE_URL;
      if (!to) throw usageError('no database to copy into', 'pass --to postgres://user@host:5432/db, or set DATABASE_URL');
      if (!/^postgres(ql)?:\/\//.test(to)) throw usageError(`--to must be a postgres:// URL, got "${to.replace(/\/\/[^@/]*@/, '//…@')}"`, 'pass --to postgres://user@host:5432/db');
      // On a terminal a live line counts the rows of the table being copied; in a pipe, one line per table.
      const spin = !o.json && process.stdout.isTTY ? new Spinner() : undefined;
      const tableLine = (name: string, rows: number) => `  ${name.padEnd(22)} ${rows}`;
      const between = `copying ${dataDir}`;
      spin?.start(between);
      try {
        const r = await gateway.copyPgliteToPostgres({
          dataDir, databaseUrl: to,
          onTable: o.json ? undefined : (name, rows) => {
            if (!spin) return printLine(tableLine(name, rows));
            spin.message(between);
            spin.above(tableLine(name, rows));
          },
          onRows: spin && ((name, rows) => spin.message(`copying ${name}: ${rows} rows`)),
        });
        const total = r.tables.reduce((n, t) => n + t.rows, 0);
        const done = `copied ${total} rows from ${dataDir} — start the gateway with DATABASE_URL set (same COBRO_ENCRYPTION_KEYS${vars.MP_CLIENT_ID ? '' : ', same data folder'})`;
        if (o.json) printJson({ ok: true, data_dir: dataDir, tables: r.tables, rows: total });
        else if (spin) spin.stop(mark.ok, done);
        else printLine(done);
      } catch (err) {
        spin?.stop(mark.fail, 'nothing was copied');
        throw copyError(err, gateway.CopyRefusedError);
      }
    }));
}

function copyError(err: unknown, refused: new (...a: never[]) => Error): CliError {
  const message = (err as Error).message;
  if (err instanceof refused) return new CliError(message, undefined, EXIT.usage, 'copy_refused');
  // The URL (and the password in it) stays out of the message: pg names the host it could not reach.
  return new CliError(`the copy failed, nothing was written: ${message}`, 'check that the database exists (createdb makes an empty one), is reachable, and that its user may create tables', EXIT.failure, 'copy_failed');
}
