// `cobro start` (what `npm start` runs): the main job on embedded defaults. Until the gateway exists this is
// the sandbox with a ready seller, store and POS.
import { Command } from 'commander';
import { createSandbox, listen } from '@cobro/sandbox';
import { parsePort } from './sandbox.ts';

export function startCommand(): Command {
  return new Command('start')
    .description('start cobro on embedded defaults (for now: the sandbox with a ready seller)')
    .option('-p, --port <port>', 'port to listen on', parsePort, 8787)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      const sandbox = createSandbox({ clock: 'realtime', startTime: Date.now() });
      const running = await listen(sandbox, { port: opts.port, hostname: opts.host });
      process.stdout.write(`cobro sandbox listening on ${running.url}\n`);
      const stop = () => { void running.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
