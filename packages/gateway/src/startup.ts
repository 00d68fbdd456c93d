// What a started gateway tells the person or script that started it (`npm start`, `cobro gateway`,
// `npm run gateway`): one JSON line for scripts, or a banner whose commands work as printed — a curl that
// charges at the demo POS, and the command that pays it as the test buyer.
import { relative } from 'node:path';
import type { RunningGateway } from './main.ts';

/** The one JSON line of `--json`: the device key only on the start that created it (or `--reset-demo-key`). */
export function startupJson(gw: RunningGateway): string {
  const d = gw.demo;
  return JSON.stringify({
    url: gw.url, sandbox_url: gw.sandboxUrl ?? null, data_dir: gw.config.databaseUrl ? null : gw.config.dataDir,
    database: gw.config.databaseUrl ? 'postgresql' : 'pglite', admin_key_file: gw.adminKeyFile ?? null,
    seller: d?.seller ?? null, store: d?.store ?? null, pos: d?.pos ?? null,
  }) + '\n';
}

/** The banner. `cobro` is how to run the CLI here (`npx cobro` unless it is on PATH). */
export function startupBanner(gw: RunningGateway, cobro = 'npx cobro'): string {
  const d = gw.demo;
  const here = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : `./${relative(process.cwd(), p) || '.'}`);
  const lines = [
    `cobro gateway — listening on ${gw.url}`,
    '',
    `  Mercado Pago     ${gw.sandboxUrl ? `the embedded sandbox on ${gw.sandboxUrl} (offline; its state is kept with the gateway's)` : gw.config.mp.baseUrl}`,
    `  database         ${gw.config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${here(gw.config.dataDir)} (delete it to start afresh)`}`,
    ...(gw.adminKeyFile ? [`  admin API key    in ${here(gw.adminKeyFile)} (Authorization: Bearer <key> on /admin/api/…)`] : []),
    `  admin pages      ${gw.url}/admin (log in with the admin key)`,
    `  cashier page     ${gw.url}/cashier (pair it with a device key or a pairing code)`,
  ];
  if (d) {
    const key = d.pos.device_key ?? '<device key>';
    lines.push(
      `  demo seller      ${d.seller.nickname} (user_id ${d.seller.user_id}, ${d.seller.site_id}), connected through OAuth`,
      `  store · POS      ${d.store.external_id} · ${d.pos.external_id}`,
      d.pos.device_key
        ? `  device key       ${d.pos.device_key}   (shown once: keep it; --reset-demo-key makes a new one)`
        : '  device key       shown on the start that made it (--reset-demo-key revokes it and makes a new one)',
      '',
      'Charge 150.50 at the demo POS, as a terminal would:',
      `  curl -s ${gw.url}/api/charges -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' \\`,
      `    -H 'Idempotency-Key: sale-1' -d '{"amount":"150.50","mode":"dynamic"}'`,
      ...(gw.sandboxUrl ? [
        'then pay it as the test buyer, with the qr_data of the answer (APRO approves; OTHE, FUND, … decline):',
        `  ${cobro} sandbox pay '<qr_data>' --base-url ${gw.sandboxUrl} --card APRO`,
      ] : []),
      'and watch it change (Server-Sent Events, until a final state):',
      `  curl -sN ${gw.url}/api/charges/<id>/events -H 'Authorization: Bearer ${key}'`,
    );
  }
  lines.push('', 'Docs: docs/gateway.md. Ctrl-C stops (in-flight requests and jobs finish first).', '');
  return lines.join('\n');
}
