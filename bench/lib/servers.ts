// Child-process entry: `raw` = a node:http hello world (the baseline); `sandbox` = the cobro sandbox on a
// port with one seller, store, POS and order, answering GET /v1/orders/{id}.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createSandbox, listen } from '@cobro/sandbox';

const kind = process.argv[2];

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
