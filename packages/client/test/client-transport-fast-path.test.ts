// The sender's fast path into the default undici transport (no WHATWG Response): what it reads off the
// wire must match the fetch-shaped path — bodies by response type, repeated headers, empty bodies, aborts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionError, MercadoPagoClient, MercadoPagoError, createUndiciTransport } from '../src/index.ts';

let server: Server;
let baseUrl = '';
const hung: Array<() => void> = [];

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') {
      res.setHeader('x-multi', ['a', 'b']);
      res.setHeader('x-request-id', 'req-json');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    } else if (req.url === '/png') {
      res.setHeader('content-type', 'image/png');
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]));
    } else if (req.url === '/empty') {
      res.statusCode = 204;
      res.end();
    } else if (req.url === '/html') {
      res.end('<html>not json</html>');
    } else if (req.url === '/hang') {
      hung.push(() => res.end('{}'));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'nope', error: 'not_found', status: 404 }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const release of hung) release();
  await new Promise((resolve) => server.close(resolve));
});

test('JSON, bytes, text and empty bodies; repeated headers joined as Headers joins them', async () => {
  const client = new MercadoPagoClient({ baseUrl, maxRetries: 0 });
  try {
    const json = await client.sender.request<{ ok: boolean }>({ method: 'GET', path: '/json' });
    assert.deepEqual(json.data, { ok: true });
    assert.equal(json.headers['x-multi'], 'a, b');
    assert.equal(json.requestId, 'req-json');

    const png = await client.sender.request<Uint8Array>({ method: 'GET', path: '/png', responseType: 'bytes' });
    assert.ok(png.data instanceof Uint8Array);
    assert.deepEqual([...png.data], [0x89, 0x50, 0x4e, 0x47, 0, 255]);

    const text = await client.sender.request<string>({ method: 'GET', path: '/html', responseType: 'text' });
    assert.equal(text.data, '<html>not json</html>');

    const empty = await client.sender.request({ method: 'DELETE', path: '/empty' });
    assert.equal(empty.status, 204);
    assert.equal(empty.data, undefined);

    const notJson = await client.sender.send({ method: 'GET', path: '/html' }).catch((e) => e);
    assert.ok(notJson instanceof MercadoPagoError && !(notJson instanceof ConnectionError), String(notJson));
    assert.equal(notJson.raw, '<html>not json</html>');

    const missing = await client.sender.send({ method: 'GET', path: '/missing' }).catch((e: MercadoPagoError) => e);
    assert.ok(missing instanceof MercadoPagoError);
    assert.equal(missing.status, 404);
    assert.equal(missing.code, 'not_found');
  } finally {
    await client.close();
  }
});

test('the caller\'s abort ends a hung call with the caller\'s reason, and the client keeps working', async () => {
  const client = new MercadoPagoClient({ baseUrl, maxRetries: 0 });
  try {
    const ctrl = new AbortController();
    const pending = client.sender.send({ method: 'GET', path: '/hang', options: { signal: ctrl.signal } });
    while (hung.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('cashier cancelled');
    ctrl.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    assert.deepEqual(await client.sender.send({ method: 'GET', path: '/json' }), { ok: true });
  } finally {
    await client.close();
  }
});

test('undici loads on the first request: no pool before it, and a transport closed first never opens one', async () => {
  const transport = createUndiciTransport();
  assert.equal(transport.agent, undefined);
  const client = new MercadoPagoClient({ baseUrl, transport, maxRetries: 0 });
  await client.sender.send({ method: 'GET', path: '/json' });
  assert.ok(transport.agent, 'no agent after a request');
  await transport.close();

  const closedFirst = createUndiciTransport();
  await closedFirst.close();
  const err = await new MercadoPagoClient({ baseUrl, transport: closedFirst, maxRetries: 0 })
    .sender.send({ method: 'GET', path: '/json' }).catch((e) => e);
  assert.ok(err instanceof ConnectionError, String(err));
  assert.match(err.message, /closed/);
  assert.equal(closedFirst.agent, undefined);
});
