import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { accountWithApp, emit } from './http.ts';
import { receiver } from './notifications-helpers.ts';

async function setup(seed: string) {
  const rx = receiver();
  const sb = createSandbox({ seed, webhookFetch: rx.fetch });
  const s = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://pos.example/h' });
  const send = (resourceId: string, action = 'order.processed') =>
    emit(sb, { topic: 'order', action, user_id: s.account.id, client_id: s.app.client_id, resource_id: resourceId, live_mode: false });
  const seen = () => rx.got.map((r) => `${r.url.searchParams.get('data.id')} ${r.body.action}`);
  return { sb, rx, send, seen };
}

async function addRule(sb: Sandbox, rule: unknown) {
  const res = await sb.fetch('https://api.mercadopago.com/__sandbox/faults', { method: 'POST', body: JSON.stringify(rule) });
  assert.equal(res.status, 201);
  return await res.json() as { id: string; remaining: number | null };
}

test('duplicate delivers the same notification twice, both logged', async () => {
  const { sb, rx, send } = await setup('wf-1');
  await addRule(sb, { target: 'webhook', topic: 'order', action: 'order.processed', fault: 'duplicate', once: true });
  await send('ORD1');
  await send('ORD2');
  await sb.control.webhooks.idle();
  assert.deepEqual(rx.got.map((r) => r.url.searchParams.get('data.id')), ['ORD1', 'ORD1', 'ORD2']);
  assert.deepEqual(rx.got[1].body, rx.got[0].body, 'same body, same notification id');
  assert.notEqual(rx.got[1].headers['x-request-id'], rx.got[0].headers['x-request-id']);
  const log = sb.control.webhooks.list({ resource_id: 'ORD1' });
  assert.equal(log.length, 2);
  assert.equal(log[0].duplicate_of, log[1].id);
  assert.deepEqual(log.map((d) => [d.fault, d.status]), [['duplicate', 'delivered'], ['duplicate', 'delivered']]);
});

test('reorder holds a delivery until the next one to the same receiver has been sent', async () => {
  const { sb, send, seen } = await setup('wf-2');
  await addRule(sb, { target: 'webhook', action: 'order.processed', fault: 'reorder', once: true });
  await send('ORD1', 'order.processed');
  await sb.control.webhooks.idle();
  assert.deepEqual(seen(), [], 'held');
  const [held] = sb.control.webhooks.list();
  assert.equal(held.status, 'held');
  assert.equal(held.fault, 'reorder');
  await send('ORD1', 'order.refunded');
  await sb.control.webhooks.idle();
  assert.deepEqual(seen(), ['ORD1 order.refunded', 'ORD1 order.processed']);
  assert.equal(sb.control.webhooks.get(held.id)?.status, 'delivered');
});

test('a held delivery can be released explicitly', async () => {
  const { sb, send, seen } = await setup('wf-2b');
  sb.control.faults.add({ target: 'webhook', fault: 'reorder', once: true });
  await send('ORD1');
  await sb.control.webhooks.idle();
  const res = await sb.fetch('https://api.mercadopago.com/__sandbox/webhooks/release', { method: 'POST' });
  assert.deepEqual(await res.json(), { released: 1 });
  await sb.control.webhooks.idle();
  assert.deepEqual(seen(), ['ORD1 order.processed']);
});

test('delay holds the first attempt for delay_ms of virtual time', async () => {
  const { sb, send, seen } = await setup('wf-3');
  await addRule(sb, { target: 'webhook', resource_id: 'ORD1', fault: 'delay', delay_ms: 60_000 });
  await send('ORD1');
  await send('ORD2');
  await sb.control.webhooks.idle();
  assert.deepEqual(seen(), ['ORD2 order.processed']);
  const [, delayed] = sb.control.webhooks.list();
  assert.equal(delayed.status, 'pending');
  assert.equal(delayed.next_attempt_at, new Date(Date.parse(sb.control.clock.now()) + 60_000).toISOString());
  await sb.control.clock.advance(59_999);
  assert.equal(seen().length, 1);
  await sb.control.clock.advance(1);
  assert.deepEqual(seen(), ['ORD2 order.processed', 'ORD1 order.processed']);
  assert.equal(sb.control.webhooks.get(delayed.id)?.attempts[0].at, sb.control.clock.now());
});

test('delay_ms alone means a delay fault', async () => {
  const { sb } = await setup('wf-3b');
  const rule = sb.control.faults.add({ target: 'webhook', delay_ms: 10 });
  assert.equal(rule.target === 'webhook' && rule.fault, 'delay');
});

test('drop never delivers but logs the delivery as dropped; times counts per delivery', async () => {
  const { sb, send, seen } = await setup('wf-4');
  const rule = await addRule(sb, { target: 'webhook', topic: 'order', fault: 'drop', times: 2 });
  assert.equal(rule.remaining, 2);
  await send('ORD1');
  await send('ORD2');
  await send('ORD3');
  await sb.control.webhooks.idle();
  await sb.control.clock.advance('P1D');
  assert.deepEqual(seen(), ['ORD3 order.processed']);
  const dropped = sb.control.webhooks.list({ status: 'dropped' });
  assert.deepEqual(dropped.map((d) => [d.resource_id, d.attempts.length, d.fault]), [['ORD2', 0, 'drop'], ['ORD1', 0, 'drop']]);
  assert.deepEqual(sb.control.faults.list(), []);
  // A dropped delivery can still be sent by hand.
  const replayed = await sb.control.webhooks.replay(dropped[1].id);
  assert.equal(replayed?.status, 'delivered');
});

test('webhook rules match topic (event or delivered type), action, resource and kind; HTTP traffic is untouched', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'wf-5', webhookFetch: rx.fetch });
  sb.control.faults.add({ target: 'webhook', topic: 'topic_merchant_order_wh', kind: 'ipn', fault: 'drop' });
  await emit(sb, { topic: 'merchant_order', action: 'create', user_id: 1, resource_id: '100', notification_url: 'https://shop.example/n', live_mode: false, extra: { status: 'opened' } });
  await emit(sb, { topic: 'payment', action: 'payment.created', user_id: 1, resource_id: '200', notification_url: 'https://shop.example/n', live_mode: false });
  await sb.control.webhooks.idle();
  // topic_merchant_order_wh is the webhook's type; the IPN's topic is merchant_order: neither matches both.
  assert.equal(rx.got.length, 4);
  sb.control.faults.clear();
  sb.control.faults.add({ target: 'webhook', topic: 'merchant_order', kind: 'ipn', fault: 'drop' });
  await emit(sb, { topic: 'merchant_order', action: 'update', user_id: 1, resource_id: '101', notification_url: 'https://shop.example/n', live_mode: false, extra: { status: 'closed' } });
  await sb.control.webhooks.idle();
  assert.equal(rx.got.length, 5);
  assert.deepEqual(sb.control.webhooks.list({ status: 'dropped' }).map((d) => [d.kind, d.resource_id]), [['ipn', '101']]);
  assert.equal((await sb.fetch('https://api.mercadopago.com/v1/nothing')).status, 404);
});

test('webhook faults over a real HTTP receiver: duplicate, reorder, delay and drop', async (t) => {
  const { createServer } = await import('node:http');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    seen.push(`${url.searchParams.get('data.id')} ${req.headers['x-request-id']}`);
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const sb = createSandbox({ seed: 'wf-6' });
  const s = await accountWithApp(sb, { site_id: 'MLA', webhook_url: `http://127.0.0.1:${port}/hook` });
  const send = (id: string) => emit(sb, { topic: 'order', action: 'order.processed', user_id: s.account.id, client_id: s.app.client_id, resource_id: id, live_mode: false });
  sb.control.faults.add({ target: 'webhook', resource_id: 'DUP', fault: 'duplicate' });
  sb.control.faults.add({ target: 'webhook', resource_id: 'LATE', fault: 'reorder' });
  sb.control.faults.add({ target: 'webhook', resource_id: 'SLOW', fault: 'delay', delay_ms: 1000 });
  sb.control.faults.add({ target: 'webhook', resource_id: 'GONE', fault: 'drop' });
  await send('DUP');
  await sb.control.webhooks.idle();
  await send('LATE');
  await send('SLOW');
  await send('GONE');
  await sb.control.webhooks.idle();
  await send('NEXT');
  await sb.control.webhooks.idle();
  await sb.control.clock.advance('1s');
  const ids = seen.map((x) => x.split(' ')[0]);
  assert.deepEqual(ids, ['DUP', 'DUP', 'NEXT', 'LATE', 'SLOW']);
  assert.equal(new Set(seen).size, seen.length, 'every request has its own x-request-id');
  assert.deepEqual(sb.control.webhooks.list().map((d) => [d.resource_id, d.status]),
    [['NEXT', 'delivered'], ['GONE', 'dropped'], ['SLOW', 'delivered'], ['LATE', 'delivered'], ['DUP', 'delivered'], ['DUP', 'delivered']]);
});
