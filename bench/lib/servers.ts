// Child-process entry: `raw` = a node:http hello world (the baseline); `sandbox` = the cobro sandbox on a
// port with one seller, store, POS and order, answering GET /v1/orders/{id}; `raw-json` = a node:http server
// that parses a JSON body and answers 201 (the baseline of POST /v1/orders), `hono-json` the same on Hono (the
// framework's ceiling for it); `sandbox-orders N` = the sandbox
// with N stored orders preloaded in-process, for POST /v1/orders. Over IPC the sandbox kinds take
// `{cmd: 'preload', n, paid}` (more stored orders) and `{cmd: 'memory'}` (memory after a forced GC, with
// --expose-gc); every kind answers `{cmd: 'cpu'}`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createSandbox, listen, type Sandbox } from '@cobro/sandbox';
import { preload, type Seller } from './preload.ts';

const kind = process.argv[2];

// Every kind answers `{cmd: 'cpu'}` with its CPU time so far (µs): what a request costs the server, which a
// busy machine distorts less than requests per second.
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  }
});

async function main(): Promise<void> {
  if (kind === 'raw') {
    const body = JSON.stringify({ hello: 'world' });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/' });
    });
    return;
  }
  if (kind === 'hono') {
    // The framework's own ceiling: a Hono hello world on @hono/node-server, as the sandbox is served.
    const app = new Hono();
    app.get('/', (c) => c.json({ hello: 'world' }));
    const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      process.send!({ url: `http://127.0.0.1:${info.port}`, path: '/' });
    });
    void running;
    return;
  }
  if (kind === 'raw-json') {
    // What any JSON API must do at least: read the body, parse it, answer with JSON.
    let n = 0;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const body = JSON.stringify({ id: `ORD${String(++n).padStart(26, '0')}`, status: 'created', ...parsed });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/v1/orders', headers: {}, posExternalId: 'RAWPOS' });
    });
    return;
  }
  if (kind === 'hono-json') {
    // The framework's own ceiling for a JSON POST: Hono on @hono/node-server, as the sandbox is served.
    let n = 0;
    const app = new Hono();
    app.post('/v1/orders', async (c) => {
      const parsed = JSON.parse(await c.req.text()) as Record<string, unknown>;
      return c.json({ id: `ORD${String(++n).padStart(26, '0')}`, status: 'created', ...parsed }, 201);
    });
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      process.send!({ url: `http://127.0.0.1:${info.port}`, path: '/v1/orders', headers: {}, posExternalId: 'HONOPOS' });
    });
    return;
  }
  if (kind === 'sandbox-orders') {
    const sb = createSandbox({ seed: 'bench-orders' });
    const seller = await setUpSeller(sb);
    const t0 = performance.now();
    preload(sb, seller, Number(process.argv[3] ?? 0), { paid: true });
    const preloadMs = performance.now() - t0;
    answerCommands(sb, seller);
    const running = await listen(sb, { port: 0 });
    process.send!({ url: running.url, path: '/v1/orders', headers: { authorization: `Bearer ${seller.token}` }, posExternalId: seller.posExternalId, preloadMs });
    return;
  }
  if (kind === 'sandbox') {
    const sb = createSandbox({ seed: 'bench' });
    const seller = sb.control.accounts.create({ site_id: 'MLA' });
    const auth = { authorization: `Bearer ${seller.access_token}`, 'content-type': 'application/json' };
    const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const res = await sb.fetch(`http://sandbox${path}`, { method, headers: { ...auth, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    await call('POST', `/users/${seller.user_id}/stores`, {
      name: 'Bench', external_id: 'BENCH1',
      location: { street_number: '100', street_name: 'Florida', city_name: 'Palermo', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.4, reference: 'Centro' },
    });
    await call('POST', '/pos', { name: 'Caja', fixed_amount: true, external_store_id: 'BENCH1', external_id: 'BENCHPOS1' });
    const order = await call('POST', '/v1/orders', {
      type: 'qr', total_amount: '150.50', external_reference: 'bench-1',
      config: { qr: { external_pos_id: 'BENCHPOS1', mode: 'dynamic' } },
      transactions: { payments: [{ amount: '150.50' }] },
    }, { 'x-idempotency-key': 'bench-1' });
    const running = await listen(sb, { port: 0 });
    process.send!({ url: running.url, path: `/v1/orders/${String(order.id)}`, headers: { authorization: `Bearer ${seller.access_token}` } });
    return;
  }
  throw new Error(`unknown server kind ${kind}`);
}

void main();

/** One seller with a store and a POS, made over the sandbox's own HTTP API (in-process). */
async function setUpSeller(sb: Sandbox): Promise<Seller> {
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const headers = { authorization: `Bearer ${seller.access_token}`, 'content-type': 'application/json' };
  for (const [path, body] of [
    [`/users/${seller.user_id}/stores`, {
      name: 'Bench', external_id: 'BENCH1',
      location: { street_number: '100', street_name: 'Florida', city_name: 'Palermo', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.4, reference: 'Centro' },
    }],
    ['/pos', { name: 'Caja', fixed_amount: true, external_store_id: 'BENCH1', external_id: 'BENCHPOS1' }],
  ] as const) {
    const res = await sb.fetch(`http://sandbox${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
  }
  return { token: seller.access_token, userId: seller.user_id, posExternalId: 'BENCHPOS1' };
}

function answerCommands(sb: Sandbox, seller: Seller): void {
  process.on('message', (m: { cmd: string; n?: number; paid?: boolean }) => {
    if (m.cmd === 'preload') {
      const t0 = performance.now();
      preload(sb, seller, m.n ?? 0, { paid: m.paid ?? true });
      process.send!({ ms: performance.now() - t0, orders: sb.state.orders.size, timers: sb.state.clock.pendingCount });
    } else if (m.cmd === 'exit') {
      process.exit(0); // lets --cpu-prof write its profile
    } else if (m.cmd === 'memory') {
      // Settle first: finish this job (V8 keeps WeakRef targets alive until the job ends), then collect twice.
      setImmediate(() => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (!gc) throw new Error('memory needs node --expose-gc');
        gc(); gc();
        const { rss, heapUsed } = process.memoryUsage();
        process.send!({ rss, heapUsed, orders: sb.state.orders.size, payments: sb.state.payments.size, idempotency: sb.state.idempotency.size });
      });
    }
  });
}
