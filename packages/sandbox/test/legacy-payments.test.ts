import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attendedPath, buyer, newSeller, orderBody, paidOrder, pay, sandbox, scan, scanPos, sent } from './legacy-helpers.ts';
import { advance, createAccount } from './http.ts';

test('GET /v1/payments/{id}: the QR payment shape', async () => {
  const sb = sandbox('pay-1');
  const s = await newSeller(sb);
  const sponsor = { id: (await createAccount(sb)).user_id };
  await s.call('PUT', attendedPath(s), orderBody({ sponsor: { id: sponsor.id } }));
  const b = await buyer(sb);
  const sc = await scan(sb, (await scanPos(sb, s))!, b.id);
  const moId = sc.merchant_order_id;
  const payment = { id: (await pay(sb, sc)).body.payment_id };
  const r = await s.call('GET', `/v1/payments/${payment.id}`);
  assert.equal(r.status, 200);
  const p = r.body;
  assert.equal(p.id, payment.id);
  assert.equal(p.status, 'approved');
  assert.equal(p.status_detail, 'accredited');
  assert.deepEqual(p.order, { id: moId, type: 'mercadopago' });
  assert.equal(p.collector_id, s.id);
  assert.equal(p.payer.id, String(b.id));
  assert.equal(p.sponsor_id, sponsor.id);
  assert.equal(p.transaction_amount, 100);
  assert.equal(p.transaction_amount_refunded, 0);
  assert.equal(p.transaction_details.total_paid_amount, 100);
  assert.equal(p.currency_id, 'ARS');
  assert.equal(p.external_reference, 'order-id-1234');
  assert.equal(p.live_mode, true);
  assert.equal(p.pos_id, String(s.posId));
  assert.equal(typeof p.store_id, 'string');
  assert.equal(p.point_of_interaction.type, 'INSTORE');
  assert.equal(p.payment_method_id, 'visa');
  assert.equal(p.payment_type_id, 'credit_card');
  assert.equal(p.notification_url, 'https://www.yourserver.com/notifications');
  assert.match(p.date_created, /^2026-01-15T09:00:00\.000-03:00$/);
});

test('a payment is visible only to its collector', async () => {
  const sb = sandbox('pay-2');
  const s = await newSeller(sb);
  const other = await newSeller(sb);
  const { paymentId, moId } = await paidOrder(sb, s);
  const r = await other.call('GET', `/v1/payments/${paymentId}`);
  assert.equal(r.status, 404);
  assert.equal(r.body.error, 'not_found');
  assert.equal((await other.call('GET', `/merchant_orders/${moId}`)).status, 404);
  assert.equal((await other.call('GET', `/v1/payments/search`)).body.paging.total, 0);
  assert.equal((await other.call('GET', `/v1/payments/search?collector.id=${s.id}`)).body.paging.total, 0);
  assert.equal((await other.call('POST', `/v1/payments/${paymentId}/refunds`)).status, 404);
  assert.equal((await s.call('GET', '/v1/payments/123')).status, 404);
  assert.equal((await s.call('GET', '/v1/payments/search')).body.paging.total, 1);
});

test('payment search: paging, sort, criteria, external_reference, dates', async () => {
  const sb = sandbox('pay-3');
  const s = await newSeller(sb);
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await paidOrder(sb, s, 10 + i, `ref-${i}`)).paymentId);
    await advance(sb, 3600_000);
  }
  const page1 = await s.call('GET', '/v1/payments/search?sort=date_created&criteria=asc&limit=2&offset=0');
  assert.equal(page1.status, 200);
  assert.deepEqual(page1.body.paging, { total: 5, limit: 2, offset: 0 });
  assert.deepEqual(page1.body.results.map((p: { id: number }) => p.id), ids.slice(0, 2));
  const page3 = await s.call('GET', '/v1/payments/search?sort=date_created&criteria=asc&limit=2&offset=4');
  assert.deepEqual(page3.body.results.map((p: { id: number }) => p.id), [ids[4]]);
  const desc = await s.call('GET', '/v1/payments/search?sort=date_created&criteria=desc');
  assert.deepEqual(desc.body.results.map((p: { id: number }) => p.id), [...ids].reverse());
  const byRef = await s.call('GET', '/v1/payments/search?external_reference=ref-3');
  assert.deepEqual(byRef.body.results.map((p: { id: number }) => p.id), [ids[3]]);
  // Now is 14:00 UTC + 5 h; the payments were at 12:00 … 16:00 UTC.
  const range = await s.call('GET', '/v1/payments/search?range=date_created&begin_date=2026-01-15T13:00:00Z&end_date=2026-01-15T15:00:00.000Z&criteria=asc');
  assert.deepEqual(range.body.results.map((p: { id: number }) => p.id), ids.slice(1, 4));
  const relative = await s.call('GET', '/v1/payments/search?begin_date=NOW-2HOURS&end_date=NOW&criteria=asc');
  assert.deepEqual(relative.body.results.map((p: { id: number }) => p.id), ids.slice(3));
  const byStatus = await s.call('GET', '/v1/payments/search?status=rejected');
  assert.equal(byStatus.body.paging.total, 0);
  // Arbitrary attribute filters match the payment's own fields (dotted for nested ones)…
  const byAmount = await s.call('GET', '/v1/payments/search?transaction_amount=12&currency_id=ARS');
  assert.deepEqual(byAmount.body.results.map((p: { id: number }) => p.id), [ids[2]]);
  const byNested = await s.call('GET', `/v1/payments/search?transaction_details.total_paid_amount=13&order.type=mercadopago`);
  assert.deepEqual(byNested.body.results.map((p: { id: number }) => p.id), [ids[3]]);
  // …and a misspelt one matches nothing instead of being ignored (which would return every payment).
  const typo = await s.call('GET', '/v1/payments/search?external_referense=ref-3');
  assert.equal(typo.status, 200);
  assert.equal(typo.body.paging.total, 0);
  for (const q of ['limit=0', 'limit=abc', 'offset=-1', 'sort=amount', 'criteria=up', 'begin_date=yesterday', 'end_date=2026-02-30T00:00:00Z']) {
    const r = await s.call('GET', `/v1/payments/search?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error, 'bad_request', q);
  }
});

test('merchant order search: filters, elements/next_offset/total, invalid_format', async () => {
  const sb = sandbox('mo-1');
  const s = await newSeller(sb);
  const other = await newSeller(sb);
  const sponsor = { id: (await createAccount(sb)).user_id };
  await paidOrder(sb, s, 10, 'paid-one');
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'open-one', sponsor: { id: sponsor.id } }));
  const openMo = (await scan(sb, (await scanPos(sb, s))!)).merchant_order_id;
  await paidOrder(sb, other, 10, 'paid-one');

  const all = await s.call('GET', '/merchant_orders/search');
  assert.equal(all.status, 200);
  assert.equal(all.body.total, 2);
  assert.equal(all.body.elements.length, 2);
  assert.equal(all.body.next_offset, 2);
  const byRef = await s.call('GET', '/merchant_orders/search?external_reference=paid-one');
  assert.equal(byRef.body.total, 1, "the other seller's MO is not listed");
  assert.equal(byRef.body.elements[0].status, 'closed');
  const opened = await s.call('GET', '/merchant_orders/search?status=opened');
  assert.deepEqual(opened.body.elements.map((m: { id: number }) => m.id), [openMo]);
  const bySponsor = await s.call('GET', `/merchant_orders/search?sponsor_id=${sponsor.id}`);
  assert.deepEqual(bySponsor.body.elements.map((m: { id: number }) => m.id), [openMo]);
  const paged = await s.call('GET', '/merchant_orders/search?limit=1&offset=1');
  assert.equal(paged.body.elements.length, 1);
  assert.equal(paged.body.next_offset, 2);
  assert.equal(paged.body.total, 2);
  for (const q of ['limit=0', 'offset=x', 'date_created_from=someday', 'last_updated_to=2026-13-01']) {
    const r = await s.call('GET', `/merchant_orders/search?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error, 'invalid_format', q);
  }
  assert.equal((await s.call('GET', '/merchant_orders/search?date_created_from=NOW%2B1DAYS')).body.total, 0);
});

test('merchant order shape (§8.1)', async () => {
  const sb = sandbox('mo-2');
  const s = await newSeller(sb);
  const { moId, paymentId } = await paidOrder(sb, s, 100, 'shape');
  const mo = (await s.call('GET', `/merchant_orders/${moId}`)).body;
  assert.equal(mo.id, moId);
  assert.equal(mo.site_id, 'MLA');
  assert.equal(mo.collector.id, s.id);
  assert.equal(mo.marketplace, 'NONE');
  assert.equal(mo.cancelled, false);
  assert.equal(mo.is_test, false);
  assert.equal(mo.total_amount, 100);
  assert.equal(mo.paid_amount, 100);
  assert.equal(mo.refunded_amount, 0);
  assert.equal(mo.application_id, s.clientId);
  assert.deepEqual(mo.shipments, []);
  assert.equal(mo.items[0].currency_id, 'ARS');
  assert.equal(mo.items[0].unit_price, 100);
  assert.equal(mo.payments[0].id, paymentId);
  assert.equal(mo.payments[0].currency_id, 'ARS');
  assert.equal(mo.payments[0].operation_type, 'regular_payment');
  assert.equal((await s.call('GET', '/merchant_orders/abc')).status, 400);
});

test('partial refunds then the rest: payment and merchant order follow; payment.updated each time', async () => {
  const sb = sandbox('ref-1');
  const s = await newSeller(sb);
  const { paymentId, moId } = await paidOrder(sb, s, 100);
  const before = (await sent(sb)).length;
  const r1 = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 25.0 });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.body.payment_id, paymentId);
  assert.equal(r1.body.amount, 25);
  assert.equal(r1.body.status, 'approved');
  assert.equal(r1.body.refund_mode, 'standard');
  assert.equal(r1.body.amount_refunded_to_payer, 25);
  assert.equal(r1.body.source.type, 'collector');
  let p = (await s.call('GET', `/v1/payments/${paymentId}`)).body;
  assert.equal(p.status, 'approved');
  assert.equal(p.transaction_amount_refunded, 25);
  assert.equal(p.refunds.length, 1);
  let mo = (await s.call('GET', `/merchant_orders/${moId}`)).body;
  assert.equal(mo.order_status, 'partially_reverted');
  assert.equal(mo.refunded_amount, 25);
  assert.equal(mo.status, 'closed');

  const over = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 75.01 });
  assert.equal(over.status, 400);
  const precision = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 1.001 });
  assert.equal(precision.status, 400);
  const str = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: '10' });
  assert.equal(str.status, 400);
  const zero = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 0 });
  assert.equal(zero.status, 400);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.transaction_amount_refunded, 25, 'rejected refunds changed nothing');

  const rest = await s.call('POST', `/v1/payments/${paymentId}/refunds`);
  assert.equal(rest.status, 201);
  assert.equal(rest.body.amount, 75);
  p = (await s.call('GET', `/v1/payments/${paymentId}`)).body;
  assert.equal(p.status, 'refunded');
  assert.equal(p.status_detail, 'refunded');
  assert.equal(p.transaction_amount_refunded, 100);
  mo = (await s.call('GET', `/merchant_orders/${moId}`)).body;
  assert.equal(mo.order_status, 'reverted');
  assert.equal(mo.refunded_amount, 100);

  const list = await s.call('GET', `/v1/payments/${paymentId}/refunds`);
  assert.deepEqual(list.body.map((r: { amount: number }) => r.amount), [25, 75]);
  const one = await s.call('GET', `/v1/payments/${paymentId}/refunds/${r1.body.id}`);
  assert.equal(one.body.id, r1.body.id);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}/refunds/1`)).status, 404);
  assert.deepEqual((await sent(sb)).slice(before).map((e) => [e.topic, e.action]), [['payment', 'payment.updated'], ['payment', 'payment.updated']]);

  const again = await s.call('POST', `/v1/payments/${paymentId}/refunds`, {});
  assert.equal(again.status, 400, 'a refunded payment is no longer approved');
});

test('only approved payments can be refunded; at most 20 refunds', async () => {
  const sb = sandbox('ref-2');
  const s = await newSeller(sb);
  await s.call('PUT', attendedPath(s), orderBody());
  const b = await buyer(sb);
  const sc = await scan(sb, (await scanPos(sb, s))!, b.id);
  const rejected = { id: (await pay(sb, sc, 'OTHE')).body.payment_id };
  const r = await s.call('POST', `/v1/payments/${rejected.id}/refunds`, {});
  assert.equal(r.status, 400);
  assert.equal((await s.call('GET', `/v1/payments/${rejected.id}/refunds`)).body.length, 0);

  const { paymentId } = await paidOrder(sb, s, 100, 'many');
  for (let i = 0; i < 20; i++) {
    assert.equal((await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 1 })).status, 201);
  }
  const too = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 1 });
  assert.equal(too.status, 400);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.transaction_amount_refunded, 20);
});

test('X-Idempotency-Key: same key and body → the same refund; another body → 409', async () => {
  const sb = sandbox('ref-3');
  const s = await newSeller(sb);
  const { paymentId } = await paidOrder(sb, s, 100);
  const h = { 'x-idempotency-key': 'k-1' };
  const a = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 10 }, h);
  const b = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 10 }, h);
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.equal(b.body.id, a.body.id);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.transaction_amount_refunded, 10);
  const c = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 20 }, h);
  assert.equal(c.status, 409);
  const d = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 10 }, { 'x-idempotency-key': 'k-2' });
  assert.notEqual(d.body.id, a.body.id);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.transaction_amount_refunded, 20);
});

test('COP refunds must be integers', async () => {
  const sb = sandbox('ref-4');
  const s = await newSeller(sb, 'MCO');
  const { paymentId } = await paidOrder(sb, s, 5000);
  assert.equal((await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 100.5 })).status, 400);
  const ok = await s.call('POST', `/v1/payments/${paymentId}/refunds`, { amount: 1000 });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.amount, 1000);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.currency_id, 'COP');
});

test('merchant_orders without a live token: 401 invalid_token (spec §8.2), on get and search alike', async () => {
  const sb = sandbox('pay-mo-401');
  const s = await newSeller(sb);
  const { moId } = await paidOrder(sb, s);
  for (const path of [`/merchant_orders/${moId}`, '/merchant_orders/search', '/merchant_orders']) {
    for (const auth of [undefined, 'Bearer APP_USR-0000000000000000-000000-00000000000000000000000000000000-1']) {
      const res = await sb.fetch(`https://api.mercadopago.com${path}`, { headers: auth ? { authorization: auth } : {} });
      const body = await res.json() as { error: string; status: number };
      assert.equal(res.status, 401, path);
      assert.equal(body.error, 'invalid_token', path);
      assert.equal(body.status, 401);
    }
  }
});

test('a refund body with a misspelt field is a 400, not a silent total refund', async () => {
  const sb = sandbox('ref-typo');
  const s = await newSeller(sb);
  const { paymentId } = await paidOrder(sb, s, 100, 'typo');
  for (const body of [{ amout: 10 }, { amount: 10, reason: 'x' }]) {
    const r = await s.call('POST', `/v1/payments/${paymentId}/refunds`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error, 'bad_request');
    assert.match(r.body.message, /is not a field of a refund/);
  }
  assert.deepEqual((await s.call('GET', `/v1/payments/${paymentId}/refunds`)).body, []);
  assert.equal((await s.call('GET', `/v1/payments/${paymentId}`)).body.status, 'approved');
});
