// The request sender against the sandbox wrapped in a recording double: retries, idempotency keys,
// Retry-After, backoff, timeouts, connection errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MercadoPagoClient, RequestSender, BadRequestError, ConnectionError, RateLimitError, ServerError, TimeoutError,
  LockedError, type Transport,
} from '../src/index.ts';
import { json, recording, resetError, sandbox, sandboxSeller, sleeper } from './helpers.ts';

const unavailable = () => json(503, { message: 'Service unavailable', error: 'service_unavailable', status: 503, cause: [] });

test('GET retries 503s and a reset, then returns the sandbox answer', async () => {
  const sb = sandbox('retry-get');
  const seller = await sandboxSeller(sb);
  const { fetch, calls } = recording(sb.fetch, [unavailable(), resetError(), unavailable()]);
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ accessToken: seller.accessToken, transport: fetch, sleep, random: () => 0.5 });
  const r = await sender.request<{ id: number }>({ method: 'GET', path: '/users/me' });
  assert.equal(r.data.id, seller.userId);
  assert.equal(r.status, 200);
  assert.equal(r.attempts, 4);
  assert.equal(calls.length, 4);
  // Full jitter with random()=0.5 over 500·2^n ms.
  assert.deepEqual(sleeps, [250, 500, 1000]);
  // GETs carry no idempotency key.
  assert.ok(calls.every((c) => c.headers.get('x-idempotency-key') === null));
});

test('a POST that MP deduplicates (retry: always) keeps the same X-Idempotency-Key on every retry', async () => {
  const sb = sandbox('retry-post');
  const { fetch, calls } = recording(sb.fetch, [unavailable(), resetError(), json(500, { message: 'boom', error: 'internal_error', status: 500, cause: [] })]);
  const { sleep } = sleeper();
  let generated = 0;
  const sender = new RequestSender({ transport: fetch, sleep, idempotencyKey: () => `key-${++generated}` });
  const r = await sender.request<{ user_id: number }>({ method: 'POST', path: '/__sandbox/accounts', body: { site_id: 'MLB' }, retry: 'always' });
  assert.equal(r.status, 201);
  assert.equal(typeof r.data.user_id, 'number');
  assert.equal(calls.length, 4);
  assert.equal(generated, 1);
  assert.deepEqual(calls.map((c) => c.headers.get('x-idempotency-key')), ['key-1', 'key-1', 'key-1', 'key-1']);
  assert.equal(r.idempotencyKey, 'key-1');
  assert.deepEqual(calls.map((c) => c.body), Array(4).fill(JSON.stringify({ site_id: 'MLB' })));
});

test('each logical POST gets a fresh UUID key; a per-call key wins', async () => {
  const { fetch, calls } = recording(async () => json(201, {}));
  const client = new MercadoPagoClient({ transport: fetch });
  await client.sender.send({ method: 'POST', path: '/v1/orders', body: {} });
  await client.sender.send({ method: 'POST', path: '/v1/orders', body: {} });
  await client.sender.send({ method: 'POST', path: '/v1/orders', body: {}, options: { idempotencyKey: 'mine-1' } });
  const keys = calls.map((c) => c.headers.get('x-idempotency-key'));
  assert.match(keys[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(keys[0], keys[1]);
  assert.equal(keys[2], 'mine-1');
});

test('429 Retry-After in seconds and as an HTTP date is honoured', async () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const sb = sandbox('retry-after');
  const seller = await sandboxSeller(sb);
  const { fetch, calls } = recording(sb.fetch, [
    json(429, { message: 'Too many requests', error: 'local_rate_limited', status: 429, cause: [] }, { 'retry-after': '7' }),
    json(429, { message: 'Too many requests', error: 'local_rate_limited', status: 429, cause: [] }, { 'retry-after': new Date(now + 12_000).toUTCString() }),
  ]);
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ accessToken: seller.accessToken, transport: fetch, sleep, now: () => now });
  const me = await sender.send<{ id: number }>({ method: 'GET', path: '/users/me' });
  assert.equal(me.id, seller.userId);
  assert.equal(calls.length, 3);
  assert.deepEqual(sleeps, [7000, 12000]);
});

test('a Retry-After beyond maxRetryAfterMs is not waited for: RateLimitError carries it', async () => {
  const { fetch, calls } = recording(async () => json(429, { message: 'slow down', error: 'local_rate_limited', status: 429, cause: [] }, { 'retry-after': '3600' }));
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ transport: fetch, sleep });
  const err = await sender.send({ method: 'GET', path: '/users/me' }).catch((e) => e);
  assert.ok(err instanceof RateLimitError);
  assert.equal(err.retryAfter, 3600);
  assert.equal(err.code, 'local_rate_limited');
  assert.equal(calls.length, 1);
  assert.deepEqual(sleeps, []);
});

test('400 is never retried', async () => {
  const sb = sandbox('no-retry-400');
  const seller = await sandboxSeller(sb);
  const { fetch, calls } = recording(sb.fetch);
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ accessToken: seller.accessToken, transport: fetch, sleep });
  // The sandbox rejects a non-numeric user_id with 400 in MP's classic shape.
  const err = await sender.send({ method: 'POST', path: '/users/abc/stores', body: { name: 'x' } }).catch((e) => e);
  assert.ok(err instanceof BadRequestError, String(err));
  assert.equal(err.status, 400);
  assert.equal(calls.length, 1);
  assert.deepEqual(sleeps, []);
});

test('stops after maxRetries and throws the last error; per-call maxRetries overrides', async () => {
  const { fetch, calls } = recording(async () => unavailable());
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ transport: fetch, sleep, random: () => 0.999 });
  const err = await sender.send({ method: 'GET', path: '/v1/orders/ORD1' }).catch((e) => e);
  assert.ok(err instanceof ServerError);
  assert.equal(err.status, 503);
  assert.equal(err.code, 'service_unavailable');
  assert.equal(calls.length, 4);
  assert.equal(sleeps.length, 3);
  calls.length = 0;
  await sender.send({ method: 'GET', path: '/v1/orders/ORD1', options: { maxRetries: 0 } }).catch(() => {});
  assert.equal(calls.length, 1);
});

test('backoff is capped at retryMaxDelayMs', async () => {
  const { fetch } = recording(async () => unavailable());
  const { sleep, sleeps } = sleeper();
  const sender = new RequestSender({ transport: fetch, sleep, random: () => 0.999999, maxRetries: 10 });
  await sender.send({ method: 'GET', path: '/x' }).catch(() => {});
  assert.equal(sleeps.length, 10);
  assert.ok(sleeps.every((ms) => ms < 30_000));
  assert.equal(sleeps.at(-1), 29_999);
});

test('423 (key locked) is retried, and surfaces as LockedError when it persists', async () => {
  const locked = () => json(423, { message: 'locked', error: 'idempotency_key_locked', status: 423, cause: [] });
  const { fetch, calls } = recording(async () => locked());
  const { sleep } = sleeper();
  const sender = new RequestSender({ transport: fetch, sleep, maxRetries: 2 });
  const err = await sender.send({ method: 'POST', path: '/v1/orders', body: {} }).catch((e) => e);
  assert.ok(err instanceof LockedError);
  assert.equal(calls.length, 3);
});

test('a POST is not retried after a reset or a 5xx (even with a key, unless retry: always), but is after a refusal', async () => {
  const { sleep } = sleeper();
  // The default for POST: MP may have created something, and only some endpoints deduplicate by key.
  const keyed = recording(async () => { throw resetError(); });
  const e0 = await new RequestSender({ transport: keyed.fetch, sleep }).send({ method: 'POST', path: '/pos', body: {} }).catch((e) => e);
  assert.ok(e0 instanceof ConnectionError);
  assert.equal(keyed.calls.length, 1);
  assert.match(keyed.calls[0].headers.get('x-idempotency-key') ?? '', /^[0-9a-f-]{36}$/);
  const put = recording(async () => unavailable());
  await assert.rejects(new RequestSender({ transport: put.fetch, sleep }).send({ method: 'PUT', path: '/x', body: {}, retry: 'if-not-processed' }), ServerError);
  assert.equal(put.calls.length, 1);

  const reset = recording(async () => { throw resetError(); });
  const s1 = new RequestSender({ transport: reset.fetch, sleep });
  const e1 = await s1.send({ method: 'POST', path: '/oauth/token', body: {}, idempotent: false, authenticated: false }).catch((e) => e);
  assert.ok(e1 instanceof ConnectionError);
  assert.equal(reset.calls.length, 1);
  assert.equal(reset.calls[0].headers.get('x-idempotency-key'), null);

  const failing = recording(async () => unavailable());
  const s3 = new RequestSender({ transport: failing.fetch, sleep });
  await assert.rejects(s3.send({ method: 'POST', path: '/oauth/token', body: {}, idempotent: false }), ServerError);
  assert.equal(failing.calls.length, 1);

  const refused = recording(async () => { throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) }); });
  const s2 = new RequestSender({ transport: refused.fetch, sleep });
  await s2.send({ method: 'POST', path: '/oauth/token', body: {}, idempotent: false }).catch(() => {});
  assert.equal(refused.calls.length, 4);
});

test('connection errors become ConnectionError after the retries, with no secret in the message', async () => {
  const { fetch, calls } = recording(async () => { throw resetError(); });
  const { sleep } = sleeper();
  const sender = new RequestSender({ accessToken: 'APP_USR-1234567890123456-010101-abcdefabcdefabcdefabcdefabcdefab-123456789', transport: fetch, sleep });
  const err = await sender.send({ method: 'GET', path: '/users/me' }).catch((e) => e);
  assert.ok(err instanceof ConnectionError);
  assert.ok(!(err instanceof TimeoutError));
  assert.equal(err.status, undefined);
  assert.match(err.message, /GET \/users\/me failed: .*socket hang up/);
  assert.equal(calls.length, 4);
  assert.ok(!JSON.stringify({ ...err, message: err.message }).includes('APP_USR'));
  assert.ok(!err.message.includes('APP_USR'));
});

test('a transport that never answers ends in TimeoutError (retried, each attempt aborted)', async () => {
  const signals: AbortSignal[] = [];
  const hang: Transport = (_input, init) => {
    signals.push(init!.signal!);
    return new Promise(() => {}); // never settles, even when aborted
  };
  const { sleep } = sleeper();
  const sender = new RequestSender({ transport: hang, timeoutMs: 5, maxRetries: 1, sleep });
  const err = await sender.send({ method: 'GET', path: '/v1/orders/ORD1' }).catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.ok(err instanceof ConnectionError);
  assert.match(err.message, /timed out after 5 ms/);
  assert.equal(signals.length, 2);
  assert.ok(signals.every((s) => s.aborted));
});

test('a caller abort rejects with the abort reason and is not retried', async () => {
  const ctrl = new AbortController();
  let calls = 0;
  const hang: Transport = () => { calls++; queueMicrotask(() => ctrl.abort(new Error('user gave up'))); return new Promise(() => {}); };
  const sender = new RequestSender({ transport: hang, sleep: async () => {} });
  const err = await sender.send({ method: 'GET', path: '/x', options: { signal: ctrl.signal } }).catch((e: unknown) => e);
  assert.equal((err as Error).message, 'user gave up');
  assert.equal(calls, 1);
});

test('a 2xx with a non-JSON body is an error, 204 gives undefined, bytes come back raw', async () => {
  const script = [
    new Response('<html>proxy</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    new Response(null, { status: 204 }),
    new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { status: 200, headers: { 'content-type': 'image/png' } }),
  ];
  const { fetch } = recording(async () => script.shift()!);
  const sender = new RequestSender({ transport: fetch });
  await assert.rejects(sender.send({ method: 'GET', path: '/a' }), /non-JSON body/);
  assert.equal(await sender.send({ method: 'DELETE', path: '/b' }), undefined);
  const png = await sender.send<Uint8Array>({ method: 'GET', path: '/c', responseType: 'bytes' });
  assert.deepEqual([...png], [0x89, 0x50, 0x4e, 0x47]);
});

test('a caller abort during the backoff stops the retries at once', async () => {
  const ctrl = new AbortController();
  const { fetch, calls } = recording(async () => unavailable());
  const sender = new RequestSender({
    transport: fetch,
    sleep: () => { queueMicrotask(() => ctrl.abort(new Error('shutting down'))); return new Promise(() => {}); },
  });
  const err = await sender.send({ method: 'GET', path: '/x', options: { signal: ctrl.signal } }).catch((e: unknown) => e);
  assert.equal((err as Error).message, 'shutting down');
  assert.equal(calls.length, 1);
});
