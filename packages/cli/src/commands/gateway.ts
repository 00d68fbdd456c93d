// `cobro gateway` (and `cobro start`, what `npm start` runs): the gateway on embedded defaults — PGlite and the
// sandbox as its Mercado Pago, both kept in ./.cobro, a demo seller connected through OAuth, a store, a POS and
// its device key — or, configured by the environment and .env, on PostgreSQL and real Mercado Pago.
import { Command } from 'commander';
import { join } from 'node:path';
import { PROJECT_DIR, projectHome } from '../config/files.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { cobroCmd } from '../hints.ts';
import { action } from '../run.ts';
import { parsePort } from './sandbox.ts';
import { gatewayCopyCommand } from './gateway-copy.ts';

interface GatewayOptions { port?: number; host?: string; data?: string; sandboxPort?: number; json?: boolean; resetDemoKey?: boolean }

/** `$PORT` as a port, or a usage error naming the variable. */
export function envPort(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const v = env.PORT;
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw usageError(`PORT="${v}" is not a port`, 'set PORT to an integer from 0 to 65535 (0 = any free port), or unset it and pass --port');
  return Number(v);
}

export function gatewayCommand(name = 'gateway', description = 'run the gateway: charges for your POS terminals, Mercado Pago behind them (embedded sandbox by default)'): Command {
  const cmd = new Command(name);
  // `cobro start` is the gateway alone; `cobro gateway` also has its tools.
  if (name === 'gateway') cmd.enablePositionalOptions().addCommand(gatewayCopyCommand());
  return cmd
    .description(description)
    .option('-p, --port <port>', 'port to listen on (default: $PORT, else 8080; 0 = any free port)', parsePort)
    .option('--host <host>', 'address to bind (default: $HOST, else 127.0.0.1)')
    .option('--data <dir>', `the data folder: PGlite, the embedded sandbox, keys (default: $COBRO_DATA_DIR, else ./${PROJECT_DIR})`)
    .option('--sandbox-port <port>', "the embedded sandbox's port (default: $SANDBOX_PORT, else the gateway's + 1)", parsePort)
    .option('--reset-demo-key', "revoke the demo POS's device keys and print a new one")
    .option('--json', 'print one JSON line: url, sandbox_url, seller, store, pos (device_key only when made)')
    .addHelpText('after', `
Configuration comes from the environment and ./.env (DATABASE_URL for PostgreSQL; MP_CLIENT_ID, MP_CLIENT_SECRET,
MP_SPONSOR_ID and COBRO_ENCRYPTION_KEYS for real Mercado Pago); flags win. Every variable: docs/gateway.md.`)
    .action(action(async (o: GatewayOptions) => {
      const gateway = await import('@cobro/gateway');
      const vars = gateway.readEnv();
      const port = o.port ?? envPort(vars);
      // The data stays with the project: the folder cobro commands already use (./.cobro, found from below too).
      const dataDir = o.data ?? vars.COBRO_DATA_DIR ?? projectHome() ?? join(process.cwd(), PROJECT_DIR);
      let gw: Awaited<ReturnType<typeof gateway.startGateway>>;
      try {
        gw = await gateway.startGateway({
          env: { ...vars, ...(o.host && { HOST: o.host }) }, port, dataDir, sandboxPort: o.sandboxPort, resetDemoKey: o.resetDemoKey,
          // stdout is the banner (or the one JSON line); the logs go to stderr.
          logDestination: process.stderr,
        });
      } catch (err) {
        throw startError(err, gateway.ConfigError);
      }
      process.stdout.write(o.json ? gateway.startupJson(gw) : gateway.startupBanner(gw, cobroCmd()));
      const stop = () => { void gw.close().then(() => process.exit(EXIT.ok)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }));
}

/** Why the gateway did not start, as one CliError: configuration and a busy data folder or port are usage errors. */
function startError(err: unknown, configError: new (...a: never[]) => Error & { problems: string[] }): CliError {
  if (err instanceof configError) {
    return new CliError(`invalid configuration: ${err.problems.join('; ')}`, 'fix the variables named (environment or ./.env); docs/gateway.md lists them all', EXIT.usage, 'invalid_configuration');
  }
  const message = (err as Error).message;
  if (/in use by process|already in use/.test(message)) return new CliError(message, undefined, EXIT.usage, 'in_use');
  return new CliError(`the gateway could not start: ${message}`, 'run with LOG_LEVEL=debug for the details (logs go to stderr)', EXIT.failure, 'start_failed');
}
