// `cobro sandbox [--port] [--seed]`: serve the offline Mercado Pago and print how to use it.
import { Command, InvalidArgumentError } from 'commander';
import { serveSandbox } from './serve-sandbox.ts';

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return n;
}

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('run the offline Mercado Pago sandbox on a port, with a ready seller, store and POS')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <seed>', 'seed for deterministic ids')
    .option('--manual-clock', 'time moves only through POST /__sandbox/clock/advance')
    .option('--json', 'print the base URL and credentials as one JSON line')
    .action((opts: { port: number; host: string; seed?: string; json?: boolean; manualClock?: boolean }) =>
      serveSandbox({ ...opts, clock: opts.manualClock ? 'manual' : 'realtime' }));
}
