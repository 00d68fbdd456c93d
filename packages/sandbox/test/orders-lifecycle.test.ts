import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sent, caller, code, control, createdOrder, newKey, newSeller, orderEvents, sandbox, type Seller,
} from './orders-helpers.ts';
import { advance, app } from './http.ts';

/** Virtual ms until an Orders refund is processed (the `refundCompletionMs` default). */
const REFUND_MS = 5_000;

const post = (s: Seller, path: string, body?: unknown) => s.call('POST', path, body, { 'x-idempotency-key': newKey() });

async function paidOrder(sb: ReturnType<typeof sandbox>, s: Seller, over: Record<string, unknown> = {}) {
  const o = await createdOrder(s, over);
  const r = await control(sb, 'pay', { qr_data: o.type_response.qr_data, card: 'APRO', payment_method_id: 'master' });
  assert.equal(r.status, 201, r.text);
  return (await s.call('GET', `/v1/orders/${o.id}`)).body;
}

test('GET: invalid id → 400 invalid_path_param; unknown → 404 order_not_found', async () => {
  const sb = sandbox('life-get');
  const s = await newSeller(sb);
  for (const id of ['123', 'ORD123', 'ord01JE48XZBYRK6W22V7DFQRABEV', 'ORD01JE48XZBYRK6W22V7DFQRABEVX']) {
    const r = await s.call('GET', `/v1/orders/${id}`);
    assert.equal(r.status, 400, id);
    assert.equal(code(r), 'invalid_path_param');
  }
  const r = await s.call('GET', '/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV');
  assert.equal(r.status, 404);
  assert.equal(code(r), 'order_not_found');
});

test("another seller's order is 404 on every route, and nothing changes", async () => {
  const sb = sandbox('life-isolation');
  const a = await newSeller(sb);
  const b = await newSeller(sb);
  const o = await createdOrder(a);
  for (const [method, path, body] of [
    ['GET', `/v1/orders/${o.id}`, undefined], ['POST', `/v1/orders/${o.id}/cancel`, undefined],
    ['POST', `/v1/orders/${o.id}/refund`, undefined], ['POST', `/v1/orders/${o.id}/events`, { status: 'processed' }],
  ] as const) {
    const r = await b.call(method, path, body, { 'x-idempotency-key': newKey() });
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.equal(code(r), 'order_not_found');
  }
  assert.equal((await a.call('GET', `/v1/orders/${o.id}`)).body.status, 'created');
});

test('cancel: created → canceled with payments, emits order.canceled; other statuses → 409', async () => {
  const sb = sandbox('life-cancel');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  await advance(sb, 1000);
  const r = await post(s, `/v1/orders/${o.id}/cancel`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'canceled');
  assert.equal(r.body.status_detail, 'canceled');
  assert.deepEqual(r.body.transactions.payments.map((p: any) => [p.status, p.status_detail]), [['canceled', 'canceled']]);
  assert.equal(r.body.last_updated_date, '2026-01-15T12:00:01.000Z');
  assert.deepEqual(await orderEvents(sb), [`order.canceled ${o.id}`]);
  // A canceled order does not expire later.
  await advance(sb, 3600_000);
  assert.deepEqual(await orderEvents(sb), [`order.canceled ${o.id}`]);

  const paid = await paidOrder(sb, s, { external_reference: 'paid' });
  const r2 = await post(s, `/v1/orders/${paid.id}/cancel`);
  assert.equal(r2.status, 409);
  assert.equal(code(r2), 'order_already_canceled');
  assert.equal((await s.call('GET', `/v1/orders/${paid.id}`)).body.status, 'processed');
});

test('cancel while a buyer is paying → 409 instore_order_locked_error until the buyer abandons', async () => {
  const sb = sandbox('life-locked');
  const s = await newSeller(sb);
  const o = await createdOrder(s, {}, 'static');
  const scan = await control(sb, 'scan', { user_id: s.id, external_pos_id: s.posExternalId });
  assert.equal(scan.status, 201, scan.text);
  const r = await post(s, `/v1/orders/${o.id}/cancel`);
  assert.equal(r.status, 409);
  assert.equal(code(r), 'instore_order_locked_error');
  assert.equal((await s.call('GET', `/v1/orders/${o.id}`)).body.status, 'created');
  assert.equal((await control(sb, 'abandon', { scan_id: scan.body.scan_id })).status, 200);
  assert.equal((await post(s, `/v1/orders/${o.id}/cancel`)).status, 200);
});

test('total refund: 201 processing, completes after refundCompletionMs → order and payment refunded, order.refunded', async () => {
  const sb = sandbox('life-refund-total', { refundCompletionMs: 30_000 });
  const s = await newSeller(sb);
  const o = await paidOrder(sb, s);
  const tx = o.transactions.payments[0];
  assert.equal(o.status, 'processed');
  const r = await post(s, `/v1/orders/${o.id}/refund`);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.id, o.id);
  assert.equal(r.body.status, 'processed');
  assert.equal(r.body.transactions.refunds.length, 1);
  const refund = r.body.transactions.refunds[0];
  assert.match(refund.id, /^REF[0-9A-Z]{26}$/);
  assert.equal(refund.transaction_id, tx.id);
  assert.equal(refund.amount, '50.00');
  assert.equal(refund.status, 'processing');
  assert.match(refund.reference_id, /^\d+$/);

  // Another total refund while the first is processing has nothing left.
  assert.equal(code(await post(s, `/v1/orders/${o.id}/refund`)), 'refund_in_progress');
  await advance(sb, 29_999);
  assert.equal((await s.call('GET', `/v1/orders/${o.id}`)).body.status, 'processed');
  assert.deepEqual(await orderEvents(sb), [`order.processed ${o.id}`]);
  await advance(sb, 1);
  const got = (await s.call('GET', `/v1/orders/${o.id}`)).body;
  assert.equal(got.status, 'refunded');
  assert.equal(got.status_detail, 'refunded');
  assert.equal(got.transactions.payments[0].status, 'refunded');
  assert.equal(got.transactions.payments[0].refunded_amount, '50.00');
  assert.equal(got.transactions.refunds[0].status, 'processed');
  assert.deepEqual(await orderEvents(sb), [`order.processed ${o.id}`, `order.refunded ${o.id}`]);
  // The classic payment behind it is refunded too.
  const p = (await s.call('GET', `/v1/payments/${tx.reference_id}`)).body;
  assert.equal(p.status, 'refunded');
  assert.equal(p.transaction_amount_refunded, 50);
  assert.equal((await s.call('GET', `/v1/payments/${tx.reference_id}/refunds/${refund.reference_id}`)).body.status, 'approved');
  const again = await post(s, `/v1/orders/${o.id}/refund`);
  assert.equal(again.status, 409);
  assert.equal(code(again), 'order_already_refunded');
});

test('partial refunds: below the original, cumulative ≤ paid, payment partially_refunded; the rest refunds it all', async () => {
  const sb = sandbox('life-refund-partial');
  const s = await newSeller(sb);
  const o = await paidOrder(sb, s);
  const txId = o.transactions.payments[0].id;
  const part = (amount: string, id = txId) => post(s, `/v1/orders/${o.id}/refund`, { transactions: [{ id, amount }] });

  const notFound = await part('10.00', 'PAY01J67CQQH5904WDBVZEM4JMEP3');
  assert.equal(notFound.status, 404);
  assert.equal(code(notFound), 'transaction_not_found');
  assert.equal(code(await part('50.00')), 'property_value');
  assert.equal(code(await part('10.0')), 'property_value');
  assert.equal(code(await post(s, `/v1/orders/${o.id}/refund`, { transactions: [{ id: txId, amount: 10 }] })), 'property_type');
  assert.equal(code(await post(s, `/v1/orders/${o.id}/refund`, { transactions: [{ id: txId, amount: '1.00' }, { id: txId, amount: '1.00' }] })), 'property_value');
  assert.equal(code(await post(s, `/v1/orders/${o.id}/refund`, { reason: 'x' })), 'unsupported_properties');
  assert.equal((await s.call('GET', `/v1/orders/${o.id}`)).body.transactions.refunds, undefined);

  const r1 = await part('30.00');
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.body.transactions.refunds[0].amount, '30.00');
  const over = await part('20.01');
  assert.equal(over.status, 400);
  assert.equal(code(over), 'refund_amount_exceeds');
  await advance(sb, REFUND_MS);
  let got = (await s.call('GET', `/v1/orders/${o.id}`)).body;
  assert.equal(got.status, 'processed');
  assert.equal(got.transactions.payments[0].status, 'processed');
  assert.equal(got.transactions.payments[0].status_detail, 'partially_refunded');
  assert.equal(got.transactions.payments[0].refunded_amount, '30.00');
  assert.equal((await s.call('GET', `/v1/payments/${got.transactions.payments[0].reference_id}`)).body.transaction_amount_refunded, 30);
  // Partial refund event: the ordersPartialRefundEvent knob (default order.refunded, order still processed).
  assert.deepEqual(await orderEvents(sb), [`order.processed ${o.id}`, `order.refunded ${o.id}`]);
  assert.equal(((await sent(sb)).at(-1)!.request.body.data as any).status, 'processed');

  // A total refund now takes the remaining 20.00.
  const rest = await post(s, `/v1/orders/${o.id}/refund`);
  assert.equal(rest.body.transactions.refunds[0].amount, '20.00');
  await advance(sb, REFUND_MS);
  got = (await s.call('GET', `/v1/orders/${o.id}`)).body;
  assert.equal(got.status, 'refunded');
  assert.equal(got.transactions.refunds.length, 2);
  assert.equal(got.transactions.payments[0].refunded_amount, '50.00');
});

test('refund of a non-processed order → 409 invalid_order_status; another app of the seller → 400 invalid_order_owner', async () => {
  const sb = sandbox('life-refund-errors');
  const s = await newSeller(sb);
  const o = await createdOrder(s);
  const r = await post(s, `/v1/orders/${o.id}/refund`);
  assert.equal(r.status, 409);
  assert.equal(code(r), 'invalid_order_status');

  const paid = await paidOrder(sb, s, { external_reference: 'p2' });
  const app2 = await app(sb, { owner_id: s.id });
  const r2 = await caller(sb, app2.access_token!)('POST', `/v1/orders/${paid.id}/refund`, undefined, { 'x-idempotency-key': 'x' });
  assert.equal(r2.status, 400);
  assert.equal(code(r2), 'invalid_order_owner');
  // The same seller can still read it with that token.
  assert.equal((await caller(sb, app2.access_token!)('GET', `/v1/orders/${paid.id}`)).status, 200);
  assert.equal((await s.call('GET', `/v1/orders/${paid.id}`)).body.transactions.refunds, undefined);
});

test('events: force processed, canceled, expired, refunded, failed with the same effects; illegal → 400', async () => {
  const sb = sandbox('life-events');
  const s = await newSeller(sb);
  const ev = (id: string, body: unknown) => s.call('POST', `/v1/orders/${id}/events`, body);

  const a = await createdOrder(s, { external_reference: 'a' });
  const r = await ev(a.id, { status: 'processed', payment_method_id: 'visa', installments: 3 });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  let got = (await s.call('GET', `/v1/orders/${a.id}`)).body;
  assert.equal(got.status, 'processed');
  assert.deepEqual(got.transactions.payments[0].payment_method, { id: 'visa', type: 'credit_card', installments: 3 });
  assert.equal(got.transactions.payments[0].paid_amount, '50.00');
  assert.equal(code(await ev(a.id, { status: 'processed' })), 'bad_request');
  assert.equal(code(await ev(a.id, { status: 'canceled' })), 'bad_request');
  assert.equal((await ev(a.id, { status: 'refunded' })).status, 204);
  got = (await s.call('GET', `/v1/orders/${a.id}`)).body;
  assert.equal(got.status, 'refunded');
  assert.equal(got.transactions.refunds[0].status, 'processed');
  assert.equal(code(await ev(a.id, { status: 'refunded' })), 'bad_request');

  const b = await createdOrder(s, { external_reference: 'b' });
  assert.equal(code(await ev(b.id, { status: 'refunded' })), 'bad_request');
  assert.equal((await ev(b.id, { status: 'failed', status_detail: 'cc_rejected_insufficient_amount' })).status, 204);
  got = (await s.call('GET', `/v1/orders/${b.id}`)).body;
  assert.equal(got.status, 'created');
  const rejected = (await s.call('GET', `/v1/payments/search?order.id=${b.id}`)).body.results[0];
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.status_detail, 'cc_rejected_insufficient_amount');
  assert.equal((await ev(b.id, { status: 'canceled' })).status, 204);
  assert.equal((await s.call('GET', `/v1/orders/${b.id}`)).body.status, 'canceled');

  const c = await createdOrder(s, { external_reference: 'c' });
  assert.equal((await ev(c.id, { status: 'expired' })).status, 204);
  assert.equal((await s.call('GET', `/v1/orders/${c.id}`)).body.status, 'expired');

  assert.equal(code(await ev(c.id, { status: 'action_required' })), 'bad_request');
  assert.equal(code(await ev(c.id, { status: 'processed', payment_method_id: 'bitcoin' })), 'bad_request');
  assert.equal(code(await ev(c.id, {})), 'bad_request');
  const d = await createdOrder(s, { external_reference: 'd' });
  const typo = await ev(d.id, { status: 'processed', payment_method: 'visa' });
  assert.equal(typo.status, 400, 'a misspelt field is not silently ignored');
  assert.equal(code(typo), 'bad_request');
  assert.deepEqual(typo.body.errors[0].details, ['payment_method']);
  assert.equal((await s.call('GET', `/v1/orders/${d.id}`)).body.status, 'created');

  assert.deepEqual(await orderEvents(sb), [
    `order.processed ${a.id}`, `order.refunded ${a.id}`, `order.canceled ${b.id}`, `order.expired ${c.id}`,
  ]);
});

test('the classic payment behind an order cannot be refunded through /v1/payments: the order would not know', async () => {
  const sb = sandbox('life-classic-refund');
  const s = await newSeller(sb);
  const order = await createdOrder(s);
  const paid = await control(sb, 'pay', { qr_data: order.type_response.qr_data });
  assert.equal(paid.status, 201, paid.text);
  const before = await s.call('GET', `/v1/orders/${order.id}`);
  const paymentId = before.body.transactions.payments[0].reference_id;
  for (const body of [{}, { amount: 10 }]) {
    const r = await s.call('POST', `/v1/payments/${paymentId}/refunds`, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error, 'bad_request');
    assert.match(r.body.message, new RegExp(`POST /v1/orders/${order.id}/refund`));
  }
  assert.deepEqual((await s.call('GET', `/v1/orders/${order.id}`)).body, before.body);
  const payment = await s.call('GET', `/v1/payments/${paymentId}`);
  assert.equal(payment.body.status, 'approved');
  assert.deepEqual((await s.call('GET', `/v1/payments/${paymentId}/refunds`)).body, []);
});

test('refund window (CONFLICT 330 days from creation vs 360 from payment): past it → 400 in_store_payment_refund_order', async () => {
  const day = 86400_000;
  const run = async (opts: Parameters<typeof sandbox>[1], afterDays: number) => {
    const sb = sandbox('life-window', opts);
    const s = await newSeller(sb);
    const order = await paidOrder(sb, s);
    await advance(sb, afterDays * day);
    // The panel token of the test seller lasts 180 days: take a fresh one.
    const fresh = await control(sb, `accounts/${s.id}/tokens`, {});
    const r = await caller(sb, fresh.body.access_token)('POST', `/v1/orders/${order.id}/refund`, undefined, { 'x-idempotency-key': newKey() });
    return { r, order: (await caller(sb, fresh.body.access_token)('GET', `/v1/orders/${order.id}`)).body };
  };
  // Default (spec §14): 360 days from the payment.
  const late = await run({}, 361);
  assert.equal(late.r.status, 400, late.r.text);
  assert.equal(code(late.r), 'in_store_payment_refund_order');
  assert.equal(late.order.status, 'processed');
  assert.deepEqual(late.order.transactions.refunds ?? [], []);
  assert.equal((await run({}, 331)).r.status, 201);
  const fromCreated = { ordersRefundWindow: { days: 330, from: 'created' as const } };
  assert.equal(code((await run(fromCreated, 331)).r), 'in_store_payment_refund_order');
  assert.equal((await run(fromCreated, 329)).r.status, 201);
});
