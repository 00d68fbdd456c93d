// `npm run gateway` / `node --import tsx packages/gateway/src/bin.ts [--json] [--reset-demo-key]`: the gateway on
// embedded defaults (PGlite and the sandbox in ./.cobro, a demo seller connected through OAuth), or configured
// by the environment / .env. Prints where it is and a curl that charges at the demo POS.
import { startGateway } from './main.ts';
import { ConfigError } from './config.ts';
import pino from 'pino';

const json = process.argv.includes('--json');
try {
  // With --json, stdout is the one JSON line a script reads: the logs go to stderr.
  const gw = await startGateway({ ...(json && { logDestination: pino.destination(2) }), resetDemoKey: process.argv.includes('--reset-demo-key'), ...(process.env.SANDBOX_PORT && { sandboxPort: Number(process.env.SANDBOX_PORT) }) });
  const d = gw.demo;
  if (json) {
    process.stdout.write(JSON.stringify({ url: gw.url, sandbox_url: gw.sandboxUrl, seller: d?.seller, store: d?.store, pos: d?.pos }) + '\n');
  } else {
    const key = d?.pos.device_key ?? '<the demo POS device key (shown on the start that made it; --reset-demo-key for a new one)>';
    process.stdout.write([
      `cobro gateway on ${gw.url}${gw.sandboxUrl ? ` (Mercado Pago: the embedded sandbox on ${gw.sandboxUrl})` : ''}`,
      ...(d ? [
        `demo seller ${d.seller.nickname} (${d.seller.site_id}), store ${d.store.external_id}, POS ${d.pos.external_id}`,
        ...(d.pos.device_key ? [`device key (shown once): ${d.pos.device_key}`] : []),
        '', 'charge 150.50 at the demo POS:',
        `  curl -s ${gw.url}/api/charges -H 'authorization: Bearer ${key}' -H 'content-type: application/json' -H 'idempotency-key: sale-1' -d '{"amount":"150.50"}'`,
        'pay it as the test buyer (use the qr_data from the answer):',
        `  curl -s ${gw.sandboxUrl}/__sandbox/pay -d '{"qr_data":"<qr_data>","card":"APRO"}'`,
      ] : []),
      '', 'Ctrl-C stops it.', '',
    ].join('\n'));
  }
  const stop = () => { void gw.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `cobro gateway could not start: ${(err as Error).message}`}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
