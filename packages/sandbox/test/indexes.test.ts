// The lookups that used to scan every stored entity now go through indexes (src/indexes.ts). These tests drive
// the paths that change what an index holds: POS deleted and re-created, a store's external_id changed, the one
// pending order per POS, a dynamic QR paid, and the indexes rebuilt from the tables (what a restart does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rebuild } from '../src/indexes.ts';
import { code, control, createdOrder, newSeller, orderBody, postOrder, sandbox } from './orders-helpers.ts';

test('a deleted POS no longer takes orders; a new POS may reuse its external_id', async () => {
  const sb = sandbox('ix-pos');
  const s = await newSeller(sb);
  assert.equal((await s.call('DELETE', `/pos/${s.posId}`)).status, 204);
  const gone = await postOrder(s, orderBody(s));
  assert.equal(gone.status, 404);
  assert.equal(code(gone), 'pos_not_found');
  const again = await s.call('POST', '/pos', { name: 'Caja 1 bis', fixed_amount: true, external_store_id: s.storeExternalId, external_id: s.posExternalId });
  assert.equal(again.status, 200, again.text);
  const order = await createdOrder(s);
  assert.equal(order.config.qr.external_pos_id, s.posExternalId);
  const scan = await control(sb, 'scan', { qr_data: order.type_response.qr_data });
  assert.equal(scan.status, 201, scan.text);
});

test('a store found by its new external_id after an update, not by the old one', async () => {
  const sb = sandbox('ix-store');
  const s = await newSeller(sb);
  const stores = await s.call('GET', `/users/${s.id}/stores/search?external_id=${s.storeExternalId}`);
  const storeId = stores.body.results[0].id;
  const upd = await s.call('PUT', `/users/${s.id}/stores/${storeId}`, { external_id: 'RENAMED1' });
  assert.equal(upd.status, 200, JSON.stringify(upd.body));
  const viaNew = await s.call('POST', '/pos', { name: 'Caja 3', fixed_amount: true, external_store_id: 'RENAMED1', external_id: 'RENAMEDPOS3' });
  assert.equal(viaNew.status, 200, viaNew.text);
  assert.equal(String(viaNew.body.store_id), String(storeId));
  const viaOld = await s.call('POST', '/pos', { name: 'Caja 4', fixed_amount: true, external_store_id: s.storeExternalId, external_id: 'OLDPOS4' });
  assert.ok(viaOld.status >= 400 && viaOld.status < 500, viaOld.text);
});

test('one pending static order per POS: refused while pending, accepted after it is canceled', async () => {
  const sb = sandbox('ix-pending');
  const s = await newSeller(sb);
  const first = await createdOrder(s, {}, 'static');
  const second = await postOrder(s, orderBody(s, {}, 'static'));
  assert.equal(second.status, 409);
  assert.equal(code(second), 'already_queued_order_on_pos');
  // Another POS of the same seller is free, and dynamic orders never take the slot.
  assert.equal((await postOrder(s, orderBody(s, { config: { qr: { external_pos_id: s.pos2ExternalId, mode: 'static' } } }))).status, 201);
  assert.equal((await postOrder(s, orderBody(s, {}, 'dynamic'))).status, 201);
  assert.equal((await s.call('POST', `/v1/orders/${first.id}/cancel`, undefined, { 'x-idempotency-key': 'cancel-1' })).status, 200);
  assert.equal((await postOrder(s, orderBody(s, {}, 'static'))).status, 201);
});

test('rebuilt indexes answer as before: pending slot, dynamic QR, the refunds of a payment', async () => {
  const sb = sandbox('ix-rebuild');
  const s = await newSeller(sb);
  await createdOrder(s, {}, 'static');
  const dynamic = await createdOrder(s, {}, 'dynamic');
  const paid = await control(sb, 'pay', { qr_data: dynamic.type_response.qr_data, card: 'APRO' });
  assert.equal(paid.status, 201, paid.text);
  const refund = await s.call('POST', `/v1/orders/${dynamic.id}/refund`, undefined, { 'x-idempotency-key': 'r-1' });
  assert.equal(refund.status, 201, refund.text);
  const before = await s.call('GET', `/v1/payments/${paid.body.payment_id}`);

  rebuild(sb.state);

  assert.equal(code(await postOrder(s, orderBody(s, {}, 'static'))), 'already_queued_order_on_pos');
  const after = await s.call('GET', `/v1/payments/${paid.body.payment_id}`);
  assert.deepEqual(after.body.refunds, before.body.refunds);
  assert.equal(after.body.refunds.length, 1);
  const again = await control(sb, 'scan', { qr_data: dynamic.type_response.qr_data });
  assert.equal(again.status, 409, again.text);
  const byRef = await s.call('GET', `/v1/payments/search?external_reference=${dynamic.external_reference}`);
  assert.deepEqual(byRef.body.results.map((p: { id: number }) => p.id), [paid.body.payment_id]);
  assert.equal((await s.call('GET', '/v1/payments/search?external_reference=nobody')).body.results.length, 0);
});
