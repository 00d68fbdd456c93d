// A gateway wired to an in-process sandbox as its Mercado Pago, on a test database: the integrator's app with the
// gateway's callback registered, and shops (sellers) that connect through the real consent page.
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '@cobro/sandbox';
import type { Db } from '../src/db/database.ts';
import { buildApp } from '../src/app.ts';
import { Vault } from '../src/crypto/vault.ts';
import { MpClients } from '../src/services/mp.ts';
import { SellersRepository } from '../src/repositories/sellers.ts';
import { SellersService } from '../src/services/sellers.ts';

export const MP = 'https://api.mercadopago.com';
export const GATEWAY = 'http://gateway.test';
export const KEYS = `k1:${Buffer.alloc(32, 9).toString('base64')}`;

export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await sb.fetch(`${MP}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

export interface TestGateway {
  sb: Sandbox;
  integrator: any;
  app: ReturnType<typeof buildApp>;
  sellers: SellersService;
  /** Another process of the same gateway (same db and sandbox, its own instance id). */
  second(): SellersService;
  now: { value: Date };
  connect(shop: { email: string; password: string }): Promise<{ status: number; body: any }>;
  shop(site?: string): Promise<any>;
}

export async function testGateway(db: Db, seed: string): Promise<TestGateway> {
  const sb = createSandbox({ seed });
  const integrator = await control(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', redirect_uris: [`${GATEWAY}/oauth/callback`], pkce: true });
  const now = { value: new Date(sb.control.clock.now()) };
  const vault = new Vault(KEYS);
  const mp = new MpClients({
    baseUrl: MP, transport: sb.fetch, now: () => now.value.getTime(),
    app: { clientId: integrator.client_id, clientSecret: integrator.client_secret, authorizationUrl: `${MP}/authorization`, sponsorId: String(integrator.user_id) },
  });
  const service = (instanceId: string) => new SellersService({
    repo: new SellersRepository(db.db), vault, mp, now: () => now.value, redirectUri: `${GATEWAY}/oauth/callback`, instanceId,
  });
  const sellers = service('gw-1');
  const app = buildApp({ sellers, cookieSecret: vault.derive('cookies'), secureCookies: false });
  let shops = 0;
  return {
    sb, integrator, app, sellers, now, second: () => service('gw-2'),
    shop: (site = 'MLB') => control(sb, 'POST', '/__sandbox/accounts', { site_id: site, email: `shop${++shops}@${seed}.example`, password: 'clave-segura-1' }),
    async connect(shop) {
      const start = await app.request(`${GATEWAY}/connect`);
      assert.equal(start.status, 302);
      const cookie = start.headers.get('set-cookie')!.split(';')[0];
      const consent = new URL(start.headers.get('location')!);
      // The seller signs in on Mercado Pago's consent page and allows the app.
      const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), email: shop.email, password: shop.password, decision: 'allow' });
      const allowed = await sb.fetch(`${MP}/authorization`, { method: 'POST', body: form, redirect: 'manual' });
      assert.equal(allowed.status, 302, await allowed.clone().text());
      const back = await app.request(allowed.headers.get('location')!, { headers: { cookie, accept: 'application/json' } });
      return { status: back.status, body: await back.json() };
    },
  };
}
