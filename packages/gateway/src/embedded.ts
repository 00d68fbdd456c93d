// Embedded mode: the sandbox as the gateway's Mercado Pago, its state persisted in the gateway's data folder, so
// a restart keeps sellers, tokens and orders. The integrator's application, its sponsor account and a demo
// shop are made once and remembered in `embedded.json` (0600: it holds the sandbox app's secret).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, listen, type RunningSandbox, type Sandbox } from '@cobro/sandbox';

export const MP_ORIGIN = 'https://api.mercadopago.com';

export interface EmbeddedIdentity {
  integrator: { user_id: number; client_id: string; client_secret: string; webhook_secret: string };
  sponsor_id: number;
  shop: { user_id: number; email: string; password: string; site_id: string };
}

export interface EmbeddedMp {
  sandbox: Sandbox;
  server: RunningSandbox;
  identity: EmbeddedIdentity;
  close(): Promise<void>;
}

async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await sb.fetch(`${MP_ORIGIN}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`embedded sandbox ${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Start the embedded sandbox (persisted in `<dataDir>/sandbox`), served on `sandboxPort` for the buyer's commands;
 * its webhooks go to `deliver` in process. The app's redirect and webhook URLs follow `publicUrl` on every start.
 */
export async function startEmbeddedMp(o: { dataDir: string; publicUrl: string; sandboxPort: number; host: string; deliver: (req: Request) => Promise<Response> }): Promise<EmbeddedMp> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const sandbox = createSandbox({ dataDir: join(o.dataDir, 'sandbox'), clock: 'realtime', webhookFetch: o.deliver });
  const file = join(o.dataDir, 'embedded.json');
  let identity: EmbeddedIdentity;
  if (existsSync(file)) {
    identity = JSON.parse(readFileSync(file, 'utf8')) as EmbeddedIdentity;
  } else {
    const integrator = await control(sandbox, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'COBRO_INTEGRATOR', pkce: true });
    const sponsor = await control(sandbox, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'COBRO_SPONSOR' });
    const shop = await control(sandbox, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'COBRO_DEMO_SHOP', email: 'demo-shop@cobro.test', password: 'cobro-demo-1' });
    identity = {
      integrator: { user_id: integrator.user_id, client_id: integrator.client_id, client_secret: integrator.client_secret, webhook_secret: integrator.webhook_secret },
      sponsor_id: sponsor.user_id,
      shop: { user_id: shop.user_id, email: shop.email, password: shop.password, site_id: 'MLA' },
    };
    writeFileSync(file, JSON.stringify(identity, null, 2) + '\n', { mode: 0o600 });
  }
  await control(sandbox, 'PATCH', `/__sandbox/apps/${identity.integrator.client_id}`, {
    redirect_uris: [`${o.publicUrl}/oauth/callback`], webhook_url: `${o.publicUrl}/webhooks/mercadopago`,
  });
  const server = await listen(sandbox, { port: o.sandboxPort, hostname: o.host }).catch((err: unknown) => {
    sandbox.close(); // releases its data directory for the next try
    throw err;
  });
  return { sandbox, server, identity, close: () => server.close() };
}

/** Connect the demo shop through the real consent flow: our /connect, MP's consent page, our callback. */
export async function connectDemoShop(gatewayUrl: string, sandbox: Sandbox, shop: EmbeddedIdentity['shop']): Promise<void> {
  const start = await fetch(`${gatewayUrl}/connect`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`/connect answered ${start.status}: ${await start.text()}`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const consent = new URL(start.headers.get('location')!);
  const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), email: shop.email, password: shop.password, decision: 'allow' });
  const allowed = await sandbox.fetch(`${MP_ORIGIN}/authorization`, { method: 'POST', body: form, redirect: 'manual' });
  if (allowed.status !== 302) throw new Error(`the consent page answered ${allowed.status}: ${await allowed.text()}`);
  const back = await fetch(allowed.headers.get('location')!, { headers: { cookie, accept: 'application/json' }, redirect: 'manual' });
  if (!back.ok) throw new Error(`/oauth/callback answered ${back.status}: ${await back.text()}`);
}
