// Shared plumbing of every command: the common options and one error path (message, fix, exit code).
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkBaseUrl, type CommonOptions } from './context.ts';
import { CliError, toCliError } from './errors.ts';
import { printError } from './output.ts';

function parseBaseUrl(v: string): string {
  try {
    return checkBaseUrl(v);
  } catch (err) {
    throw err instanceof CliError ? new InvalidArgumentError(err.message) : err;
  }
}

/** `--profile`, `--base-url`, `--json` on a leaf command. */
export function withCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--profile <name>', 'profile to use (default: $COBRO_PROFILE or "default")'))
    .addOption(new Option('--base-url <url>', 'Mercado Pago API or a sandbox (default: profile base_url, $COBRO_BASE_URL, https://api.mercadopago.com)').argParser(parseBaseUrl))
    .option('--json', 'machine-readable output (never prompts)');
}

/** Prompts only when a person is there: stdin and stdout are terminals and --json is off. */
export function interactive(opts: CommonOptions): boolean {
  return !opts.json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
}

/** Wrap an action: errors become one stderr line (and a JSON error with --json) and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.opts<CommonOptions>();
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      const e = toCliError(err);
      printError(e, Boolean(opts.json));
      process.exitCode = e.exitCode;
    }
  };
}
