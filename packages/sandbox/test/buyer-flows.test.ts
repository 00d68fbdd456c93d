import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MpError } from '../src/index.ts';
import { decodeMpQr } from '../src/index.ts';
import {
  sent, code, control, createdOrder, newKey, newSeller, orderEvents, sandbox, type Seller,
} from './orders-helpers.ts';
import { advance, createAccount, getAccount, stats } from './http.ts';

/** The classic payment behind a buyer's payment, as the seller reads it. */
const payment = async (s: Seller, id: number) => (await s.call('GET', `/v1/payments/${id}`)).body;

const getOrder = async (s: Seller, id: string) => (await s.call('GET', `/v1/orders/${id}`)).body;
const cancel = (s: Seller, id: string) => s.call('POST', `/v1/orders/${id}/cancel`, undefined, { 'x-idempotency-key': newKey() });

test('dynamic: scan then pay with APRO → order processed, payment accredited with a classic payment behind it', async () => {
  const sb = sandbox('buyer-dynamic');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const scan = await control(sb, 'scan', { qr_data: o.type_response.qr_data });
  assert.equal(scan.status, 201, scan.text);
  assert.equal(scan.body.kind, 'order');
  assert.equal(scan.body.order_id, o.id);
  assert.equal(scan.body.total_amount, '50.00');
  assert.equal(scan.body.currency_id, 'ARS');
  assert.equal(scan.body.status, 'created');
  assert.equal(scan.body.collector_id, s.id);
  const buyer = await getAccount(sb, scan.body.buyer_id);
  assert.equal(buyer.kind, s.account.kind, "the default buyer is of the seller's kind (§1.3)");

  await advance(sb, 5000);
  const pay = await control(sb, 'pay', { scan_id: scan.body.scan_id, card: 'APRO', payment_method_id: 'master', installments: 3 });
  assert.equal(pay.status, 201, pay.text);
  assert.equal(pay.body.status, 'processed');
  assert.equal(pay.body.payment_status, 'approved');
  assert.equal(pay.body.payment_status_detail, 'accredited');

  const got = await getOrder(s, o.id);
  assert.equal(got.status, 'processed');
  assert.equal(got.status_detail, 'processed');
  assert.equal(got.last_updated_date, '2026-01-15T12:00:05.000Z');
  const tx = got.transactions.payments[0];
  assert.equal(tx.status, 'processed');
  assert.equal(tx.status_detail, 'accredited');
  assert.equal(tx.paid_amount, '50.00');
  assert.deepEqual(tx.payment_method, { id: 'master', type: 'credit_card', installments: 3 });
  assert.equal(tx.reference_id, String(pay.body.payment_id));
  const classic = await payment(s, pay.body.payment_id);
  assert.deepEqual(classic.order, { id: o.id, type: 'mercadopago' });
  assert.equal(classic.collector_id, s.id);
  assert.equal(classic.payer.id, String(buyer.user_id));
  assert.equal(classic.transaction_amount, 50);
  assert.equal(classic.status, 'approved');

  assert.deepEqual(await orderEvents(sb), [`order.processed ${o.id}`]);
  const data = (await sent(sb)).find((e) => e.topic === 'order')!.request.body.data as any;
  assert.equal(data.status, 'processed');
  assert.equal(data.total_paid_amount, '50.00');
  assert.equal(data.transactions.payments[0].reference.id, String(classic.id));

  // A dynamic code is single-use.
  const rescan = await control(sb, 'scan', { qr_data: o.type_response.qr_data });
  assert.equal(rescan.status, 409);
  assert.match(rescan.body.message, /already paid/);
  const repay = await control(sb, 'pay', { scan_id: scan.body.scan_id });
  assert.equal(repay.status, 409);
  // The seller's default buyer is reused.
  const o2 = await createdOrder(s, { external_reference: 'second' });
  assert.equal((await control(sb, 'scan', { qr_data: o2.type_response.qr_data })).body.buyer_id, buyer.user_id);
});

test('static: the POS printed QR (GET /pos/{id}.qr_code) finds the pending order; pay in one call', async () => {
  const sb = sandbox('buyer-static');
  const s = await newSeller(sb);
  const pos = await s.call('GET', `/pos/${s.posId}`);
  assert.equal(pos.status, 200, pos.text);
  const qr = pos.body.qr_code as string;
  assert.equal(decodeMpQr(qr).posId, s.posId);

  const empty = await control(sb, 'scan', { qr_data: qr });
  assert.equal(empty.status, 404);
  assert.match(empty.body.message, /place an order first/);

  const o = await createdOrder(s, {}, 'static');
  const paid = await control(sb, 'pay', { qr_data: qr, card: 'APRO' });
  assert.equal(paid.status, 201, paid.text);
  assert.equal(paid.body.order_id, o.id);
  assert.equal((await getOrder(s, o.id)).transactions.payments[0].payment_method.id, 'visa');
  // Paid: the POS shows nothing any more.
  assert.equal((await control(sb, 'scan', { pos_id: s.posId })).status, 404);
});

test('hybrid: paid through the static code, the dynamic one is disabled (and the reverse)', async () => {
  const sb = sandbox('buyer-hybrid');
  const s = await newSeller(sb);
  const a = await createdOrder(s, { external_reference: 'a' }, 'hybrid');
  const viaPos = await control(sb, 'pay', { pos_id: s.posId });
  assert.equal(viaPos.status, 201, viaPos.text);
  assert.equal(viaPos.body.order_id, a.id);
  assert.equal((await control(sb, 'scan', { qr_data: a.type_response.qr_data })).status, 409);

  const b = await createdOrder(s, { external_reference: 'b' }, 'hybrid');
  const viaQr = await control(sb, 'pay', { qr_data: b.type_response.qr_data, payment_method_id: 'account_money' });
  assert.equal(viaQr.status, 201, viaQr.text);
  assert.equal((await getOrder(s, b.id)).transactions.payments[0].payment_method.type, 'account_money');
  assert.equal((await control(sb, 'scan', { pos_id: s.posId })).status, 404);
});

test('a rejected card leaves the order created and unlocked; the buyer retries and pays', async () => {
  const sb = sandbox('buyer-rejected');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const scan = await control(sb, 'scan', { qr_data: o.type_response.qr_data });
  const r = await control(sb, 'pay', { scan_id: scan.body.scan_id, card: 'FUND' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.payment_status, 'rejected');
  assert.equal(r.body.payment_status_detail, 'cc_rejected_insufficient_amount');
  assert.equal(r.body.status, 'created');
  const got = await getOrder(s, o.id);
  assert.equal(got.status, 'created');
  assert.deepEqual(got.transactions.payments[0], { id: o.transactions.payments[0].id, amount: '50.00', status: 'created', status_detail: 'created' });
  assert.equal((await payment(s, r.body.payment_id)).status, 'rejected');
  assert.deepEqual(await orderEvents(sb), []);
  const retry = await control(sb, 'pay', { scan_id: scan.body.scan_id, card: 'apro' });
  assert.equal(retry.body.status, 'processed');
});

test('after a rejection the order is unlocked: the seller may cancel', async () => {
  const sb = sandbox('buyer-rejected-cancel');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const r = await control(sb, 'pay', { qr_data: o.type_response.qr_data, card: 'OTHE' });
  assert.equal(r.body.payment_status, 'rejected');
  assert.equal((await cancel(s, o.id)).status, 200);
  const late = await control(sb, 'pay', { scan_id: r.body.scan_id });
  assert.equal(late.status, 409);
  assert.match(late.body.message, /canceled/);
});

test('CONT: the transaction is processing/in_process, the order stays created and locked until forced', async () => {
  const sb = sandbox('buyer-cont');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const r = await control(sb, 'pay', { qr_data: o.type_response.qr_data, card: 'CONT' });
  assert.equal(r.body.payment_status, 'in_process');
  const got = await getOrder(s, o.id);
  assert.equal(got.status, 'created');
  assert.equal(got.transactions.payments[0].status, 'processing');
  assert.equal(got.transactions.payments[0].status_detail, 'in_process');
  assert.equal(code(await cancel(s, o.id)), 'instore_order_locked_error');
  assert.equal((await control(sb, 'pay', { scan_id: r.body.scan_id })).status, 409);
  assert.equal((await s.call('POST', `/v1/orders/${o.id}/events`, { status: 'processed' })).status, 204);
  const done = await getOrder(s, o.id);
  assert.equal(done.status, 'processed');
  assert.equal(done.transactions.payments[0].reference_id, String(r.body.payment_id));
  assert.equal((await payment(s, r.body.payment_id)).status, 'approved');
});

test('buyer input errors: unknown card lists the names, bad CRC says so, and nothing is locked', async () => {
  const sb = sandbox('buyer-errors');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const qr = o.type_response.qr_data as string;
  const card = await control(sb, 'pay', { qr_data: qr, card: 'NOPE' });
  assert.equal(card.status, 400);
  assert.match(card.body.message, /APRO, OTHE, CONT/);
  const method = await control(sb, 'pay', { qr_data: qr, payment_method_id: 'bitcoin' });
  assert.equal(method.status, 400);
  assert.match(method.body.message, /account_money/);
  const inst = await control(sb, 'pay', { qr_data: qr, payment_method_id: 'debvisa', installments: 6 });
  assert.equal(inst.status, 400);
  const crc = await control(sb, 'scan', { qr_data: qr.slice(0, -4) + (qr.endsWith('0000') ? '1111' : '0000') });
  assert.equal(crc.status, 400);
  assert.match(crc.body.message, /bad CRC/);
  assert.equal((await control(sb, 'scan', { qr_data: 'hello' })).status, 400);
  assert.equal((await control(sb, 'scan', {})).status, 400);
  assert.equal((await control(sb, 'scan', { pos_id: s.posId, qr_data: qr })).status, 400);
  assert.equal((await control(sb, 'scan', { pos_id: 1 })).status, 404);
  assert.equal((await control(sb, 'scan', { user_id: s.id, external_pos_id: 'NOPE' })).status, 404);
  assert.equal((await control(sb, 'pay', { scan_id: 'nope' })).status, 404);
  assert.equal((await control(sb, 'abandon', { scan_id: 'nope' })).status, 404);
  assert.equal((await stats(sb)).scans, 0);
  // Nothing locked the order.
  assert.equal((await cancel(s, o.id)).status, 200);
  const canceled = await control(sb, 'scan', { qr_data: qr });
  assert.equal(canceled.status, 409);
  assert.match(canceled.body.message, /canceled/);
});

test('buyer_id: an explicit buyer pays; unknown → 404; the seller itself → 400', async () => {
  const sb = sandbox('buyer-id');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const qr = o.type_response.qr_data;
  assert.equal((await control(sb, 'scan', { qr_data: qr, buyer_id: 123 })).status, 404);
  assert.equal((await control(sb, 'scan', { qr_data: qr, buyer_id: s.id })).status, 400);
  const b = await createAccount(sb, { site_id: 'MLA', kind: 'production' });
  const r = await control(sb, 'pay', { qr_data: qr, buyer_id: b.user_id });
  assert.equal(r.status, 201, r.text);
  assert.equal((await payment(s, r.body.payment_id)).payer.id, String(b.user_id));
});

test('a test buyer cannot pay a real seller, nor a real buyer a test seller (2034 Invalid users involved)', async () => {
  const sb = sandbox('buyer-mixed');
  for (const kind of ['production', 'test'] as const) {
    const s = await newSeller(sb, 'MLA', kind);
    const o = await createdOrder(s);
    const other = await createAccount(sb, { site_id: 'MLA', kind: kind === 'test' ? 'production' : 'test' });
    const before = (await stats(sb)).payments;
    for (const path of ['scan', 'pay']) {
      const r = await control(sb, path, { qr_data: o.type_response.qr_data, buyer_id: other.user_id });
      assert.equal(r.status, 400, `${kind} seller, ${path}: ${r.text}`);
      assert.equal(r.body.cause[0].code, 2034);
      assert.match(r.body.message, /Invalid users involved/);
    }
    assert.equal((await stats(sb)).payments, before);
    assert.equal((await s.call('GET', `/v1/orders/${o.id}`)).body.status, 'created');
    // Without buyer_id the sandbox's own buyer is of the seller's kind.
    const paid = await control(sb, 'pay', { qr_data: o.type_response.qr_data });
    assert.equal(paid.status, 201, paid.text);
    assert.equal((await getAccount(sb, Number((await payment(s, paid.body.payment_id)).payer.id))).kind, kind);
  }
});

test('expired orders cannot be scanned or paid; abandon unlocks and ends the scan', async () => {
  const sb = sandbox('buyer-expired');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const scan = await control(sb, 'scan', { qr_data: o.type_response.qr_data });
  await advance(sb, 15 * 60_000);
  const late = await control(sb, 'pay', { scan_id: scan.body.scan_id });
  assert.equal(late.status, 409);
  assert.match(late.body.message, /expired/);
  assert.equal((await control(sb, 'scan', { qr_data: o.type_response.qr_data })).status, 409);

  const o2 = await createdOrder(s, { external_reference: 'two' });
  const s2 = await control(sb, 'scan', { qr_data: o2.type_response.qr_data });
  const ab = await control(sb, 'abandon', { scan_id: s2.body.scan_id });
  assert.deepEqual(ab.body, { scan_id: s2.body.scan_id, state: 'abandoned' });
  assert.equal((await control(sb, 'pay', { scan_id: s2.body.scan_id })).status, 409);
  // A re-scan replaces an open scan of the same order.
  const s3 = await control(sb, 'scan', { qr_data: o2.type_response.qr_data });
  const s4 = await control(sb, 'scan', { qr_data: o2.type_response.qr_data });
  assert.equal((await control(sb, 'pay', { scan_id: s3.body.scan_id })).status, 409);
  assert.equal((await control(sb, 'pay', { scan_id: s4.body.scan_id })).body.status, 'processed');
  assert.equal((await control(sb, 'abandon', { scan_id: s4.body.scan_id })).status, 409);
});

test('legacy in-store orders: a dynamic qr_data and a POS scan open a merchant order and pay it', async () => {
  const sb = sandbox('buyer-legacy');
  const s = await newSeller(sb);
  const body = {
    external_reference: 'legacy-1', title: 'Compra', description: 'Compra', total_amount: 100,
    items: [{ title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit', total_amount: 100 }],
  };
  const dyn = await s.call('POST', `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.posExternalId}/qrs`, body);
  assert.equal(dyn.status, 201, dyn.text);
  const scan = await control(sb, 'scan', { qr_data: dyn.body.qr_data });
  assert.equal(scan.status, 201, scan.text);
  assert.equal(scan.body.kind, 'instore');
  assert.equal(scan.body.in_store_order_id, dyn.body.in_store_order_id);
  assert.equal(scan.body.total_amount, '100.00');
  assert.equal(scan.body.status, 'pending');
  assert.equal((await s.call('GET', `/merchant_orders/${scan.body.merchant_order_id}`)).status, 200);
  const pay = await control(sb, 'pay', { scan_id: scan.body.scan_id, card: 'APRO' });
  assert.equal(pay.status, 201, pay.text);
  assert.equal(pay.body.status, 'closed');
  assert.equal(pay.body.merchant_order_id, scan.body.merchant_order_id);
  assert.deepEqual((await payment(s, pay.body.payment_id)).order, { id: scan.body.merchant_order_id, type: 'mercadopago' });
  assert.equal((await control(sb, 'scan', { qr_data: dyn.body.qr_data })).status, 409);

  const put = await s.call('PUT', `/instore/qr/seller/collectors/${s.id}/pos/${s.pos2ExternalId}/orders`, { ...body, external_reference: 'legacy-2' });
  assert.equal(put.status, 204, put.text);
  const viaPos = await control(sb, 'pay', { user_id: s.id, external_pos_id: s.pos2ExternalId, card: 'OTHE' });
  assert.equal(viaPos.status, 201, viaPos.text);
  assert.equal(viaPos.body.kind, 'instore');
  assert.equal(viaPos.body.payment_status, 'rejected');
  assert.equal(viaPos.body.status, 'opened');
});

test('typed control: scan, pay and abandon in process, throwing MpError like the HTTP plane', async () => {
  const sb = sandbox('buyer-typed');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const scan = sb.control.buyer.scan({ qr_data: o.type_response.qr_data });
  assert.equal(scan.order_id, o.id);
  assert.deepEqual(sb.control.buyer.abandon({ scan_id: scan.scan_id }), { scan_id: scan.scan_id, state: 'abandoned' });
  const paid = sb.control.buyer.pay({ qr_data: o.type_response.qr_data, card: 'APRO' });
  assert.equal(paid.status, 'processed');
  assert.throws(() => sb.control.buyer.pay({ qr_data: o.type_response.qr_data }), (e: unknown) => e instanceof MpError && e.status === 409);
  assert.throws(() => sb.control.buyer.pay({ scan_id: scan.scan_id, card: 'NOPE' }), (e: unknown) => e instanceof MpError && e.status === 400);
});
