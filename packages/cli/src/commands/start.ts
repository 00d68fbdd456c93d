// `cobro start` (what `npm start` runs): the main job on embedded defaults. Until the gateway exists this is
// the sandbox with a ready seller, store and POS, saved as the "sandbox" profile.
import { Command } from 'commander';
import { parsePort } from './sandbox.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('start cobro on embedded defaults (for now: the sandbox with a ready seller, store and POS)')
    .option('-p, --port <port>', 'port to listen on', parsePort, Number(process.env.PORT ?? 8787))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--no-save-profile', 'do not write the "sandbox" profile')
    .option('--json', 'print the base URL and credentials as one JSON line')
    .action(async (opts: { port: number; host: string; saveProfile: boolean; json?: boolean }) =>
      (await import('./serve-sandbox.ts')).serveSandbox({ ...opts, saveProfile: opts.saveProfile ? 'sandbox' : false }));
}
