// bench/gateway.ts's subjects: the sandbox as Mercado Pago in one child process, and gateways in others, each
// wired as an integrator deploys one against MP — its own app (client id/secret, webhook secret, sponsor) on the
// sandbox, a seller connected through the real OAuth consent flow, a store, a POS and a device key made through
// the admin API. A PostgreSQL gateway gets a database of its own, dropped by `stop()`.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN = 'bench-admin-key-0123456789abcdef';
const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
export const LOCATION = { street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal', latitude: -34.56, longitude: -58.45 };

export interface Child { child: ChildProcess; first: Record<string, unknown>; ask<T = Record<string, unknown>>(cmd: Record<string, unknown>): Promise<T> }

export async function forkChild(script: string, args: string[], nodeArgs: string[] = []): Promise<Child> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, { execArgv: [...nodeArgs, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const ask = <T>(cmd: Record<string, unknown>) => new Promise<T>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`${script} exited with ${code} during ${String(cmd.cmd)}`));
    child.once('exit', onExit);
    child.once('message', (m) => { child.off('exit', onExit); resolve(m as T); });
    child.send(cmd);
  });
  return { child, first, ask };
}

/** A JSON call; throws with the answer when the status is not `expect`. */
export async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}, expect?: number): Promise<any> {
  const res = await fetch(url, { method, headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  if (expect ? res.status !== expect : !res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export async function startMp(): Promise<Child & { url: string }> {
  const c = await forkChild('./mp-server.ts', []);
  return { ...c, url: String(c.first.url) };
}

/** A seller on the sandbox alone (the baseline's): its token and a POS for dynamic QR orders. */
export async function sandboxSeller(mpUrl: string): Promise<{ token: string; posExternalId: string }> {
  const a = await call(`${mpUrl}/__sandbox/accounts`, 'POST', { site_id: 'MLA' });
  const auth = { authorization: `Bearer ${a.access_token}` };
  await call(`${mpUrl}/users/${a.user_id}/stores`, 'POST', { name: 'Bench', external_id: 'BENCH1', location: LOCATION }, auth);
  await call(`${mpUrl}/pos`, 'POST', { name: 'Caja', fixed_amount: true, external_store_id: 'BENCH1', external_id: 'BENCHPOS1' }, auth);
  return { token: a.access_token, posExternalId: 'BENCHPOS1' };
}

export interface GatewayUnderTest extends Child {
  name: string; url: string; key: string; sellerId: string; posId: string;
  /** PostgreSQL: the gateway's own database (lib/pg-cpu.ts reads its server processes' CPU by this name). */
  database?: string;
  stop(): Promise<void>;
}

let made = 0;

/**
 * `opts.server`: another gateway-server.ts (a file URL), e.g. an earlier commit's, for an A/B run. `opts.databaseUrl`:
 * how this gateway reaches PostgreSQL (e.g. its Unix socket, `postgres://postgres@localhost/postgres?host=/var/run/postgresql`;
 * the database is still made through DATABASE_URL).
 */
export async function startGatewayUnderTest(mpUrl: string, db: 'pglite' | 'postgres', opts: { nodeArgs?: string[]; server?: string; databaseUrl?: string } = {}): Promise<GatewayUnderTest> {
  const n = ++made;
  const app = await call(`${mpUrl}/__sandbox/accounts`, 'POST', { site_id: 'MLA', pkce: true });
  const sponsor = await call(`${mpUrl}/__sandbox/accounts`, 'POST', { site_id: 'MLA' });
  const shop = { email: `shop${n}-${process.pid}@bench.example`, password: 'clave-segura-1' };
  await call(`${mpUrl}/__sandbox/accounts`, 'POST', { site_id: 'MLA', ...shop });
  const dataDir = mkdtempSync(join(tmpdir(), 'cobro-gw-bench-'));
  const database = `bench_gateway_${process.pid}_${n}`;
  const dbUrl = db === 'postgres' ? await createDatabase(database, opts.databaseUrl) : undefined;
  const env: Record<string, string> = {
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', MP_BASE_URL: mpUrl, MP_CLIENT_ID: app.client_id, MP_CLIENT_SECRET: app.client_secret,
    MP_WEBHOOK_SECRET: app.webhook_secret, MP_SPONSOR_ID: String(sponsor.user_id), COBRO_ENCRYPTION_KEYS: KEYS, COBRO_ADMIN_PASSWORD: ADMIN,
    ...(dbUrl && { DATABASE_URL: dbUrl }),
  };
  const c = await forkChild(opts.server ?? './gateway-server.ts', [JSON.stringify({ env, dataDir })], opts.nodeArgs);
  const url = String(c.first.url);
  const stop = async () => {
    if (c.child.exitCode === null) {
      const exited = new Promise((r) => c.child.once('exit', r));
      c.child.send({ cmd: 'exit' });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      c.child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (dbUrl) await dropDatabase(database);
  };
  try {
    await call(`${mpUrl}/__sandbox/apps/${app.client_id}`, 'PATCH', { redirect_uris: [`${url}/oauth/callback`], webhook_url: `${url}/webhooks/mercadopago` });
    const sellerId = await connect(url, mpUrl, shop);
    const admin = { authorization: `Bearer ${ADMIN}` };
    await call(`${url}/admin/api/sellers/${sellerId}/stores`, 'POST', { name: 'Centro', external_id: 'store_1', location: LOCATION }, admin);
    const pos = await call(`${url}/admin/api/sellers/${sellerId}/pos`, 'POST', { name: 'Caja 1', external_id: 'CAJA1', store_external_id: 'store_1' }, admin);
    const key = await call(`${url}/admin/api/sellers/${sellerId}/pos/${pos.id}/device-keys`, 'POST', {}, admin);
    return { ...c, name: db, url, key: key.key, sellerId, posId: pos.id, ...(dbUrl && { database }), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The seller signs in on the sandbox's consent page and allows the app: /connect → MP → /oauth/callback. */
async function connect(gatewayUrl: string, mpUrl: string, shop: { email: string; password: string }): Promise<string> {
  const start = await fetch(`${gatewayUrl}/connect`, { redirect: 'manual' });
  if (start.status !== 302) throw new Error(`/connect answered ${start.status}: ${await start.text()}`);
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const consent = new URL(start.headers.get('location')!);
  const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), ...shop, decision: 'allow' });
  const allowed = await fetch(`${mpUrl}/authorization`, { method: 'POST', body: form, redirect: 'manual' });
  if (allowed.status !== 302) throw new Error(`the consent page answered ${allowed.status}: ${await allowed.text()}`);
  const back = await call(allowed.headers.get('location')!, 'GET', undefined, { cookie, accept: 'application/json' });
  return back.seller.id;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

async function createDatabase(name: string, via = DATABASE_URL): Promise<string> {
  await admin((c) => c.query(`create database ${name}`));
  const u = new URL(via);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}
