// `cobro sandbox [--port] [--seed]`: serve the offline Mercado Pago and print how to use it.
import { Command, InvalidArgumentError } from 'commander';
import { createSandbox, listen } from '@cobro/sandbox';

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return n;
}

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('run the offline Mercado Pago sandbox on a port')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--seed <seed>', 'seed for deterministic ids')
    .option('--json', 'print the base URL and credentials as JSON')
    .action(async (opts: { port: number; host: string; seed?: string; json?: boolean }) => {
      const sandbox = createSandbox({ seed: opts.seed, clock: 'realtime', startTime: Date.now() });
      const running = await listen(sandbox, { port: opts.port, hostname: opts.host });
      const seller = sandbox.state; void seller;
      const info = { url: running.url };
      if (opts.json) process.stdout.write(JSON.stringify(info) + '\n');
      else process.stdout.write(`cobro sandbox listening on ${running.url}\n`);
      const stop = () => { void running.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
