// Serving a sandbox from the CLI with the demo seller ready, and telling the person what to try.
import { createSandbox, listen, type SandboxOptions } from '@cobro/sandbox';
import { seedDemo, type DemoSeed } from '../demo-seed.ts';

export interface ServeOptions { port: number; host: string; seed?: string; json?: boolean; clock?: SandboxOptions['clock'] }

export async function serveSandbox(opts: ServeOptions): Promise<void> {
  const sandbox = createSandbox({ seed: opts.seed, clock: opts.clock ?? 'realtime', startTime: Date.now() });
  const running = await listen(sandbox, { port: opts.port, hostname: opts.host });
  const demo = await seedDemo(sandbox, running.url);
  process.stdout.write(opts.json ? JSON.stringify({ url: running.url, ...demo }) + '\n' : banner(running.url, demo));
  const stop = () => { void running.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(url: string, d: DemoSeed): string {
  const auth = `-H 'Authorization: Bearer ${d.seller.access_token}'`;
  return `cobro sandbox — an offline Mercado Pago — listening on ${url}

  seller user_id   ${d.seller.user_id} (${d.seller.site_id})
  access_token     ${d.seller.access_token}
  client_id        ${d.seller.client_id}
  client_secret    ${d.seller.client_secret}
  webhook_secret   ${d.seller.webhook_secret}
  sponsor_id       ${d.sponsor_id} (the integrator account)
  store            ${d.store.external_id} (id ${d.store.id})
  POS              ${d.pos.external_id} (id ${d.pos.id}), printable QR: ${d.pos.qr_image}

Charge 150.50 on the POS's printed (static) QR:
  curl -s ${url}/v1/orders ${auth} -H 'Content-Type: application/json' -H 'X-Idempotency-Key: demo-1' \\
    -d '{"type":"qr","total_amount":"150.50","external_reference":"demo-1","config":{"qr":{"external_pos_id":"${d.pos.external_id}","mode":"static"}},"transactions":{"payments":[{"amount":"150.50"}]},"integration_data":{"sponsor":{"id":"${d.sponsor_id}"}}}'

Scan the POS QR and pay as the test buyer (card holder APRO approves; OTHE, FUND, … decline), then look:
  curl -s ${url}/__sandbox/pay -H 'Content-Type: application/json' -d '{"pos_id":${d.pos.id},"card":"APRO"}'
  curl -s ${url}/v1/orders/<order id> ${auth}

Docs: docs/sandbox.md. Ctrl-C stops.
`;
}
