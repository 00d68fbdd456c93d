// Deliveries over real sockets: a node:http receiver on 127.0.0.1 checks x-signature with the official SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSignatureValidator } from 'mercadopago';
import { createSandbox } from '../src/index.ts';
import { accountWithApp, emit } from './http.ts';

interface Hit { url: URL; headers: IncomingMessage['headers']; body: Record<string, unknown>; valid: boolean }

async function startReceiver(handle: (hit: Hit, res: ServerResponse) => void, secret: () => string) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      let valid = true;
      try {
        WebhookSignatureValidator.validate({
          xSignature: req.headers['x-signature'] as string, xRequestId: req.headers['x-request-id'] as string,
          dataId: url.searchParams.get('data.id') ?? undefined, secret: secret(),
        });
      } catch { valid = false; }
      const hit = { url, headers: req.headers, body: JSON.parse(raw), valid };
      hits.push(hit);
      handle(hit, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { hits, url, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

test('a real HTTP receiver gets a signed webhook it can verify, and 401 on a bad signature is retried', async (t) => {
  let secret = '';
  const rx = await startReceiver((hit, res) => { res.writeHead(hit.valid ? 200 : 401).end(); }, () => secret);
  t.after(rx.close);
  const sb = createSandbox({ seed: 'port-1' });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: `${rx.url}/mp/webhooks` });
  secret = 'not-the-secret';
  await emit(sb, { topic: 'order', action: 'order.processed', user_id: account.id, client_id: app.client_id, resource_id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', live_mode: false, data: { status: 'processed' } });
  await sb.control.webhooks.idle();
  assert.equal(rx.hits.length, 1);
  assert.equal(rx.hits[0].valid, false);
  assert.equal(rx.hits[0].url.pathname, '/mp/webhooks');
  assert.equal(sb.control.webhooks.list()[0].attempts[0].status, 401);
  secret = app.webhook_secret;
  await sb.control.clock.advance('PT15M');
  assert.equal(rx.hits.length, 2);
  assert.equal(rx.hits[1].valid, true);
  assert.equal(rx.hits[1].headers['content-type'], 'application/json');
  assert.deepEqual(rx.hits[1].body.data, { id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', status: 'processed' });
  assert.equal(sb.control.webhooks.list()[0].status, 'delivered');
});

test('a real receiver that never answers is timed out and retried', async (t) => {
  let n = 0;
  const rx = await startReceiver((_hit, res) => { if (++n > 1) res.writeHead(200).end(); }, () => '');
  t.after(rx.close);
  // The first attempt must wait out the whole timeout; the retry must fit in it even on a loaded CI machine.
  const sb = createSandbox({ seed: 'port-2', webhookTimeoutMs: 1000 });
  await emit(sb, { topic: 'payment', action: 'payment.created', user_id: 1, resource_id: '99', notification_url: `${rx.url}/ipn?source_news=ipn`, live_mode: false });
  await sb.control.webhooks.idle();
  let [d] = sb.control.webhooks.list();
  assert.equal(d.kind, 'ipn');
  assert.match(d.attempts[0].error!, /timed out/);
  await sb.control.clock.advance('15m');
  [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'delivered');
  assert.deepEqual(rx.hits.map((h) => h.url.search), ['?source_news=ipn&topic=payment&id=99', '?source_news=ipn&topic=payment&id=99']);
  assert.deepEqual(rx.hits[1].body, { resource: '99', topic: 'payment' });
});

test('a closed port is a network error in the log', async () => {
  const rx = await startReceiver(() => {}, () => '');
  const dead = rx.url;
  await rx.close();
  const sb = createSandbox({ seed: 'port-3', webhookMaxAttempts: 1 });
  await emit(sb, { topic: 'payment', action: 'payment.updated', user_id: 1, resource_id: '5', notification_url: `${dead}/x?source_news=webhooks`, live_mode: false });
  await sb.control.webhooks.idle();
  const [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'failed');
  assert.match(d.attempts[0].error!, /ECONNREFUSED/);
});
