// The default undici transport against a sandbox served on a real port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { listen } from '@cobro/sandbox';
import { ConnectionError, MercadoPagoClient, NotFoundError, TimeoutError, createUndiciTransport } from '../src/index.ts';
import { sandbox, sandboxSeller } from './helpers.ts';

test('GET of an unknown path over a real socket → NotFoundError with MP\'s body', async () => {
  const sb = sandbox('http-404');
  const running = await listen(sb);
  const client = new MercadoPagoClient({ accessToken: 'APP_USR-x', baseUrl: running.url });
  try {
    const err = await client.sender.send({ method: 'GET', path: '/v1/nothing/here' }).catch((e) => e);
    assert.ok(err instanceof NotFoundError, String(err));
    assert.equal(err.status, 404);
    assert.equal(err.code, 'not_found');
    assert.deepEqual(err.raw, { message: 'Resource GET /v1/nothing/here not found.', error: 'not_found', status: 404, cause: [] });
    assert.match(err.headers['content-type'], /application\/json/);
  } finally {
    await client.close();
    await running.close();
  }
});

test('undici transport keeps the connection alive across calls and sends JSON bodies', async () => {
  const sb = sandbox('http-keepalive');
  const running = await listen(sb);
  let connections = 0;
  running.server.on('connection', () => { connections++; });
  const seller = await sandboxSeller(sb);
  const client = new MercadoPagoClient({ accessToken: seller.accessToken, baseUrl: running.url });
  try {
    for (let i = 0; i < 10; i++) {
      const me = await client.sender.send<{ id: number }>({ method: 'GET', path: '/users/me' });
      assert.equal(me.id, seller.userId);
    }
    const created = await client.sender.request<{ user_id: number }>({ method: 'POST', path: '/__sandbox/accounts', body: { site_id: 'MLC' } });
    assert.equal(created.status, 201);
    assert.equal(typeof created.data.user_id, 'number');
    // 11 calls over at most 2 sockets: undici may open a second one when a call is dispatched in the same
    // tick the previous socket is released; without keep-alive this would be 11.
    assert.ok(connections >= 1 && connections <= 2, `${connections} connections`);
  } finally {
    await client.close();
    await running.close();
  }
});

test('undici transport: a refused connection is retried then becomes ConnectionError', async () => {
  // A port that was free a moment ago: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  let slept = 0;
  const transport = createUndiciTransport();
  const client = new MercadoPagoClient({ baseUrl: `http://127.0.0.1:${port}`, transport, sleep: async () => { slept++; } });
  try {
    const err = await client.sender.send({ method: 'GET', path: '/users/me' }).catch((e) => e);
    assert.ok(err instanceof ConnectionError, String(err));
    assert.match(err.message, /ECONNREFUSED/);
    assert.equal(slept, 3);
  } finally {
    await transport.close();
  }
});

test('sandbox fault rules over a real socket: resets and a 429 are retried, a hang times out', async () => {
  const sb = sandbox('http-faults');
  const running = await listen(sb);
  const seller = await sandboxSeller(sb);
  const sleeps: number[] = [];
  const client = new MercadoPagoClient({ accessToken: seller.accessToken, baseUrl: running.url, sleep: async (ms) => { sleeps.push(ms); } });
  try {
    sb.control.faults.add({ method: 'GET', path: '/users/me', fault: 'reset', times: 2 });
    const me = await client.sender.request<{ id: number }>({ method: 'GET', path: '/users/me' });
    assert.equal(me.data.id, seller.userId);
    assert.equal(me.attempts, 3);

    sb.control.faults.add({ method: 'GET', path: '/users/me', status: 429, retry_after: 2, once: true });
    sleeps.length = 0;
    const again = await client.sender.request<{ id: number }>({ method: 'GET', path: '/users/me' });
    assert.equal(again.attempts, 2);
    assert.deepEqual(sleeps, [2000]);

    sb.control.faults.add({ method: 'GET', path: '/users/me', fault: 'hang' });
    const err = await client.sender.send({ method: 'GET', path: '/users/me', options: { timeoutMs: 50, maxRetries: 0 } }).catch((e) => e);
    assert.ok(err instanceof TimeoutError, String(err));
  } finally {
    await client.close();
    await running.close();
  }
});

test('undici transport accepts a Request as well as url + init', async () => {
  const sb = sandbox('http-request-input');
  const running = await listen(sb);
  const transport = createUndiciTransport();
  try {
    const res = await transport(new Request(`${running.url}/__sandbox/accounts`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site_id: 'MLU' }),
    }));
    assert.equal(res.status, 201);
    assert.equal((await res.json() as { site_id: string }).site_id, 'MLU');
    const head = await transport(`${running.url}/nope`, { method: 'HEAD' });
    assert.equal(head.status, 404);
    assert.equal(await head.text(), '');
  } finally {
    await transport.close();
    await running.close();
  }
});
