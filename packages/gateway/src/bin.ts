// `npm run gateway` / `node --import tsx packages/gateway/src/bin.ts [--json] [--reset-demo-key]`: the gateway on
// embedded defaults (PGlite and the sandbox in ./.cobro, a demo seller connected through OAuth), or configured
// by the environment / .env. The CLI's `cobro gateway` (and `npm start`) is the same with flags.
import { startGateway } from './main.ts';
import { ConfigError } from './config.ts';
import { startupBanner, startupJson } from './startup.ts';
import pino from 'pino';

const json = process.argv.includes('--json');
try {
  // With --json, stdout is the one JSON line a script reads: the logs go to stderr.
  const gw = await startGateway({ ...(json && { logDestination: pino.destination(2) }), resetDemoKey: process.argv.includes('--reset-demo-key') });
  process.stdout.write(json ? startupJson(gw) : startupBanner(gw));
  const stop = () => { void gw.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `cobro gateway could not start: ${(err as Error).message}`}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
