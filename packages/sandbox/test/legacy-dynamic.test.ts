import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attendedPath, buyer, newSeller, orderBody, pay, peek, qrsPath, sandbox, scan, scanPos } from './legacy-helpers.ts';
import { decodeMpQr } from '../src/index.ts';
import { advance, request, stats } from './http.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('dynamic POST → 201 with EMVCo qr_data carrying the in_store_order_id', async () => {
  const sb = sandbox('dyn-1');
  const s = await newSeller(sb, 'MLB');
  const r = await s.call('POST', qrsPath(s), orderBody());
  assert.equal(r.status, 201);
  assert.match(r.body.in_store_order_id, UUID);
  const qr = decodeMpQr(r.body.qr_data); // throws on a bad CRC
  assert.equal(qr.initiation, '12');
  assert.equal(qr.inStoreOrderId, r.body.in_store_order_id);
  const tag = (t: string) => qr.fields.find((f) => f.tag === t)?.value;
  assert.equal(tag('53'), '986');
  assert.equal(tag('58'), 'BR');
  assert.equal(tag('54'), undefined, 'the amount is never embedded');
  const order = (await peek(sb, { qr_data: r.body.qr_data }))!;
  assert.equal(order.model, 'dynamic');
  assert.equal(order.total_amount, '100.00');
  assert.equal(await scanPos(sb, s), undefined, 'a dynamic order is not on the static QR');
  assert.equal((await s.call('GET', attendedPath(s))).status, 404);
});

test('several dynamic orders coexist on one POS, each payable on its own', async () => {
  const sb = sandbox('dyn-2');
  const s = await newSeller(sb);
  const b = await buyer(sb);
  const a = (await s.call('POST', qrsPath(s), orderBody({ external_reference: 'a' }))).body;
  const c = (await s.call('POST', qrsPath(s), orderBody({ external_reference: 'c' }))).body;
  assert.notEqual(a.in_store_order_id, c.in_store_order_id);
  const oa = (await peek(sb, { qr_data: a.qr_data }))!;
  assert.equal((await pay(sb, await scan(sb, oa, b.id))).status, 201);
  assert.equal(await peek(sb, { qr_data: a.qr_data }), undefined, 'paid: gone');
  assert.equal((await peek(sb, { qr_data: c.qr_data }))!.external_reference, 'c');
});

test('dynamic: invalid notification_url and other body errors → 400 and nothing created', async () => {
  const sb = sandbox('dyn-3');
  const s = await newSeller(sb);
  const bad = await s.call('POST', qrsPath(s), orderBody({ notification_url: 'ftp://x' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, 'invalid_notification_url');
  const noRef = await s.call('PUT', qrsPath(s), orderBody({ external_reference: '' }));
  assert.equal(noRef.body.error, 'invalid_external_reference');
  const noPos = await s.call('POST', `/instore/orders/qr/seller/collectors/${s.id}/pos/NOPE/qrs`, orderBody());
  assert.equal(noPos.status, 404);
  assert.equal((await stats(sb)).instore_orders, 0);
});

test('dynamic orders have no delete: they expire at expiration_date', async () => {
  const sb = sandbox('dyn-4');
  const s = await newSeller(sb);
  const r = await s.call('POST', qrsPath(s), orderBody({ expiration_date: '2026-01-15T12:05:00Z' }));
  assert.ok(await peek(sb, { qr_data: r.body.qr_data }));
  assert.equal((await s.call('DELETE', qrsPath(s))).status, 404, 'no DELETE route');
  await advance(sb, 5 * 60_000);
  const expired = await request(sb, 'GET', `/__sandbox/scan?qr_data=${encodeURIComponent(r.body.qr_data)}`);
  assert.equal(expired.status, 409);
  assert.match(expired.body.message, /expired/);
});

test('hybrid PUT → 201 with qr_data, and the same order is on the POS static QR', async () => {
  const sb = sandbox('dyn-5');
  const s = await newSeller(sb);
  const b = await buyer(sb);
  const r = await s.call('PUT', qrsPath(s), orderBody({ external_reference: 'hyb' }));
  assert.equal(r.status, 201);
  const id = decodeMpQr(r.body.qr_data).inStoreOrderId;
  assert.equal(id, r.body.in_store_order_id);
  const byPos = (await scanPos(sb, s))!;
  assert.equal(byPos.in_store_order_id, id);
  assert.equal(byPos.model, 'hybrid');
  const get = await s.call('GET', attendedPath(s));
  assert.equal(get.body[0].external_reference, 'hyb');
  // Paid through the dynamic code: the static QR is free again.
  const order = (await peek(sb, { qr_data: r.body.qr_data }))!;
  assert.equal((await pay(sb, await scan(sb, order, b.id))).status, 201);
  assert.equal(await scanPos(sb, s), undefined);
});

test('an attended PUT replaces a pending hybrid order on the POS', async () => {
  const sb = sandbox('dyn-6');
  const s = await newSeller(sb);
  const r = await s.call('PUT', qrsPath(s), orderBody({ external_reference: 'hyb' }));
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'att' }));
  assert.equal((await scanPos(sb, s))!.external_reference, 'att');
  assert.equal(await peek(sb, { qr_data: r.body.qr_data }), undefined);
});
