// Per-call options and per-client settings never leak: two sellers' clients interleaved over one sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MercadoPagoClient, Resource, VERSION, path, type RequestOptions } from '../src/index.ts';
import { json, recording, sandbox, sandboxSeller } from './helpers.ts';

test('two clients with different tokens, interleaved, each get their own account', async () => {
  const sb = sandbox('isolation');
  const a = await sandboxSeller(sb, 'MLA');
  const b = await sandboxSeller(sb, 'MLB');
  const { fetch, calls } = recording(sb.fetch);
  const ca = new MercadoPagoClient({ accessToken: a.accessToken, transport: fetch, platformId: 'plat-a' });
  const cb = new MercadoPagoClient({ accessToken: b.accessToken, transport: fetch, integratorId: 'dev_b' });
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => (i % 2 ? cb : ca).sender.send<{ id: number; site_id: string }>({ method: 'GET', path: '/users/me' })),
  );
  results.forEach((me, i) => assert.equal(me.id, i % 2 ? b.userId : a.userId));
  for (const c of calls) {
    const isA = c.headers.get('authorization') === `Bearer ${a.accessToken}`;
    assert.equal(isA || c.headers.get('authorization') === `Bearer ${b.accessToken}`, true);
    assert.equal(c.headers.get('x-platform-id'), isA ? 'plat-a' : null);
    assert.equal(c.headers.get('x-integrator-id'), isA ? null : 'dev_b');
    assert.equal(c.headers.get('user-agent'), `cobro-client/${VERSION}`);
    assert.equal(c.headers.get('accept'), 'application/json');
  }
});

test('per-call options apply to that call only and never change the client', async () => {
  const sb = sandbox('isolation-2');
  const a = await sandboxSeller(sb);
  const b = await sandboxSeller(sb);
  const { fetch, calls } = recording(sb.fetch);
  const client = new MercadoPagoClient({ accessToken: a.accessToken, transport: fetch, headers: { 'X-Tracking-Id': 'base' } });
  const before = { ...client.config };
  const opts: RequestOptions = { accessToken: b.accessToken, headers: { 'X-Tracking-Id': 'call' }, timeoutMs: 1234, maxRetries: 0 };
  const [me1, me2, me3] = await Promise.all([
    client.sender.send<{ id: number }>({ method: 'GET', path: '/users/me' }),
    client.sender.send<{ id: number }>({ method: 'GET', path: '/users/me', options: opts }),
    client.sender.send<{ id: number }>({ method: 'GET', path: '/users/me' }),
  ]);
  assert.deepEqual([me1.id, me2.id, me3.id], [a.userId, b.userId, a.userId]);
  assert.deepEqual(calls.map((c) => c.headers.get('x-tracking-id')), ['base', 'call', 'base']);
  assert.deepEqual({ ...client.config }, before);
  assert.deepEqual(opts, { accessToken: b.accessToken, headers: { 'X-Tracking-Id': 'call' }, timeoutMs: 1234, maxRetries: 0 });
});

test('withOptions() makes a new client sharing the transport; the original is unchanged', async () => {
  const sb = sandbox('isolation-3');
  const a = await sandboxSeller(sb);
  const b = await sandboxSeller(sb);
  const { fetch, calls } = recording(sb.fetch);
  const base = new MercadoPagoClient({ accessToken: a.accessToken, transport: fetch, maxRetries: 5 });
  const other = base.withOptions({ accessToken: b.accessToken, corporationId: 'corp' });
  assert.ok(other instanceof MercadoPagoClient);
  assert.equal(other.config.maxRetries, 5);
  assert.equal(base.config.accessToken, a.accessToken);
  assert.equal(base.config.corporationId, undefined);
  assert.equal((await other.sender.send<{ id: number }>({ method: 'GET', path: '/users/me' })).id, b.userId);
  assert.equal((await base.sender.send<{ id: number }>({ method: 'GET', path: '/users/me' })).id, a.userId);
  assert.deepEqual(calls.map((c) => c.headers.get('x-corporation-id')), ['corp', null]);
  assert.throws(() => { (base.config as { accessToken?: string }).accessToken = 'x'; }, TypeError);
});

test('a Resource subclass calls the sender; path`` encodes segments; lastResponse is attached', async () => {
  const { fetch, calls } = recording(async () => new Response(JSON.stringify({ id: 'ORD1' }), { status: 200, headers: { 'x-request-id': 'req-9' } }));
  class Orders extends Resource {
    get(id: string) { return this.send<{ id: string }>({ method: 'GET', path: path`/v1/orders/${id}`, query: { a: 1, b: undefined, c: ['x', 'y'] } }); }
  }
  const client = new MercadoPagoClient({ accessToken: 't', transport: fetch, baseUrl: 'http://127.0.0.1:1/' });
  const order = await new Orders(client.sender).get('ORD/1?x');
  assert.equal(calls[0].url, 'http://127.0.0.1:1/v1/orders/ORD%2F1%3Fx?a=1&c=x&c=y');
  assert.deepEqual(order, { id: 'ORD1' });
  const meta = (order as unknown as { lastResponse: { status: number; requestId: string } }).lastResponse;
  assert.equal(meta.status, 200);
  assert.equal(meta.requestId, 'req-9');
});

test('bad settings are refused at construction and per call', async () => {
  assert.throws(() => new MercadoPagoClient({ timeoutMs: -1 }), /timeoutMs must be a non-negative number/);
  assert.throws(() => new MercadoPagoClient({ maxRetries: Number.NaN }), /maxRetries/);
  const { fetch, calls } = recording(async () => json(200, {}));
  const client = new MercadoPagoClient({ transport: fetch });
  await assert.rejects(client.sender.send({ method: 'GET', path: '/x', options: { maxRetries: Number.NaN } }), /maxRetries must be a non-negative number/);
  await assert.rejects(client.sender.send({ method: 'GET', path: 'x' }), /path must start with "\/"/);
  assert.equal(calls.length, 0);
});

test('header overrides replace ours whatever their case', async () => {
  const { fetch, calls } = recording(async () => json(200, {}));
  const client = new MercadoPagoClient({ accessToken: 'config-token', transport: fetch, headers: { 'user-agent': 'my-pos/2.0' } });
  await client.sender.send({ method: 'POST', path: '/v1/orders', body: {}, options: { headers: { authorization: 'Bearer other', 'x-idempotency-key': 'k' } } });
  assert.equal(calls[0].headers.get('authorization'), 'Bearer other');
  assert.equal(calls[0].headers.get('user-agent'), 'my-pos/2.0');
  assert.equal(calls[0].headers.get('x-idempotency-key'), 'k');
});
