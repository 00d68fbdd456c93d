// The composition root: config → database → Mercado Pago (embedded sandbox or remote) → services → jobs →
// app → server. `startGateway` returns what a script or test needs to drive it, and `close()` shuts down in
// order: stop taking requests and jobs, finish what is in flight, then the database and the sandbox.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig, readEnv, type GatewayConfig } from './config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { migrate } from './db/migrations.ts';
import { lockDataDir } from './db/lock.ts';
import { Vault, embeddedKeys } from './crypto/vault.ts';
import { sha256 } from './crypto/keys.ts';
import { createLogger, type Logger } from './log.ts';
import { MpCallsRepository } from './repositories/mp-calls.ts';
import { MpCallLog } from './services/mp-call-log.ts';
import { adminServices } from './services/admin.ts';
import type { SandboxControl } from './services/sandbox-control.ts';
import { buildApp } from './app.ts';
import { MpClients } from './services/mp.ts';
import { SellersRepository } from './repositories/sellers.ts';
import { SellersService } from './services/sellers.ts';
import { CatalogRepository } from './repositories/catalog.ts';
import { ProvisioningService } from './services/provisioning.ts';
import { ChargesRepository } from './repositories/charges.ts';
import { ChargesService } from './services/charges.ts';
import { InboxRepository } from './repositories/inbox.ts';
import { OutboxRepository } from './repositories/outbox.ts';
import { OUTBOX_QUEUE, OutboxService } from './services/outbox.ts';
import { NotificationsService } from './services/notifications.ts';
import { ChargeHub } from './services/charge-hub.ts';
import { WatchedPoller } from './services/charge-watch.ts';
import { RefundScan } from './services/charge-scan.ts';
import { JobQueue } from './jobs/queue.ts';
import { Worker } from './jobs/worker.ts';
import { drainHttp } from './http/drain.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { GatewayMetrics } from './metrics/gateway-metrics.ts';
import { MetricsRepository } from './repositories/metrics.ts';
import { vacuumQueues, VACUUM_MS } from './db/maintenance.ts';
import { MP_ORIGIN, connectDemoShop, startEmbeddedMp, type EmbeddedIdentity, type EmbeddedMp } from './embedded.ts';

export interface StartOptions {
  env?: Record<string, string | undefined>;
  port?: number;
  dataDir?: string;
  /** Embedded mode: port of the sandbox's own server (0 = any free one). */
  sandboxPort?: number;
  /** Issue a new device key for the demo POS even if it has one. */
  resetDemoKey?: boolean;
  logger?: Logger;
  /** Where the logger this start makes writes (default stdout); ignored when `logger` is given. */
  logDestination?: Parameters<typeof createLogger>[1];
}

export interface RunningGateway {
  url: string;
  sandboxUrl: string | undefined;
  config: GatewayConfig;
  adminKey: string | undefined;
  /** Where that key is kept (embedded defaults, without COBRO_ADMIN_PASSWORD). */
  adminKeyFile: string | undefined;
  demo: { seller: { id: string; user_id: number; nickname: string; site_id: string }; store: { id: string; external_id: string }; pos: { id: string; external_id: string; device_key?: string } } | undefined;
  close(): Promise<void>;
}

export async function startGateway(o: StartOptions = {}): Promise<RunningGateway> {
  const vars = o.env ?? readEnv();
  const config = loadConfig(vars, { port: o.port, dataDir: o.dataDir });
  const log = o.logger ?? createLogger(config.logLevel, o.logDestination);
  const embedded = config.mp.mode === 'embedded';
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => { for (const c of closers.reverse()) await c(); };
  try {
    if (!config.databaseUrl || embedded) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    if (!config.databaseUrl) closers.push(lockDataDir(config.dataDir));
    const db: Db = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: join(config.dataDir, 'pglite') });
    closers.push(() => db.close());
    await migrate(db.db);
    const vault = new Vault(config.encryptionKeys ?? embeddedKeys(config.dataDir));
    const adminKey = config.adminPassword ?? adminKeyOf(config.dataDir);

    // Late-bound: the embedded sandbox delivers webhooks into the app, which needs the services, which need MP.
    let app: ReturnType<typeof buildApp> | undefined;
    let mpEmbedded: EmbeddedMp | undefined;
    const httpServer = await listenHttp(config, (req) => app!.fetch(req));
    // Only for a start that fails half-way (a no-op after drainHttp below, which closes it in order).
    closers.push(() => new Promise<void>((r) => httpServer.server.close(() => r())));
    // Without PUBLIC_URL the gateway is where it listens (the real port, when 0 asked for any free one).
    const url = vars.PUBLIC_URL ? config.publicUrl : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${httpServer.port}`;
    if (embedded) {
      // The sandbox's own port sits beside the gateway's, so the buyer's command stays the same across restarts.
      const sandboxPort = o.sandboxPort ?? config.sandboxPort ?? (config.port === 0 ? 0 : config.port + 1);
      mpEmbedded = await startEmbeddedMp({ dataDir: config.dataDir, publicUrl: url, sandboxPort, host: config.host, deliver: async (req) => app!.fetch(req) }).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EADDRINUSE' ? new Error(`port ${sandboxPort} (the embedded sandbox's, beside the gateway's) is already in use on ${config.host}: stop what holds it, or pick another with SANDBOX_PORT=<port> (0 = any free port)`) : err;
      });
      closers.push(() => { mpEmbedded!.sandbox.close(); return mpEmbedded!.close(); });
    }
    // Embedded, the gateway's time is its Mercado Pago's: the sandbox's virtual clock (wall time plus what the admin
    // advanced), so webhooks signed in sandbox time pass the tolerance, sweeps and job times agree with MP's expiries.
    // Admin sessions stay on the wall clock (admin-kit.ts): advancing the clock must not log the admin out.
    const now = mpEmbedded ? () => new Date(mpEmbedded!.sandbox.state.clock.now()) : () => new Date();
    const id = mpEmbedded?.identity;
    const metricsRepo = new MetricsRepository(db.db);
    const metrics = new GatewayMetrics(metricsRepo);
    const mpCalls = new MpCallsRepository(db.db);
    const callLog = new MpCallLog(mpCalls, now);
    closers.push(() => callLog.flush());
    const mp = new MpClients({
      onAttempt: (a) => { metrics.onMpAttempt(a); callLog.record(a); },
      baseUrl: embedded ? MP_ORIGIN : config.mp.baseUrl!, transport: mpEmbedded?.sandbox.fetch,
      app: {
        clientId: id?.integrator.client_id ?? config.mp.clientId!, clientSecret: id?.integrator.client_secret ?? config.mp.clientSecret!,
        authorizationUrl: embedded ? `${mpEmbedded!.server.url}/authorization` : `${config.mp.authUrl}/authorization`,
        sponsorId: id ? String(id.sponsor_id) : config.mp.sponsorId,
      },
    });
    closers.push(() => mp.close());
    const jobs = new JobQueue(db.db, { now });
    // PGlite: the folder lock says we are the only process, so leases left by one that was killed are stale now.
    if (!config.databaseUrl) await jobs.releaseLeasesOfDeadProcesses();
    const sellers = new SellersService({ repo: new SellersRepository(db.db), vault, mp, now, redirectUri: `${url}/oauth/callback`, instanceId: jobs.workerId });
    const provisioning = new ProvisioningService({ repo: new CatalogRepository(db.db), sellers, now });
    const outboxRepo = new OutboxRepository(db.db);
    const outbox = new OutboxService({ repo: outboxRepo, url: config.integrator.webhookUrl, secret: config.integrator.webhookSecret, now });
    const chargesRepo = new ChargesRepository(db.db, outbox.enabled
      ? async (tx, outboxId) => { await jobs.enqueue(tx, { queue: OUTBOX_QUEUE, payload: { outboxId }, maxAttempts: 25 }); }
      : undefined);
    const charges = new ChargesService({ repo: chargesRepo, sellers, provisioning, jobs, now, sponsorId: mp.app.sponsorId, expirationTime: 'PT15M' });
    const inbox = new InboxRepository(db.db);
    const notifications = new NotificationsService({ db: db.db, inbox, jobs, now, webhookSecret: id?.integrator.webhook_secret ?? config.mp.webhookSecret });
    const hub = new ChargeHub();
    await hub.start(db);
    closers.push(() => hub.stop());
    const sandbox: SandboxControl | undefined = mpEmbedded && ((path, body, method = 'POST') => mpEmbedded!.sandbox.fetch(`${MP_ORIGIN}${path}`, {
      method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    }));
    app = buildApp({
      sellers, provisioning, charges, notifications, hub, metrics, metricsToken: config.metricsToken, adminKeyHash: sha256(adminKey), cookieSecret: vault.derive('cookies'),
      secureCookies: url.startsWith('https:'), sandbox, now,
      admin: adminServices({ db: db.db, jobs, metrics, inbox, outbox: outboxRepo, mpCalls, charges, sellers, now, sandbox, eventsEnabled: outbox.enabled }),
      ready: async () => { await sql`select 1`.execute(db.db); }, onUnexpected: (err, requestId) => log.error({ err, requestId }, 'unexpected error'),
    });
    const refundScan = new RefundScan({ db: db.db, repo: chargesRepo, charges, jobs, now, days: config.refundScanDays, concurrency: config.refundScanConcurrency, onError: (chargeId, err) => log.warn({ err, chargeId }, 'refund scan: re-fetch failed') });
    await refundScan.schedule();
    const worker = new Worker(jobs, jobHandlers({ charges, sellers, inbox, outbox, now, metrics, refundScan }), { onError: (job, err) => log.warn({ err, queue: job?.queue }, 'job failed') });
    await worker.start((onMessage) => db.listen('cobro_jobs', onMessage));
    closers.push(() => worker.stop());
    closers.push(every(2000, () => charges.pollDue().then(() => undefined), log));
    const watchedPoller = new WatchedPoller({ hub, charges, repo: chargesRepo, now });
    closers.push(every(1000, () => watchedPoller.tick().then(() => undefined), log));
    closers.push(every(3600_000, async () => { await mpCalls.prune(new Date(now().getTime() - MP_CALL_LOG_DAYS * 86_400_000)); }, log));
    // The charge-status deltas the triggers append are folded between scrapes too, so a scrape sums a few rows.
    closers.push(every(15_000, () => metricsRepo.foldChargeCounts(), log));
    if (db.kind === 'pglite') closers.push(every(VACUUM_MS, () => vacuumQueues(db.db), log));
    closers.push(every(3600_000, async () => { for (const s of await sellers.dueForRefresh()) await sellers.refresh(s).catch((err) => log.warn({ err, seller: s }, 'token refresh failed')); }, log));
    // close() runs the closers last-first: the HTTP side drains (in-flight requests answered, streams ended) before the
    // pollers and the worker stop (running jobs finish), and all of that before MP, the sandbox and the database close.
    closers.push(() => drainHttp(httpServer.server, hub, config.shutdownGraceMs));

    const demo = id ? await ensureDemo(url, mpEmbedded!, sellers, provisioning, id.shop, o.resetDemoKey ?? false) : undefined;
    log.info({ url, sandbox_url: mpEmbedded?.server.url, mode: config.mp.mode, db: db.kind }, 'gateway started');
    const adminKeyFile = config.adminPassword ? undefined : join(config.dataDir, ADMIN_KEY_FILE);
    return { url, sandboxUrl: mpEmbedded?.server.url, config, adminKey: config.adminPassword ? undefined : adminKey, adminKeyFile, demo, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

async function ensureDemo(url: string, mp: EmbeddedMp, sellers: SellersService, provisioning: ProvisioningService, shop: EmbeddedIdentity['shop'], resetKey: boolean): Promise<RunningGateway['demo']> {
  let seller = await sellers.byMpUserId(String(shop.user_id));
  if (!seller || seller.status !== 'connected') {
    await connectDemoShop(url, mp.sandbox, shop);
    seller = (await sellers.byMpUserId(String(shop.user_id)))!;
  }
  const { store } = await provisioning.createStore(seller.id, {
    name: 'Sucursal Centro', external_id: 'DEMO_STORE',
    location: { street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal', latitude: -34.56, longitude: -58.45 },
  });
  const { pos } = await provisioning.createPos(seller.id, { name: 'Caja 1', external_id: 'DEMOPOS1', store_external_id: 'DEMO_STORE' });
  const keys = (await provisioning.deviceKeys(seller.id, pos.id)).filter((k) => !k.revoked_at);
  let deviceKey: string | undefined;
  if (resetKey || keys.length === 0) {
    for (const k of keys) await provisioning.revokeDeviceKey(seller.id, pos.id, k.id);
    deviceKey = (await provisioning.createDeviceKey(seller.id, pos.id, 'demo terminal')).key;
  }
  return {
    seller: { id: seller.id, user_id: Number(seller.mp_user_id), nickname: seller.nickname, site_id: seller.site_id },
    store: { id: store.id, external_id: store.external_id },
    pos: { id: pos.id, external_id: pos.external_id, ...(deviceKey && { device_key: deviceKey }) },
  };
}

/** How long the log of calls to Mercado Pago keeps a call (the admin's charge timelines, the health page). */
const MP_CALL_LOG_DAYS = 30;

/** The admin API key of an embedded gateway: made once into the data folder (0600). */
const ADMIN_KEY_FILE = 'admin-api.key';

function adminKeyOf(dataDir: string): string {
  const file = join(dataDir, ADMIN_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `cba_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

function listenHttp(config: GatewayConfig, fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? new Error(`port ${config.port} is already in use on ${config.host}: stop what holds it, or pick another with PORT=<port> (0 = any free port)`)
      : err));
  });
}

/** Run `fn` every `ms` (never two at once); returns the stop. */
function every(ms: number, fn: () => Promise<void>, log: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const t = setInterval(() => {
    if (running) return;
    running = fn().catch((err) => log.warn({ err }, 'periodic task failed')).finally(() => { running = undefined; });
  }, ms);
  t.unref();
  return async () => { clearInterval(t); await running; };
}
