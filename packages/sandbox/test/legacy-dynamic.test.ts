import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attendedPath, buyer, newSeller, orderBody, pay, qrsPath, sandbox, scan, scanPos } from './legacy-helpers.ts';
import { decodeMpQr } from '../src/catalog/emvco.ts';
import { findInstoreOrderForScan } from '../src/legacy/legacy.ts';
import { advance, stats } from './http.ts';

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
  const order = findInstoreOrderForScan(sb.state, { inStoreOrderId: qr.inStoreOrderId })!;
  assert.equal(order.model, 'dynamic');
  assert.equal(order.total_amount, 10000);
  assert.equal(scanPos(sb, s), undefined, 'a dynamic order is not on the static QR');
  assert.equal((await s.call('GET', attendedPath(s))).status, 404);
});

test('several dynamic orders coexist on one POS, each payable on its own', async () => {
  const sb = sandbox('dyn-2');
  const s = await newSeller(sb);
  const b = buyer(sb);
  const a = (await s.call('POST', qrsPath(s), orderBody({ external_reference: 'a' }))).body.in_store_order_id;
  const c = (await s.call('POST', qrsPath(s), orderBody({ external_reference: 'c' }))).body.in_store_order_id;
  assert.notEqual(a, c);
  const oa = findInstoreOrderForScan(sb.state, { inStoreOrderId: a })!;
  pay(sb, oa, scan(sb, oa, b.id), b.id);
  assert.equal(findInstoreOrderForScan(sb.state, { inStoreOrderId: a }), undefined, 'paid: gone');
  assert.equal(findInstoreOrderForScan(sb.state, { inStoreOrderId: c })!.external_reference, 'c');
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
  const id = r.body.in_store_order_id;
  assert.ok(findInstoreOrderForScan(sb.state, { inStoreOrderId: id }));
  assert.equal((await s.call('DELETE', qrsPath(s))).status, 404, 'no DELETE route');
  await advance(sb, 5 * 60_000);
  assert.equal(findInstoreOrderForScan(sb.state, { inStoreOrderId: id }), undefined);
  assert.equal(sb.state.instoreOrders.get(id)!.status, 'expired');
});

test('hybrid PUT → 201 with qr_data, and the same order is on the POS static QR', async () => {
  const sb = sandbox('dyn-5');
  const s = await newSeller(sb);
  const b = buyer(sb);
  const r = await s.call('PUT', qrsPath(s), orderBody({ external_reference: 'hyb' }));
  assert.equal(r.status, 201);
  const id = decodeMpQr(r.body.qr_data).inStoreOrderId;
  assert.equal(id, r.body.in_store_order_id);
  const byPos = scanPos(sb, s)!;
  assert.equal(byPos.in_store_order_id, id);
  assert.equal(byPos.model, 'hybrid');
  const get = await s.call('GET', attendedPath(s));
  assert.equal(get.body[0].external_reference, 'hyb');
  // Paid through the dynamic code: the static QR is free again.
  const order = findInstoreOrderForScan(sb.state, { inStoreOrderId: id })!;
  pay(sb, order, scan(sb, order, b.id), b.id);
  assert.equal(scanPos(sb, s), undefined);
});

test('an attended PUT replaces a pending hybrid order on the POS', async () => {
  const sb = sandbox('dyn-6');
  const s = await newSeller(sb);
  const r = await s.call('PUT', qrsPath(s), orderBody({ external_reference: 'hyb' }));
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'att' }));
  assert.equal(scanPos(sb, s)!.external_reference, 'att');
  assert.equal(findInstoreOrderForScan(sb.state, { inStoreOrderId: r.body.in_store_order_id }), undefined);
});
