import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { accountWithApp, emit } from './http.ts';
import { receiver } from './notifications-helpers.ts';

async function legacySandbox(seed: string, opts: Parameters<typeof createSandbox>[0] = {}) {
  const rx = receiver();
  const sb = createSandbox({ seed, webhookFetch: rx.fetch, ...opts });
  const seller = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://panel.example/h' });
  const send = (url: string, topic: 'payment' | 'merchant_order' = 'payment') => emit(sb, {
    topic, action: topic === 'payment' ? 'payment.created' : 'create', user_id: seller.account.id, client_id: seller.app.client_id,
    resource_id: topic === 'payment' ? '135859802741' : '12734730348', notification_url: url, live_mode: false,
    ...(topic === 'merchant_order' && { extra: { status: 'opened' } }),
  });
  return { sb, rx, seller, send };
}

test('a notification_url gets an unsigned webhook and an unsigned IPN, and overrides the panel', async () => {
  const { sb, rx, send } = await legacySandbox('leg-1');
  await send('https://shop.example/mp?client=42');
  await sb.control.webhooks.idle();
  assert.equal(rx.got.length, 2);
  const wh = rx.got.find((r) => r.url.searchParams.has('data.id'))!;
  const ipn = rx.got.find((r) => r.url.searchParams.has('topic'))!;
  assert.equal(wh.url.host, 'shop.example');
  assert.equal(wh.url.searchParams.get('client'), '42');
  assert.equal(wh.url.searchParams.get('type'), 'payment');
  assert.equal(wh.url.searchParams.get('data.id'), '135859802741');
  assert.equal(wh.headers['x-signature'], undefined, 'legacy QR notifications are not signed');
  assert.deepEqual((wh.body.data as { id: string }).id, '135859802741');
  assert.equal(ipn.url.searchParams.get('topic'), 'payment');
  assert.equal(ipn.url.searchParams.get('id'), '135859802741');
  assert.deepEqual(ipn.body, { resource: '135859802741', topic: 'payment' });
  assert.equal(ipn.headers['x-signature'], undefined);
  assert.ok(rx.got.every((r) => r.url.host !== 'panel.example'));
  const log = sb.control.webhooks.list();
  assert.deepEqual(log.map((d) => [d.kind, d.signed, d.status]).sort(), [['ipn', false, 'delivered'], ['webhook', false, 'delivered']]);
});

test('merchant-order IPN carries the resource URL', async () => {
  const { sb, rx, send } = await legacySandbox('leg-2');
  await send('https://shop.example/mp', 'merchant_order');
  await sb.control.webhooks.idle();
  const ipn = rx.got.find((r) => r.url.searchParams.has('topic'))!;
  assert.equal(ipn.url.search, '?topic=merchant_order&id=12734730348');
  assert.deepEqual(ipn.body, { resource: 'https://api.mercadolibre.com/merchant_orders/12734730348', topic: 'merchant_order' });
  const wh = rx.got.find((r) => r.url.searchParams.has('data.id'))!;
  assert.equal(wh.url.searchParams.get('type'), 'topic_merchant_order_wh');
  assert.equal(wh.body.id, '12734730348');
  assert.equal(wh.body.status, 'opened');
});

test('source_news keeps only one flavour', async () => {
  const { sb, rx, send } = await legacySandbox('leg-3');
  await send('https://shop.example/only-webhooks?source_news=webhooks');
  await send('https://shop.example/only-ipn?source_news=ipn');
  await sb.control.webhooks.idle();
  const seen = rx.got.map((r) => `${r.url.pathname} ${r.url.searchParams.has('topic') ? 'ipn' : 'webhook'}`).sort();
  assert.deepEqual(seen, ['/only-ipn ipn', '/only-webhooks webhook']);
  assert.equal(rx.got.find((r) => r.url.pathname === '/only-ipn')!.url.searchParams.get('source_news'), 'ipn');
});

test('ipn: false sends the webhook flavour only; order topics never get an IPN', async () => {
  const { sb, rx, send, seller } = await legacySandbox('leg-4', { ipn: false });
  await send('https://shop.example/mp');
  await emit(sb, { topic: 'order', action: 'order.processed', user_id: seller.account.id, resource_id: 'ORD1', notification_url: 'https://shop.example/o', live_mode: false });
  await sb.control.webhooks.idle();
  assert.deepEqual(rx.got.map((r) => r.url.searchParams.has('data.id')), [true, true]);
});

test('resourceUrlOverridesPanel: false also delivers the signed panel webhook', async () => {
  const { sb, rx, send } = await legacySandbox('leg-5', { resourceUrlOverridesPanel: false });
  await send('https://shop.example/mp?source_news=webhooks');
  await sb.control.webhooks.idle();
  assert.deepEqual(rx.got.map((r) => [r.url.host, r.headers['x-signature'] !== undefined]).sort(), [['panel.example', true], ['shop.example', false]]);
});

test('a malformed notification_url is logged as a failed attempt, not thrown into the API call', async () => {
  const { sb, send } = await legacySandbox('leg-6', { webhookMaxAttempts: 1 });
  assert.ok((await send('not a url?source_news=webhooks')).length > 0, 'queued, not thrown into the call');
  await sb.control.webhooks.idle();
  const [d] = sb.control.webhooks.list();
  assert.equal(d.status, 'failed');
  assert.equal(d.attempts.length, 1);
  assert.equal(d.attempts[0].status, null);
  assert.ok(d.attempts[0].error);
});
