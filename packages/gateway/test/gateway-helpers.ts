// A gateway wired to an in-process sandbox as its Mercado Pago, on a test database: the integrator's app with the
// gateway's callback registered, and shops (sellers) that connect through the real consent page.
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '@cobro/sandbox';
import type { Db } from '../src/db/database.ts';
import { buildApp } from '../src/app.ts';
import { MpCallsRepository } from '../src/repositories/mp-calls.ts';
import { MpCallLog } from '../src/services/mp-call-log.ts';
import { adminServices } from '../src/services/admin.ts';
import { Vault } from '../src/crypto/vault.ts';
import { MpClients } from '../src/services/mp.ts';
import { SellersRepository } from '../src/repositories/sellers.ts';
import { SellersService } from '../src/services/sellers.ts';
import { CatalogRepository } from '../src/repositories/catalog.ts';
import { ProvisioningService } from '../src/services/provisioning.ts';
import { sha256 } from '../src/crypto/keys.ts';
import { ChargesRepository } from '../src/repositories/charges.ts';
import { ChargesService } from '../src/services/charges.ts';
import { JobQueue } from '../src/jobs/queue.ts';
import { InboxRepository } from '../src/repositories/inbox.ts';
import { NotificationsService } from '../src/services/notifications.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import { ChargeHub } from '../src/services/charge-hub.ts';
import { OutboxRepository } from '../src/repositories/outbox.ts';
import { OUTBOX_QUEUE, OutboxService } from '../src/services/outbox.ts';
import { GatewayMetrics } from '../src/metrics/gateway-metrics.ts';
import { MetricsRepository } from '../src/repositories/metrics.ts';

export const MP = 'https://api.mercadopago.com';
export const GATEWAY = 'http://gateway.test';
export const KEYS = `k1:${Buffer.alloc(32, 9).toString('base64')}`;
export const ADMIN_KEY = 'admin-key-for-tests-0123456789';

export async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await sb.fetch(`${MP}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

export interface TestGateway {
  /** The log of calls to MP (flush() writes what is buffered). */
  callLog: MpCallLog;
  sb: Sandbox;
  integrator: any;
  charges: ChargesService;
  jobs: JobQueue;
  /** Wait for the sandbox's deliveries, then run every due job (as a worker would) until none is left. */
  drain(): Promise<number>;
  /** Another gateway process: its own database connection (and LISTEN), app, services and hub, same MP. */
  instance(db: Db): Promise<Instance>;
  /** Send the sandbox's webhooks to that instance from now on. */
  deliverTo(i: Instance): void;
  app: ReturnType<typeof buildApp>;
  /** The first instance's metrics (it also sees every MP call the shared client makes). */
  metrics: GatewayMetrics;
  sellers: SellersService;
  /** Another process of the same gateway (same db and sandbox, its own instance id). */
  second(): SellersService;
  now: { value: Date };
  connect(shop: { email: string; password: string }): Promise<{ status: number; body: any }>;
  shop(site?: string): Promise<any>;
  /** The admin API, authenticated. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A terminal's call with its device key. */
  terminal(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A connected seller with one store and one POS, through the admin API. */
  sellerWithPos(site?: string): Promise<{ seller: any; store: any; pos: any; shop: any }>;
  /** …and a device key for that POS. */
  terminalOf(site?: string): Promise<{ seller: any; pos: any; shop: any; key: string }>;
}

interface Shared {
  sb: Sandbox;
  vault: Vault;
  mp: MpClients;
  now: { value: Date };
  sponsorId: string;
  webhookSecret: string;
  integrator?: IntegratorEndpoint;
}

export interface Instance {
  app: ReturnType<typeof buildApp>;
  sellers: SellersService;
  charges: ChargesService;
  jobs: JobQueue;
  hub: ChargeHub;
  metrics: GatewayMetrics;
  drain(): Promise<number>;
}

function sellersService(db: Db, s: Shared, instanceId: string): SellersService {
  return new SellersService({ repo: new SellersRepository(db.db), vault: s.vault, mp: s.mp, now: () => s.now.value, redirectUri: `${GATEWAY}/oauth/callback`, instanceId });
}

/** One gateway process's services and app over `db`, as main.ts wires them (jobs run by `drain`, not a worker). */
async function wire(db: Db, s: Shared, instanceId: string): Promise<Instance> {
  const now = () => s.now.value;
  const sellers = sellersService(db, s, instanceId);
  const provisioning = new ProvisioningService({ repo: new CatalogRepository(db.db), sellers, now });
  const jobs = new JobQueue(db.db, { now, workerId: instanceId });
  const outboxRepo = new OutboxRepository(db.db);
  const outbox = new OutboxService({ repo: outboxRepo, url: s.integrator?.url, secret: s.integrator?.secret, fetch: s.integrator?.fetch, now });
  const charges = new ChargesService({
    repo: new ChargesRepository(db.db, outbox.enabled ? async (tx, outboxId) => { await jobs.enqueue(tx, { queue: OUTBOX_QUEUE, payload: { outboxId } }); } : undefined),
    sellers, provisioning, jobs, now, sponsorId: s.sponsorId, expirationTime: 'PT15M',
  });
  const inbox = new InboxRepository(db.db);
  const notifications = new NotificationsService({ db: db.db, inbox, jobs, now, webhookSecret: s.webhookSecret, toleranceSeconds: null });
  const metrics = new GatewayMetrics(new MetricsRepository(db.db));
  const handlers = jobHandlers({ charges, sellers, inbox, outbox, now, metrics });
  const hub = new ChargeHub();
  await hub.start(db);
  const admin = adminServices({ db: db.db, jobs, metrics, inbox, outbox: outboxRepo, mpCalls: new MpCallsRepository(db.db), charges, sellers, now, eventsEnabled: outbox.enabled });
  const app = buildApp({ sellers, provisioning, charges, notifications, hub, metrics, admin, now, adminKeyHash: sha256(ADMIN_KEY), cookieSecret: s.vault.derive('cookies'), secureCookies: false });
  return {
    app, sellers, charges, jobs, hub, metrics,
    async drain() {
      let ran = 0;
      for (;;) {
        await control(s.sb, 'POST', '/__sandbox/webhooks/idle');
        const batch = await jobs.claim(Object.keys(handlers), 20);
        if (!batch.length) return ran;
        for (const j of batch) {
          try { await handlers[j.queue]!(j); await jobs.complete(j); } catch (e) { await jobs.fail(j, e, 60_000); }
          ran++;
        }
      }
    },
  };
}

export interface IntegratorEndpoint { url: string; secret: string; fetch: (url: string, init: RequestInit) => Promise<Response> }

export async function testGateway(db: Db, seed: string, opts: { sandbox?: Record<string, unknown>; integrator?: IntegratorEndpoint; mpTimeoutMs?: number } = {}): Promise<TestGateway> {
  // The sandbox delivers its webhooks straight into the gateway's app (bound below), as MP would over HTTPS.
  let deliver: (req: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const sb = createSandbox({ seed, webhookFetch: (req) => deliver(req), ...opts.sandbox });
  const integrator = await control(sb, 'POST', '/__sandbox/accounts', {
    site_id: 'MLA', redirect_uris: [`${GATEWAY}/oauth/callback`], pkce: true, webhook_url: `${GATEWAY}/webhooks/mercadopago`,
  });
  // The integrator's own MP account, credited as sponsor on every order (not the app owner: MP wants it distinct from sellers).
  const sponsor = await control(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA' });
  const now = { value: new Date(sb.control.clock.now()) };
  const vault = new Vault(KEYS);
  let observe: GatewayMetrics['onMpAttempt'] | undefined;
  const mp = new MpClients({
    baseUrl: MP, transport: sb.fetch, now: () => now.value.getTime(), onAttempt: (a) => observe?.(a), timeoutMs: opts.mpTimeoutMs,
    app: { clientId: integrator.client_id, clientSecret: integrator.client_secret, authorizationUrl: `${MP}/authorization`, sponsorId: String(sponsor.user_id) },
  });
  const shared: Shared = { sb, vault, mp, now, sponsorId: String(sponsor.user_id), webhookSecret: integrator.webhook_secret, integrator: opts.integrator };
  const first = await wire(db, shared, 'gw-1');
  const { app, sellers, charges, jobs, metrics } = first;
  const callLog = new MpCallLog(new MpCallsRepository(db.db), () => now.value);
  observe = (a) => { metrics.onMpAttempt(a); callLog.record(a); };
  deliver = async (req) => app.request(req);
  let shops = 0;
  let catalogs = 0;
  let instances = 1;
  const call = async (auth: string | undefined, method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(`${GATEWAY}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const t: TestGateway = {
    sb, integrator, app, metrics, sellers, charges, jobs, now, callLog,
    second: () => sellersService(db, shared, 'gw-2'),
    drain: () => first.drain(),
    async instance(other: Db) {
      return wire(other, shared, `gw-${++instances}`);
    },
    deliverTo(i: Instance) {
      deliver = async (req) => i.app.request(req);
    },
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
    admin: (method, path, body) => call(ADMIN_KEY, method, `/admin/api${path}`, body),
    terminal: (key, method, path, body) => call(key, method, `/api${path}`, body),
    async sellerWithPos(site = 'MLA') {
      const shop = await t.shop(site);
      const { body: { seller } } = await t.connect(shop);
      const n = ++catalogs;
      const store = await t.admin('POST', `/sellers/${seller.id}/stores`, { name: 'Centro', external_id: `store_${n}`, location: { ...LOCATION, ...CITY[site] } });
      assert.equal(store.status, 201, JSON.stringify(store.body));
      const pos = await t.admin('POST', `/sellers/${seller.id}/pos`, { name: 'Caja 1', external_id: `CAJA${n}`, store_external_id: `store_${n}` });
      assert.equal(pos.status, 201, JSON.stringify(pos.body));
      return { seller, store: store.body, pos: pos.body, shop };
    },
    async terminalOf(site = 'MLA') {
      const s = await t.sellerWithPos(site);
      const k = await t.admin('POST', `/sellers/${s.seller.id}/pos/${s.pos.id}/device-keys`, {});
      return { ...s, key: k.body.key };
    },
  };
  return t;
}

/** A point inside each site's country (MP checks a store's coordinates against its site). */
const CITY: Record<string, { latitude: number; longitude: number }> = {
  MLA: { latitude: -34.56, longitude: -58.45 }, MLB: { latitude: -23.56, longitude: -46.65 }, MLC: { latitude: -33.45, longitude: -70.66 },
  MLM: { latitude: 19.43, longitude: -99.13 }, MCO: { latitude: 4.71, longitude: -74.07 }, MPE: { latitude: -12.05, longitude: -77.04 },
  MLU: { latitude: -34.9, longitude: -56.16 },
};

export const LOCATION = { street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal', latitude: -34.56, longitude: -58.45 };
