import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attendedPath, buyer, newSeller, orderBody, pay, sandbox, scan, scanPos, sent,
} from './legacy-helpers.ts';
import { advance, createAccount, stats } from './http.ts';

test('attended PUT → 204; GET returns the body plus user_id and external_pos_id; DELETE → 204 then GET 404', async () => {
  const sb = sandbox('att-1');
  const s = await newSeller(sb);
  const put = await s.call('PUT', attendedPath(s), orderBody());
  assert.equal(put.status, 204);
  assert.equal(put.text, '');
  const get = await s.call('GET', attendedPath(s));
  assert.equal(get.status, 200);
  // An array of the POS's orders, as the reference's sample shows (spec §14).
  assert.ok(Array.isArray(get.body));
  assert.equal(get.body.length, 1);
  assert.equal(get.body[0].external_reference, 'order-id-1234');
  assert.equal(get.body[0].total_amount, 100);
  assert.equal(get.body[0].items[0].title, 'Pasta');
  assert.equal(get.body[0].user_id, String(s.id));
  assert.equal(get.body[0].external_pos_id, s.posExternalId);
  const del = await s.call('DELETE', attendedPath(s));
  assert.equal(del.status, 204);
  const after = await s.call('GET', attendedPath(s));
  assert.equal(after.status, 404);
  assert.equal(after.body.error, 'point_of_sale_in_store_order_not_found');
  assert.equal(after.body.message, 'No associated order found.');
  assert.equal(await scanPos(sb, s), undefined, 'a scan finds nothing after delete');
  assert.equal((await s.call('DELETE', attendedPath(s))).status, 204, 'deleting nothing is a no-op');
});

test('the path with stores/{external_store_id} works too and must name the POS\'s store', async () => {
  const sb = sandbox('att-2');
  const s = await newSeller(sb);
  const path = `/instore/qr/seller/collectors/${s.id}/stores/${s.storeExternalId}/pos/${s.posExternalId}/orders`;
  assert.equal((await s.call('PUT', path, orderBody({ external_reference: 'via-store' }))).status, 204);
  assert.equal((await s.call('GET', attendedPath(s))).body[0].external_reference, 'via-store');
  const wrong = await s.call('PUT', `/instore/qr/seller/collectors/${s.id}/stores/NOPE/pos/${s.posExternalId}/orders`, orderBody({ external_reference: 'other' }));
  assert.equal(wrong.status, 404);
  assert.equal((await s.call('GET', attendedPath(s))).body[0].external_reference, 'via-store');
});

test('a new PUT replaces the pending order of the POS', async () => {
  const sb = sandbox('att-3');
  const s = await newSeller(sb);
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'first' }));
  const first = (await scanPos(sb, s))!;
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'second' }));
  assert.equal((await s.call('GET', attendedPath(s))).body[0].external_reference, 'second');
  const second = (await scanPos(sb, s))!;
  assert.equal(second.external_reference, 'second');
  assert.notEqual(second.in_store_order_id, first.in_store_order_id, 'the first order is gone from the POS');
});

test('user_id must be a number and the token owner; the POS must exist for that user', async () => {
  const sb = sandbox('att-4');
  const s = await newSeller(sb);
  const other = await newSeller(sb);
  const notNum = await s.call('PUT', `/instore/qr/seller/collectors/abc/pos/${s.posExternalId}/orders`, orderBody());
  assert.equal(notNum.status, 400);
  assert.equal(notNum.body.error, 'invalid_collectorId');
  const foreign = await s.call('PUT', attendedPath(other), orderBody());
  assert.equal(foreign.status, 401);
  assert.equal(foreign.body.error, 'invalid_access_token');
  const foreignGet = await s.call('GET', attendedPath(other));
  assert.equal(foreignGet.status, 401);
  const noPos = await s.call('PUT', `/instore/qr/seller/collectors/${s.id}/pos/NOSUCHPOS/orders`, orderBody());
  assert.equal(noPos.status, 404);
  const otherPos = await s.call('PUT', `/instore/qr/seller/collectors/${s.id}/pos/${other.posExternalId}/orders`, orderBody());
  assert.equal(otherPos.status, 404, "another seller's POS external id is not ours");
  const noToken = await sb.fetch(`https://api.mercadopago.com${attendedPath(s)}`, { method: 'PUT', body: JSON.stringify(orderBody()) });
  assert.equal(noToken.status, 401);
  assert.equal((await stats(sb)).instore_orders, 0);
});

const ITEM = { title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit' };

const BAD_BODIES: [string, Record<string, unknown>, string, RegExp?][] = [
  ['no external_reference', { external_reference: undefined }, 'invalid_external_reference', /must be present/],
  ['numeric external_reference', { external_reference: 12 }, 'invalid_external_reference', /must be string/],
  ['no total_amount', { total_amount: undefined }, 'invalid_total_amount', /must be present/],
  ['string total_amount', { total_amount: '100' }, 'invalid_total_amount', /must be number/],
  ['3 decimals', { total_amount: 100.005 }, 'invalid_total_amount'],
  ['total ≠ items', { total_amount: 90 }, 'invalid_total_amount'],
  ['numeric title', { title: 5 }, 'invalid_title', /title must be string/],
  ['numeric sku_number', { items: [{ ...ITEM, sku_number: 1 }] }, 'invalid_items.sku_number', /items.sku_number must be string/],
  ['numeric category', { items: [{ ...ITEM, category: 1 }] }, 'invalid_items.category'],
  ['numeric item title', { items: [{ ...ITEM, title: 1 }] }, 'invalid_items.title'],
  ['numeric item description', { items: [{ ...ITEM, description: 1 }] }, 'invalid_items.description'],
  ['numeric unit_measure', { items: [{ ...ITEM, unit_measure: 1 }] }, 'invalid_items.unit_measure'],
  ['numeric currency_id', { items: [{ ...ITEM, currency_id: 1 }] }, 'invalid_items.currency_id'],
  ['string quantity', { items: [{ ...ITEM, quantity: '5' }] }, 'invalid_items.quantity', /must be number/],
  ['string unit_price', { items: [{ ...ITEM, unit_price: '20' }] }, 'invalid_items.unit_price', /must be number/],
  ['string item total', { items: [{ ...ITEM, total_amount: '100' }] }, 'invalid_items.total_amount'],
  ['item total ≠ price × qty', { items: [{ ...ITEM, total_amount: 99 }] }, 'invalid_items.total_amount'],
  ['unit_price with 3 decimals', { items: [{ ...ITEM, unit_price: 20.001 }] }, 'invalid_items.unit_price'],
  ['no unit_measure', { items: [{ ...ITEM, unit_measure: undefined }] }, 'invalid_unit_measure', /unit_measure must be present/],
  ['no quantity', { items: [{ ...ITEM, quantity: undefined }] }, 'invalid_quantity'],
  ['no unit_price', { items: [{ ...ITEM, unit_price: undefined }] }, 'invalid_unit_price'],
  ['no item description', { items: [{ ...ITEM, description: undefined }] }, 'invalid_description'],
  ['sponsor id as string', { sponsor: { id: '123' } }, 'invalid_sponsor.id', /sponsor.id must be number/],
  ['sponsor without id', { sponsor: {} }, 'invalid_id', /sponsor.id must be present/],
  ['unknown sponsor', { sponsor: { id: 999999999 } }, 'invalid_sponsor.id'],
  ['expiration without offset', { expiration_date: '2026-01-15T13:00:00' }, 'invalid_expiration_date'],
  ['expiration in the past', { expiration_date: '2026-01-15T08:59:00.000-03:00' }, 'invalid_expiration_date'],
  ['expiration not a date', { expiration_date: 'tomorrow' }, 'invalid_expiration_date'],
  ['expiration on a day February lacks', { expiration_date: '2026-02-31T10:00:00.000-03:00' }, 'invalid_expiration_date'],
  ['total_amount beyond any real amount', { total_amount: 1e300, items: [{ ...ITEM, unit_price: 1e300, quantity: 1 }] }, 'invalid_total_amount'],
  ['unit_price beyond any real amount', { total_amount: 100, items: [{ ...ITEM, unit_price: 1e300, quantity: 1 }] }, 'invalid_items.unit_price'],
  ['quantity that overflows the line total', { items: [{ ...ITEM, quantity: 1e308 }] }, 'invalid_items.quantity'],
  ['notification_url not a URL', { notification_url: 'not a url' }, 'invalid_notification_url'],
  ['no items and no cash_out', { items: [] }, 'error_creating_seller_qr_order', /cash out is required/],
  ['cash_out without amount', { cash_out: {} }, 'invalid_amount', /cash_out.amount must be present/],
  ['cash_out string amount', { cash_out: { amount: '5' } }, 'invalid_cash_out.amount', /must be number/],
];

test('every invalid body is a 400 with the reference\'s key, and changes nothing', async () => {
  // The two unsourced rules on (their defaults are off): items add up, every item has a description.
  const sb = sandbox('att-5', { legacyItemsMustSumToTotal: true, legacyItemDescriptionRequired: true });
  const s = await newSeller(sb);
  await s.call('PUT', attendedPath(s), orderBody({ external_reference: 'keep' }));
  for (const [what, over, key, msg] of BAD_BODIES) {
    const r = await s.call('PUT', attendedPath(s), orderBody(over));
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.equal(r.body.error, key, what);
    assert.equal(r.body.status, 400);
    if (msg) assert.match(r.body.message, msg, what);
  }
  const malformed = await s.call('PUT', attendedPath(s), '{"external_reference":');
  assert.equal(malformed.status, 400);
  assert.equal((await stats(sb)).instore_orders, 1);
  assert.equal((await s.call('GET', attendedPath(s))).body[0].external_reference, 'keep');
});

test('sponsor: an active account; with the options, of the same kind and other than the collector', async () => {
  const sb = sandbox('att-6', { sponsorMustDifferFromCollector: true, sponsorSameEnvironment: true });
  const s = await newSeller(sb);
  const sponsor = { id: (await createAccount(sb)).user_id };
  const testUser = { id: (await createAccount(sb, { kind: 'test' })).user_id };
  const self = await s.call('PUT', attendedPath(s), orderBody({ sponsor: { id: s.id } }));
  assert.equal(self.body.error, 'invalid_sponsor.id');
  const mixed = await s.call('PUT', attendedPath(s), orderBody({ sponsor: { id: testUser.id } }));
  assert.equal(mixed.body.error, 'invalid_sponsor.id');
  assert.equal((await s.call('PUT', attendedPath(s), orderBody({ sponsor: { id: 999_999_999 } }))).body.error, 'invalid_sponsor.id');
  assert.equal((await s.call('PUT', attendedPath(s), orderBody({ sponsor: { id: sponsor.id } }))).status, 204);
  assert.equal((await scanPos(sb, s))!.sponsor_id, sponsor.id);
});

test('CLP amounts must be integers; cash_out alone is an order; the items rule is a knob', async () => {
  const sb = sandbox('att-7', { legacyItemsMustSumToTotal: true });
  const s = await newSeller(sb, 'MLC');
  const dec = await s.call('PUT', attendedPath(s), orderBody({ total_amount: 101, items: [{ ...ITEM, unit_price: 100.5, quantity: 1 }] }));
  assert.equal(dec.status, 400);
  assert.equal(dec.body.error, 'invalid_items.unit_price');
  const decTotal = await s.call('PUT', attendedPath(s), orderBody({ total_amount: 100.5 }));
  assert.equal(decTotal.body.error, 'invalid_total_amount');
  assert.equal((await stats(sb)).instore_orders, 0);
  assert.equal((await s.call('PUT', attendedPath(s), orderBody({ total_amount: 1500, items: [{ ...ITEM, unit_price: 300, quantity: 5 }] }))).status, 204);
  assert.equal((await s.call('PUT', attendedPath(s), orderBody({ total_amount: 5000, items: [], cash_out: { amount: 5000 } }))).status, 204);
  assert.equal((await scanPos(sb, s))!.cash_out, '5000');
  const mixed = await s.call('PUT', attendedPath(s), orderBody({ total_amount: 2500, items: [{ ...ITEM, unit_price: 500, quantity: 1 }], cash_out: { amount: 2000 } }));
  assert.equal(mixed.status, 204, 'total = items + cash_out');

  const loose = sandbox('att-7b');
  const l = await newSeller(loose);
  assert.equal((await l.call('PUT', attendedPath(l), orderBody({ total_amount: 90 }))).status, 204);
});

test('lifecycle: scan opens a merchant order; OTHE keeps it open; APRO closes it and frees the POS', async () => {
  const sb = sandbox('att-8');
  const s = await newSeller(sb);
  const b = await buyer(sb);
  await s.call('PUT', attendedPath(s), orderBody());
  const order = (await scanPos(sb, s))!;
  assert.ok(order);
  const sc = await scan(sb, order, b.id);
  const moId = sc.merchant_order_id;
  let mo = await s.call('GET', `/merchant_orders/${moId}`);
  assert.equal(mo.status, 200);
  assert.equal(mo.body.status, 'opened');
  assert.equal(mo.body.order_status, 'payment_required');
  assert.equal(mo.body.external_reference, 'order-id-1234');
  assert.equal(mo.body.total_amount, 100);
  let events = await sent(sb);
  assert.deepEqual(events.map((e) => [e.topic, e.action]), [['merchant_order', 'create']]);
  assert.equal(events[0].request.url.split('?')[0], 'https://www.yourserver.com/notifications');
  assert.equal(events[0].client_id, s.clientId);
  assert.equal(events[0].resource_id, String(moId));
  assert.equal(events[0].live_mode, true);

  const rejected = (await pay(sb, sc, 'OTHE')).body;
  assert.equal(rejected.payment_status, 'rejected');
  assert.equal(rejected.status, 'opened');
  mo = await s.call('GET', `/merchant_orders/${moId}`);
  assert.equal(mo.body.status, 'opened');
  assert.equal(mo.body.payments[0].status, 'rejected');
  assert.equal((await s.call('GET', attendedPath(s))).status, 200, 'still payable after a rejection');
  assert.equal((await scanPos(sb, s))!.in_store_order_id, order.in_store_order_id);

  const approved = (await pay(sb, sc, 'APRO')).body;
  assert.equal(approved.status, 'closed');
  mo = await s.call('GET', `/merchant_orders/${moId}`);
  assert.equal(mo.body.status, 'closed');
  assert.equal(mo.body.order_status, 'paid');
  assert.equal(mo.body.paid_amount, 100);
  assert.deepEqual(mo.body.payments.map((p: { status: string }) => p.status), ['rejected', 'approved']);
  assert.equal(mo.body.payer.id, b.id);
  assert.equal((await s.call('GET', attendedPath(s))).status, 404);
  assert.equal(await scanPos(sb, s), undefined, 'paid: gone from the POS');
  events = await sent(sb);
  assert.deepEqual(events.slice(1).map((e) => [e.topic, e.action, e.resource_id]), [
    ['payment', 'payment.created', String(rejected.payment_id)], ['merchant_order', 'update', String(moId)],
    ['payment', 'payment.created', String(approved.payment_id)], ['merchant_order', 'update', String(moId)],
  ]);
  assert.equal(events.at(-1)!.request.body.status, 'closed');
  const late = await pay(sb, sc);
  assert.equal(late.status, 409, 'a closed order takes no more payments');
  assert.match((late.body as unknown as { message: string }).message, /paid|closed/);
});

test('a re-scan creates a second merchant order', async () => {
  const sb = sandbox('att-9');
  const s = await newSeller(sb);
  const b = await buyer(sb);
  await s.call('PUT', attendedPath(s), orderBody());
  const order = (await scanPos(sb, s))!;
  const firstScan = await scan(sb, order, b.id);
  const secondScan = await scan(sb, order, b.id);
  const [first, second] = [firstScan.merchant_order_id, secondScan.merchant_order_id];
  assert.notEqual(first, second);
  assert.deepEqual((await scanPos(sb, s))!.merchant_order_ids, [first, second]);
  await pay(sb, secondScan);
  assert.equal((await s.call('GET', `/merchant_orders/${second}`)).body.status, 'closed');
  assert.equal((await s.call('GET', `/merchant_orders/${first}`)).body.status, 'opened');
});

test('expiration_date: the order leaves the POS on the virtual clock and its open merchant order expires', async () => {
  const sb = sandbox('att-10');
  const s = await newSeller(sb);
  // The clock starts at 2026-01-15T12:00:00Z = 09:00 in Buenos Aires.
  await s.call('PUT', attendedPath(s), orderBody({ expiration_date: '2026-01-15T09:10:00.000-03:00' }));
  const moId = (await scan(sb, (await scanPos(sb, s))!)).merchant_order_id;
  await advance(sb, 9 * 60_000);
  assert.equal((await s.call('GET', attendedPath(s))).status, 200);
  await advance(sb, 60_000);
  assert.equal((await s.call('GET', attendedPath(s))).status, 404);
  assert.equal(await scanPos(sb, s), undefined);
  const mo = await s.call('GET', `/merchant_orders/${moId}`);
  assert.equal(mo.body.status, 'expired');
  assert.equal(mo.body.order_status, 'expired');
  const last = (await sent(sb)).at(-1)!;
  assert.equal(last.action, 'update');
  assert.equal(last.request.body.status, 'expired');
});

test('without expiration_date the attended order stays until paid or deleted', async () => {
  const sb = sandbox('att-11');
  const s = await newSeller(sb);
  await s.call('PUT', attendedPath(s), orderBody());
  await advance(sb, 48 * 3600_000);
  assert.equal((await s.call('GET', attendedPath(s))).status, 200);
});

test('a pending Orders API static order blocks legacy orders on the same POS (409); dynamic ones are fine', async () => {
  const sb = sandbox('att-12');
  const s = await newSeller(sb);
  const created = await s.call('POST', '/v1/orders', {
    type: 'qr', total_amount: '50.00', external_reference: 'new-api',
    config: { qr: { external_pos_id: s.posExternalId, mode: 'static' } },
    transactions: { payments: [{ amount: '50.00' }] },
  }, { 'x-idempotency-key': 'k1' });
  assert.equal(created.status, 201, created.text);
  const put = await s.call('PUT', attendedPath(s), orderBody());
  assert.equal(put.status, 409);
  assert.equal(put.body.error, 'already_queued_order_on_pos');
  assert.equal((await s.call('PUT', `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.posExternalId}/qrs`, orderBody())).status, 409);
  assert.equal((await s.call('POST', `/mpmobile/instore/qr/${s.id}/${s.posExternalId}`, {
    external_reference: 'x', items: [{ title: 'A', description: 'A', currency_id: 'ARS', unit_price: 1, quantity: 1 }],
  })).status, 409);
  assert.equal((await stats(sb)).instore_orders, 0);
  assert.equal((await s.call('POST', `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.posExternalId}/qrs`, orderBody())).status, 201);
});
