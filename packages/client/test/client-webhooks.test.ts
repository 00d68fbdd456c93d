// Webhook signature (spec §9.4 test vector, casing and ts-unit conflicts, tolerance) and notification parsing (§9.3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { parseNotification, signWebhook, verifyWebhookRequest, verifyWebhookSignature, webhookManifest } from '../src/index.ts';

const VECTOR = {
  secret: 'secret',
  dataId: '123456',
  xRequestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e',
  ts: '1704908010',
  v1: 'dca67063e4eeb7d34c01baf6fa0854d7da31f1a9d394fc4cc8909584c8a3cb4a',
};
const AT_VECTOR = 1704908010_000 + 60_000;

test('the spec\'s test vector verifies; signWebhook reproduces it', () => {
  assert.equal(webhookManifest(VECTOR.dataId, VECTOR.xRequestId, VECTOR.ts), 'id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1704908010;');
  const r = verifyWebhookSignature({ ...VECTOR, xSignature: `ts=${VECTOR.ts},v1=${VECTOR.v1}`, now: AT_VECTOR });
  assert.deepEqual(r, { ok: true, ts: 1704908010, idCase: 'asis' });
  const headers = signWebhook({ secret: 'secret', dataId: '123456', requestId: VECTOR.xRequestId, ts: 1704908010 });
  assert.deepEqual(headers, { 'x-signature': `ts=1704908010,v1=${VECTOR.v1}`, 'x-request-id': VECTOR.xRequestId });
});

test('header parsing: spaces, unknown keys and key order do not matter', () => {
  const r = verifyWebhookSignature({ ...VECTOR, xSignature: ` v2=abc , v1=${VECTOR.v1.toUpperCase()} ,ts=${VECTOR.ts} `, now: AT_VECTOR });
  assert.equal(r.ok, true);
});

test('tampered id, request id, ts or secret → signature_mismatch', () => {
  const base = { ...VECTOR, xSignature: `ts=${VECTOR.ts},v1=${VECTOR.v1}`, now: AT_VECTOR };
  assert.deepEqual(verifyWebhookSignature({ ...base, dataId: '123457' }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xRequestId: 'other' }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhookSignature({ ...base, secret: 'Secret' }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `ts=1704908011,v1=${VECTOR.v1}` }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `ts=${VECTOR.ts},v1=${VECTOR.v1.slice(0, 62)}00` }), { ok: false, reason: 'signature_mismatch' });
});

test('missing or malformed headers and secret are told apart', () => {
  const base = { ...VECTOR, now: AT_VECTOR };
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: undefined }), { ok: false, reason: 'missing_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: '' }), { ok: false, reason: 'missing_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `v1=${VECTOR.v1}` }), { ok: false, reason: 'malformed_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `ts=${VECTOR.ts}` }), { ok: false, reason: 'malformed_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `ts=abc,v1=${VECTOR.v1}` }), { ok: false, reason: 'malformed_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, xSignature: `ts=${VECTOR.ts},v1=xyz` }), { ok: false, reason: 'malformed_header' });
  assert.deepEqual(verifyWebhookSignature({ ...base, secret: '', xSignature: `ts=${VECTOR.ts},v1=${VECTOR.v1}` }), { ok: false, reason: 'missing_secret' });
});

test('data.id casing: as received, or lowercased (both accepted, and reported)', () => {
  const id = 'ORD01JE48XZBYRK6W22V7DFQRABEV';
  const asIs = signWebhook({ secret: 's', dataId: id, requestId: 'r', ts: 1700000000 });
  const lower = signWebhook({ secret: 's', dataId: id.toLowerCase(), requestId: 'r', ts: 1700000000 });
  const now = 1700000000_000;
  assert.deepEqual(verifyWebhookSignature({ secret: 's', xSignature: asIs['x-signature'], xRequestId: 'r', dataId: id, now }), { ok: true, ts: 1700000000, idCase: 'asis' });
  assert.deepEqual(verifyWebhookSignature({ secret: 's', xSignature: lower['x-signature'], xRequestId: 'r', dataId: id, now }), { ok: true, ts: 1700000000, idCase: 'lower' });
  // A signature over the lowercase id does not validate an uppercased delivery of a different id.
  assert.equal(verifyWebhookSignature({ secret: 's', xSignature: lower['x-signature'], xRequestId: 'r', dataId: 'ORD01JE48XZBYRK6W22V7DFQRABEW', now }).ok, false);
});

test('ts in milliseconds (13 digits) is signed verbatim and checked as ms', () => {
  const tsMs = '1704908010123';
  const h = signWebhook({ secret: 'k', dataId: '1', requestId: 'r', ts: tsMs });
  const expected = createHmac('sha256', 'k').update(`id:1;request-id:r;ts:${tsMs};`).digest('hex');
  assert.equal(h['x-signature'], `ts=${tsMs},v1=${expected}`);
  const r = verifyWebhookSignature({ secret: 'k', xSignature: h['x-signature'], xRequestId: 'r', dataId: '1', now: 1704908010_123 + 100_000 });
  assert.deepEqual(r, { ok: true, ts: 1704908010.123, idCase: 'asis' });
});

test('tolerance: default 300 s either way, configurable, and can be turned off', () => {
  const h = signWebhook({ secret: 'k', dataId: '9', requestId: 'r', ts: 1_000_000 });
  const p = { secret: 'k', xSignature: h['x-signature'], xRequestId: 'r', dataId: '9' };
  assert.equal(verifyWebhookSignature({ ...p, now: 1_000_300_000 }).ok, true);
  assert.deepEqual(verifyWebhookSignature({ ...p, now: 1_000_301_000 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  assert.deepEqual(verifyWebhookSignature({ ...p, now: 999_699_000 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  assert.equal(verifyWebhookSignature({ ...p, now: 1_000_301_000, toleranceSeconds: 600 }).ok, true);
  assert.equal(verifyWebhookSignature({ ...p, now: new Date(5e12), toleranceSeconds: null }).ok, true);
  assert.equal(verifyWebhookSignature({ ...p, now: 5e12, toleranceSeconds: Infinity }).ok, true);
});

test('absent x-request-id / data.id: refused by default; with requireParts: false, left out of the manifest', () => {
  const h = signWebhook({ secret: 'k', requestId: null, ts: 1_000_000 });
  assert.equal(h['x-request-id'], undefined);
  const expected = createHmac('sha256', 'k').update('ts:1000000;').digest('hex');
  assert.equal(h['x-signature'], `ts=1000000,v1=${expected}`);
  const p = { secret: 'k', xSignature: h['x-signature'], now: 1_000_000_000 };
  assert.deepEqual(verifyWebhookSignature(p), { ok: false, reason: 'missing_data_id' });
  assert.deepEqual(verifyWebhookSignature({ ...p, dataId: '1' }), { ok: false, reason: 'missing_request_id' });
  assert.equal(verifyWebhookSignature({ ...p, requireParts: false }).ok, true);
});

test('a data.id stuffed with the request id does not pass for a delivery signed with both', () => {
  // A genuine delivery: data.id 123, x-request-id rid-1.
  const genuine = signWebhook({ secret: 'k', dataId: '123', requestId: 'rid-1', ts: 1_000_000 });
  const now = 1_000_000_000;
  // Replayed with data.id "123;request-id:rid-1" and no x-request-id: the manifest would come out the same.
  const forged = { secret: 'k', xSignature: genuine['x-signature'], dataId: '123;request-id:rid-1', xRequestId: undefined, now };
  assert.equal(webhookManifest(forged.dataId, undefined, '1000000'), webhookManifest('123', 'rid-1', '1000000'));
  assert.deepEqual(verifyWebhookSignature(forged), { ok: false, reason: 'malformed_data_id' });
  assert.deepEqual(verifyWebhookSignature({ ...forged, requireParts: false }), { ok: false, reason: 'malformed_data_id' });
  assert.deepEqual(verifyWebhookRequest('k', { url: '/mp?data.id=123%3Brequest-id%3Arid-1&type=payment', headers: { 'x-signature': genuine['x-signature'] } }, { now }),
    { ok: false, reason: 'malformed_data_id' });
  // A colon alone, a request id with a separator, and control characters are refused too.
  assert.deepEqual(verifyWebhookSignature({ ...forged, dataId: 'a:b', xRequestId: 'rid-1' }), { ok: false, reason: 'malformed_data_id' });
  assert.deepEqual(verifyWebhookSignature({ ...forged, dataId: '123', xRequestId: 'rid-1;ts:1' }), { ok: false, reason: 'malformed_request_id' });
  assert.deepEqual(verifyWebhookSignature({ ...forged, dataId: '12\n3', xRequestId: 'rid-1' }), { ok: false, reason: 'malformed_data_id' });
  // The genuine one still verifies.
  assert.equal(verifyWebhookSignature({ ...forged, dataId: '123', xRequestId: 'rid-1' }).ok, true);
});

test('verifyWebhookRequest reads data.id from the query, not the body, for a Request or url+headers', () => {
  const h = signWebhook({ secret: 'k', dataId: '999999999', ts: 1_000_000 });
  const req = new Request('https://hooks.example/mp?data.id=999999999&type=payment', {
    method: 'POST', headers: h, body: JSON.stringify({ type: 'payment', data: { id: '111' } }),
  });
  assert.equal(verifyWebhookRequest('k', req, { now: 1_000_000_000 }).ok, true);
  // Node's req.url is path + query; header names may come in any case, and arrays.
  const nodeStyle = { url: '/mp?data.id=999999999&type=payment', headers: { 'X-Signature': [h['x-signature']], 'x-request-id': h['x-request-id'] } };
  assert.equal(verifyWebhookRequest('k', nodeStyle, { now: 1_000_000_000 }).ok, true);
  const moved = { url: '/mp?data.id=111&type=payment', headers: h };
  assert.deepEqual(verifyWebhookRequest('k', moved, { now: 1_000_000_000 }), { ok: false, reason: 'signature_mismatch' });
  assert.deepEqual(verifyWebhookRequest('k', { url: '/mp', headers: {} }), { ok: false, reason: 'missing_header' });
});

test('parseNotification: payment and order webhooks', () => {
  const pay = parseNotification('https://h.example/mp?data.id=999999999&type=payment', {
    id: 12345, live_mode: true, type: 'payment', date_created: '2015-03-25T10:04:58.396-04:00', user_id: 44444,
    api_version: 'v1', action: 'payment.created', data: { id: '999999999' },
  });
  assert.equal(pay.kind, 'webhook');
  if (pay.kind !== 'webhook') return;
  assert.equal(pay.type, 'payment');
  assert.equal(pay.action, 'payment.created');
  assert.equal(pay.dataId, '999999999');
  assert.equal(pay.notificationId, '12345');
  assert.equal(pay.userId, '44444');
  assert.equal(pay.liveMode, true);
  assert.deepEqual(pay.ref, { type: 'payment', id: '999999999', path: '/v1/payments/999999999' });

  const order = parseNotification('/mp?data.id=ORD01JE48XZBYRK6W22V7DFQRABEV&type=order', JSON.stringify({
    action: 'order.processed', api_version: 'v1', application_id: '1234567890', type: 'order', user_id: '5238400195', live_mode: false,
    data: { id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', status: 'processed', total_paid_amount: '50.00' },
  }));
  assert.equal(order.kind, 'webhook');
  if (order.kind !== 'webhook') return;
  assert.equal(order.action, 'order.processed');
  assert.equal(order.applicationId, '1234567890');
  assert.equal(order.data.status, 'processed');
  assert.deepEqual(order.ref, { type: 'order', id: 'ORD01JE48XZBYRK6W22V7DFQRABEV', path: '/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV' });
});

test('parseNotification: merchant-order webhook takes the top-level id', () => {
  const n = parseNotification('https://h.example/mp', Buffer.from(JSON.stringify({
    action: 'update', application_id: '7910800073137785', data: { currency_id: '', marketplace: 'NONE', status: 'closed' },
    date_created: '2024-10-06T17:42:13.510-04:00', id: '23603350837', live_mode: false, status: 'closed',
    type: 'topic_merchant_order_wh', user_id: 2012037660, version: 1,
  })));
  assert.equal(n.kind, 'webhook');
  if (n.kind !== 'webhook') return;
  assert.equal(n.dataId, '23603350837');
  assert.equal(n.notificationId, undefined);
  assert.equal(n.action, 'update');
  assert.deepEqual(n.ref, { type: 'merchant_order', id: '23603350837', path: '/merchant_orders/23603350837' });
});

test('parseNotification: IPN with a URL resource, with an id resource, and from the body alone', () => {
  const mo = parseNotification('https://h.example/mp?topic=merchant_order&id=12734730348', {
    resource: 'https://api.mercadolibre.com/merchant_orders/12734730348', topic: 'merchant_order',
  });
  assert.deepEqual(mo, {
    kind: 'ipn', topic: 'merchant_order', id: '12734730348', resource: 'https://api.mercadolibre.com/merchant_orders/12734730348',
    ref: { type: 'merchant_order', id: '12734730348', path: '/merchant_orders/12734730348' },
    body: { resource: 'https://api.mercadolibre.com/merchant_orders/12734730348', topic: 'merchant_order' },
  });
  const pay = parseNotification('/mp?topic=payment&id=123', { resource: '123', topic: 'payment' });
  assert.equal(pay.kind === 'ipn' && pay.ref.path, '/v1/payments/123');
  const bodyOnly = parseNotification('/mp', { resource: 'https://api.mercadolibre.com/merchant_orders/55', topic: 'merchant_order' });
  assert.equal(bodyOnly.kind === 'ipn' && bodyOnly.id, '55');
  const other = parseNotification('/mp?topic=chargebacks&id=7', '');
  assert.deepEqual(other.kind === 'ipn' && other.ref, { type: 'other', id: '7', path: undefined });
});

test('parseNotification rejects what is neither', () => {
  assert.throws(() => parseNotification('/mp', { hello: 1 }), /not a Mercado Pago notification/);
  assert.throws(() => parseNotification('/mp', 'not json'), /not JSON/);
  assert.throws(() => parseNotification('/mp?type=payment', {}), /carries no data.id/);
  assert.throws(() => parseNotification('/mp', [1]), /not a JSON object/);
});
