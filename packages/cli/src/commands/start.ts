// `cobro start` (what `npm start` runs): the main job on embedded defaults. Until the gateway exists this is
// the sandbox with a ready seller, store and POS, saved as the "sandbox" profile in the project's own
// `.cobro/` (nothing is written outside the working directory unless COBRO_HOME says where).
import { Command } from 'commander';
import { join } from 'node:path';
import { PROJECT_DIR, projectHome } from '../config/files.ts';
import { usageError } from '../errors.ts';
import { parsePort } from './sandbox.ts';
import { addSandboxOptionFlags, sandboxOptionsFrom } from '../sandbox-flags.ts';

/** `$PORT` as a port, or a usage error naming the variable. */
export function envPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.PORT;
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw usageError(`PORT="${v}" is not a port`, 'set PORT to an integer from 0 to 65535 (0 = any free port), or unset it and pass --port');
  return Number(v);
}

export function startCommand(): Command {
  const cmd = new Command('start')
    .description('start cobro on embedded defaults (for now: the sandbox with a ready seller, store and POS)')
    .option('-p, --port <port>', 'port to listen on (default: $PORT, else 8787)', parsePort)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--no-save-profile', 'do not write the "sandbox" profile')
    .option('--json', 'print the base URL and credentials as one JSON line')
    .option('--data <dir>', `where the sandbox keeps its state across restarts (default: $COBRO_DATA_DIR, else ./${PROJECT_DIR}/sandbox)`)
    .option('--no-data', 'keep the state in memory only (a new seller and POS every start)')
    .addHelpText('after', `\nThe "sandbox" profile goes to $COBRO_HOME when set, else to ./${PROJECT_DIR}/ (found again by cobro commands run in this folder or below).`)
    .action(async (opts: { port?: number; host: string; saveProfile: boolean; json?: boolean; data?: string | false } & Record<string, unknown>) => {
      const port = opts.port ?? envPort() ?? 8787;
      const project = projectHome() ?? join(process.cwd(), PROJECT_DIR);
      process.env.COBRO_HOME ||= project;
      // The state stays with the project too, so a second `npm start` keeps the seller, store and POS.
      const dataDir = opts.data === false ? undefined : opts.data || process.env.COBRO_DATA_DIR || join(project, 'sandbox');
      await (await import('./serve-sandbox.ts')).serveSandbox({
        ...opts, port, saveProfile: opts.saveProfile ? 'sandbox' : false, dataDir, sandbox: sandboxOptionsFrom(opts),
      });
    });
  // The sandbox's every option as a flag, as on `cobro sandbox` (sandbox-flags.ts).
  return addSandboxOptionFlags(cmd);
}
