import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebhookSignatureValidator } from 'mercadopago';
import { createSandbox } from '../src/index.ts';
import { accountWithApp, emit } from './http.ts';
import { signatureHeader, signatureManifest, verifySignature } from '../src/notifications/signature.ts';
import { receiver, verifies } from './notifications-helpers.ts';

/** A classic timestamp in Buenos Aires time (UTC-03:00, no daylight saving), as MLA bodies carry it. */
const buenosAires = (iso: string) => new Date(Date.parse(iso) - 3 * 3600_000).toISOString().replace('Z', '-03:00');

const VECTOR = { secret: 'secret', dataId: '123456', requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', ts: 1704908010 };

test('signature matches the spec test vector', () => {
  assert.equal(signatureManifest(VECTOR), 'id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1704908010;');
  assert.equal(signatureHeader(VECTOR.secret, VECTOR), 'ts=1704908010,v1=dca67063e4eeb7d34c01baf6fa0854d7da31f1a9d394fc4cc8909584c8a3cb4a');
  assert.equal(verifySignature('secret', ' ts=1704908010 , v1=dca67063e4eeb7d34c01baf6fa0854d7da31f1a9d394fc4cc8909584c8a3cb4a', '123456', VECTOR.requestId), true);
  assert.equal(verifySignature('other', 'ts=1704908010,v1=dca67063e4eeb7d34c01baf6fa0854d7da31f1a9d394fc4cc8909584c8a3cb4a', '123456', VECTOR.requestId), false);
});

test('absent manifest parts are omitted', () => {
  assert.equal(signatureManifest({ requestId: 'r', ts: 1 }), 'request-id:r;ts:1;');
  assert.equal(signatureManifest({ dataId: '9', ts: 1 }), 'id:9;ts:1;');
});

test('panel webhook for an order is signed so that the receiver (and the official SDK) can verify it', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-1', webhookFetch: rx.fetch });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://pos.example/hooks/mp?client=abc' });
  await emit(sb, {
    topic: 'order', action: 'order.processed', user_id: account.id, client_id: app.client_id,
    resource_id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', live_mode: false,
    data: { status: 'processed', status_detail: 'accredited', total_paid_amount: '50.00', type: 'qr' },
  });
  assert.equal(rx.got.length, 0, 'delivery never happens inside the emitting request');
  await sb.control.webhooks.idle();
  assert.equal(rx.got.length, 1);
  const r = rx.got[0];
  assert.equal(r.method, 'POST');
  assert.equal(r.url.origin + r.url.pathname, 'https://pos.example/hooks/mp');
  assert.equal(r.url.searchParams.get('client'), 'abc');
  assert.equal(r.url.searchParams.get('data.id'), 'ORD01JE48XZBYRK6W22V7DFQRABEV');
  assert.equal(r.url.searchParams.get('type'), 'order');
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.match(r.headers['x-request-id'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(r.headers['x-signature'], /^ts=\d{10},v1=[0-9a-f]{64}$/);
  assert.equal(r.headers['x-signature'].slice(3, 13), String(Math.floor(Date.parse(sb.control.clock.now()) / 1000)));
  assert.ok(verifies(r, app.webhook_secret));
  assert.ok(!verifies(r, 'wrong-secret'));
  WebhookSignatureValidator.validate({
    xSignature: r.headers['x-signature'], xRequestId: r.headers['x-request-id'], dataId: r.url.searchParams.get('data.id')!,
    secret: app.webhook_secret,
  });
  assert.equal(r.body.action, 'order.processed');
  assert.equal(r.body.type, 'order');
  assert.equal(r.body.api_version, 'v1');
  assert.equal(r.body.application_id, app.client_id);
  assert.equal(r.body.user_id, String(account.id));
  assert.equal(r.body.live_mode, false);
  assert.equal(r.body.date_created, sb.control.clock.now());
  assert.deepEqual(r.body.data, {
    id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', status: 'processed', status_detail: 'accredited', total_paid_amount: '50.00', type: 'qr',
  });
  const [logged] = sb.control.webhooks.list();
  assert.equal(logged.status, 'delivered');
  assert.equal(logged.signed, true);
  assert.ok(!JSON.stringify(logged).includes(app.webhook_secret), 'the secret never appears in the log');
});

test('signatureIdCase "lower" lowercases data.id in the manifest only', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-2', webhookFetch: rx.fetch, signatureIdCase: 'lower' });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLB', webhook_url: 'https://pos.example/h' });
  await emit(sb, { topic: 'order', action: 'order.canceled', user_id: account.id, client_id: app.client_id, resource_id: 'ORDTST01ABC', live_mode: false });
  await sb.control.webhooks.idle();
  const [r] = rx.got;
  assert.equal(r.url.searchParams.get('data.id'), 'ORDTST01ABC', 'the query keeps the original casing');
  assert.ok(verifies(r, app.webhook_secret, 'lower'));
  assert.ok(!verifies(r, app.webhook_secret, 'asis'));
});

test('signatureTsUnit "ms" signs a 13-digit ts', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-3', webhookFetch: rx.fetch, signatureTsUnit: 'ms' });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://pos.example/h' });
  await emit(sb, { topic: 'payment', action: 'payment.created', user_id: account.id, client_id: app.client_id, resource_id: '135859802741', live_mode: false });
  await sb.control.webhooks.idle();
  const [r] = rx.got;
  assert.match(r.headers['x-signature'], new RegExp(`^ts=${Date.parse(sb.control.clock.now())},v1=`));
  assert.ok(verifies(r, app.webhook_secret));
});

test('payment and merchant-order webhook bodies follow §9.3', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-4', webhookFetch: rx.fetch });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://pos.example/h' });
  await emit(sb, { topic: 'payment', action: 'payment.created', user_id: account.id, client_id: app.client_id, resource_id: '135859802741', live_mode: true });
  await emit(sb, { topic: 'merchant_order', action: 'update', user_id: account.id, client_id: app.client_id, resource_id: '12734730348', live_mode: false, extra: { status: 'closed' } });
  await sb.control.webhooks.idle();
  const [pay, mo] = rx.got;
  assert.equal(pay.url.searchParams.get('type'), 'payment');
  assert.equal(typeof pay.body.id, 'number');
  assert.deepEqual({ ...pay.body, id: 0 }, {
    id: 0, live_mode: true, type: 'payment', date_created: buenosAires(sb.control.clock.now()), user_id: account.id,
    api_version: 'v1', action: 'payment.created', application_id: app.client_id, data: { id: '135859802741' },
  });
  assert.match(String(pay.body.date_created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-03:00$/);
  assert.equal(mo.url.searchParams.get('type'), 'topic_merchant_order_wh');
  assert.equal(mo.url.searchParams.get('data.id'), '12734730348');
  assert.deepEqual(mo.body, {
    action: 'update', application_id: app.client_id, data: { currency_id: '', marketplace: 'NONE', status: 'closed' },
    date_created: buenosAires(sb.control.clock.now()), id: '12734730348', live_mode: false, status: 'closed',
    type: 'topic_merchant_order_wh', user_id: account.id, version: 1,
  });
  assert.ok(verifies(mo, app.webhook_secret));
  const ids = new Set(sb.control.webhooks.list().map((d) => d.request.body.id));
  assert.equal(ids.size, 2, 'each notification has its own id');
});

test('only subscribed topics reach the panel URL; no URL, no delivery', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-5', webhookFetch: rx.fetch });
  const subscribedApp = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://a.example/h', webhook_topics: ['order', 'topic_merchant_order_wh'] });
  const noUrl = await accountWithApp(sb, { site_id: 'MLA' });
  const base = { user_id: subscribedApp.account.id, client_id: subscribedApp.app.client_id, live_mode: false };
  await emit(sb, { ...base, topic: 'payment', action: 'payment.created', resource_id: '1' });
  await emit(sb, { ...base, topic: 'order', action: 'order.processed', resource_id: 'ORD1' });
  await emit(sb, { ...base, topic: 'merchant_order', action: 'create', resource_id: '2', extra: { status: 'opened' } });
  await emit(sb, { topic: 'order', action: 'order.processed', user_id: noUrl.account.id, client_id: noUrl.app.client_id, resource_id: 'ORD2', live_mode: false });
  await emit(sb, { topic: 'order', action: 'order.processed', user_id: 1, client_id: 'no-such-app', resource_id: 'ORD3', live_mode: false });
  await sb.control.webhooks.idle();
  assert.deepEqual(rx.got.map((r) => r.url.searchParams.get('data.id')), ['ORD1', '2']);
  assert.equal(sb.control.webhooks.list().length, 2);
});

test('mp-connect events reach the integrator app, signed', async () => {
  const rx = receiver();
  const sb = createSandbox({ seed: 'sig-6', webhookFetch: rx.fetch });
  const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://a.example/h' });
  await emit(sb, { topic: 'mp-connect', action: 'application.authorized', user_id: 123456789, client_id: app.client_id, resource_id: '123456789', live_mode: true });
  await sb.control.webhooks.idle();
  const [r] = rx.got;
  assert.equal(r.url.searchParams.get('type'), 'mp-connect');
  assert.equal(r.body.action, 'application.authorized');
  assert.equal(r.body.user_id, 123456789);
  assert.ok(verifies(r, app.webhook_secret));
  void account;
});

test('the same seed gives the same request ids and signatures', async () => {
  const run = async () => {
    const rx = receiver();
    const sb = createSandbox({ seed: 'sig-det', webhookFetch: rx.fetch });
    const { account, app } = await accountWithApp(sb, { site_id: 'MLA', webhook_url: 'https://a.example/h' });
    await emit(sb, { topic: 'order', action: 'order.processed', user_id: account.id, client_id: app.client_id, resource_id: 'ORD9', live_mode: false });
    await sb.control.webhooks.idle();
    return [rx.got[0].headers['x-request-id'], rx.got[0].headers['x-signature'], rx.got[0].body.id];
  };
  assert.deepEqual(await run(), await run());
});
