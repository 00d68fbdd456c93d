// cobro listen: points the sandbox app's webhook at a local receiver, verifies each signature, forwards
// with the original headers (stripe-cli style), and restores the app's webhook URL on exit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '@cobro/client';
import { cobro, initDemo, Live, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
let app: Server;
let appUrl: string;
const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
before(async () => {
  t = await startSandbox('cli-listen');
  home = tempHome();
  await initDemo(home.dir, t);
  app = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { received.push({ url: req.url!, headers: req.headers, body }); res.writeHead(200).end('ok'); });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`;
});
after(async () => { await t.close(); app.close(); home.cleanup(); });

async function payAnOrder(): Promise<string> {
  const r = await cobro(['charge', '12', '--pos', 'CAJA1', '--mode', 'dynamic', '--no-wait', '--json'], home.dir);
  const { order, qr_data } = r.json();
  assert.equal((await cobro(['sandbox', 'pay', qr_data, '--json'], home.dir)).code, 0);
  return order.id;
}

describe('cobro listen', () => {
  it('forwards each notification with its headers and query, verifies the signature, and restores the webhook URL', async () => {
    const live = new Live(['listen', '--forward-to', appUrl, '--json'], home.dir);
    const listening = await live.line((l) => l.event === 'listening');
    assert.equal(listening.sandbox, true);
    assert.equal(t.sb.control.apps.get(t.demo.seller.client_id).webhook_url, listening.url);
    const orderId = await payAnOrder();
    const n = await live.line((l) => l.event === 'notification' && l.query['data.id'] === orderId);
    assert.equal(n.signature, 'valid');
    assert.equal(n.body.action, 'order.processed');
    assert.equal(n.forwarded.status, 200);
    const fwd = received.find((r) => r.url.includes(`data.id=${orderId}`));
    assert.ok(fwd, 'forwarded to the app');
    assert.equal(fwd.headers['x-signature'], n.headers['x-signature']);
    assert.equal(fwd.headers['x-request-id'], n.headers['x-request-id']);
    assert.equal(JSON.parse(fwd.body).action, 'order.processed');
    const stopped = await live.stop();
    assert.equal(stopped.code, 0);
    assert.equal(t.sb.control.apps.get(t.demo.seller.client_id).webhook_url, null);
  });

  it('alone, prints each one; a wrong webhook secret shows as an invalid signature', async () => {
    const live = new Live(['listen'], home.dir, { COBRO_WEBHOOK_SECRET: 'not-the-secret' });
    await live.text('listening on');
    const orderId = await payAnOrder();
    await live.text(`order.processed ${orderId}`);
    assert.match(live.stdout, new RegExp(`order.processed ${orderId}  signature ✘ invalid \\(signature_mismatch\\)`));
    await live.stop();
  });

  it('a forward target that is down is reported and answered 502 (the sandbox will retry)', async () => {
    const live = new Live(['listen', '--forward-to', 'http://127.0.0.1:9/webhooks', '--json'], home.dir);
    await live.line((l) => l.event === 'listening');
    const orderId = await payAnOrder();
    const n = await live.line((l) => l.event === 'notification' && l.query['data.id'] === orderId);
    assert.ok(n.forwarded.error);
    await live.stop();
    const log = t.sb.control.webhooks.list({ resource_id: orderId });
    assert.ok(log.some((d) => d.attempts.some((a) => a.status === 502)));
  });

  it('against real MP (no sandbox): says to configure the URL, and verifies signatures with the 5-minute tolerance', async () => {
    const live = new Live(['listen', '--base-url', 'http://127.0.0.1:9', '--json'], home.dir);
    const listening = await live.line((l) => l.event === 'listening');
    assert.equal(listening.sandbox, false);
    const send = (headers: Record<string, string>, id: string) => fetch(`${listening.url}?data.id=${id}&type=payment`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ action: 'payment.created', type: 'payment', data: { id } }),
    });
    assert.equal((await send(signWebhook({ secret: t.demo.seller.webhook_secret, dataId: '111' }), '111')).status, 200);
    assert.equal((await live.line((l) => l.event === 'notification' && l.query['data.id'] === '111')).signature, 'valid');
    const old = Math.floor(Date.now() / 1000) - 3600;
    await send(signWebhook({ secret: t.demo.seller.webhook_secret, dataId: '222', ts: old }), '222');
    assert.equal((await live.line((l) => l.event === 'notification' && l.query['data.id'] === '222')).signature, 'invalid (timestamp_out_of_tolerance)');
    await live.stop();
  });

  it('bad --forward-to → exit 2 before listening', async () => {
    const r = await cobro(['listen', '--forward-to', 'localhost:3000'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not an http\(s\) URL/);
  });
});
