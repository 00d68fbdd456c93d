// Legacy QR (attended, dynamic, hybrid, /mpmobile) and its read side (merchant orders, payments, refunds)
// against the sandbox in-process, paid by the sandbox's test buyer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { AmountError, BadRequestError, NotFoundError, amount, decodeMpQr } from '../src/index.ts';
import { recording } from './helpers.ts';
import { collect, sandboxClient, sellerWithPos, setup } from './resources-helpers.ts';

const item = { title: 'Pasta', description: 'Pasta', unit_measure: 'unit' };

test('attended order: Amount objects become JSON numbers; put, get, buyer pays, merchant order and payment', async () => {
  const sb = createSandbox({ seed: 'res-attended' });
  const sponsor = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const { seller, client } = await sellerWithPos(sb, 'MLA', { transport: rec.fetch });
  const expires = new Date(sb.state.now() + 3600_000);
  await client.instoreOrders.put(seller.user_id, 'POS1', {
    external_reference: 'order-1', title: 'Compra', total_amount: amount('100.50', 'MLA'),
    items: [{ ...item, unit_price: amount('20.10', 'MLA'), quantity: 5 }],
    sponsor_id: String(sponsor.user_id), expiration_date: expires,
  });
  const sent = rec.calls.at(-1)!;
  assert.equal(sent.method, 'PUT');
  assert.equal(new URL(sent.url).pathname, `/instore/qr/seller/collectors/${seller.user_id}/pos/POS1/orders`);
  assert.deepEqual(JSON.parse(sent.body!), {
    external_reference: 'order-1', title: 'Compra', total_amount: 100.5,
    items: [{ ...item, unit_price: 20.1, quantity: 5, total_amount: 100.5 }],
    sponsor: { id: sponsor.user_id }, expiration_date: expires.toISOString(),
  });

  const onPos = await client.instoreOrders.get(seller.user_id, 'POS1');
  assert.equal(onPos.external_reference, 'order-1');
  assert.equal(onPos.total_amount, 100.5);
  assert.equal(onPos.external_pos_id, 'POS1');

  const paid = sb.control.buyer.pay({ user_id: seller.user_id, external_pos_id: 'POS1', card: 'APRO' });
  const mo = await client.merchantOrders.get(paid.merchant_order_id!);
  assert.equal(mo.status, 'closed');
  assert.equal(mo.order_status, 'paid');
  assert.equal(mo.external_reference, 'order-1');
  assert.equal(mo.total_amount, 100.5);
  assert.deepEqual(mo.payments.map((p) => [p.id, p.status]), [[paid.payment_id, 'approved']]);

  const payment = await client.payments.get(paid.payment_id);
  assert.equal(payment.status, 'approved');
  assert.equal(payment.status_detail, 'accredited');
  assert.equal(payment.transaction_amount, 100.5);
  assert.equal(payment.collector_id, seller.user_id);

  const after = await client.instoreOrders.get(seller.user_id, 'POS1').catch((e) => e);
  assert.ok(after instanceof NotFoundError, String(after));
  assert.equal(after.code, 'point_of_sale_in_store_order_not_found');
  sb.close();
});

test('attended order: delete removes it; the stores/… path variant reaches the same POS; unknown POS → NotFoundError', async () => {
  const { sb, seller, client } = await setup('res-attended-delete');
  await client.instoreOrders.put(seller.user_id, 'POS1', { external_reference: 'r1', total_amount: '10', items: [{ ...item, unit_price: '10', quantity: 1 }] }, { externalStoreId: 'S1' });
  assert.equal((await client.instoreOrders.get(seller.user_id, 'POS1')).total_amount, 10);
  await client.instoreOrders.delete(seller.user_id, 'POS1');
  const gone = await client.instoreOrders.get(seller.user_id, 'POS1').catch((e) => e);
  assert.equal(gone.code, 'point_of_sale_in_store_order_not_found');
  const noPos = await client.instoreOrders.put(seller.user_id, 'NOPE', { external_reference: 'r2', total_amount: '1', items: [{ ...item, unit_price: '1', quantity: 1 }] }).catch((e) => e);
  assert.ok(noPos instanceof NotFoundError, String(noPos));
  assert.equal(noPos.code, 'point_of_sale_not_found');
  sb.close();
});

test('dynamic and hybrid QR: qr_data carries the in_store_order_id; the buyer pays it', async () => {
  const { sb, seller, client } = await setup('res-dynamic');
  const dyn = await client.instoreOrders.createDynamic(seller.user_id, 'POS1', {
    external_reference: 'dyn-1', total_amount: '15.5', items: [{ ...item, unit_price: '15.5', quantity: 1 }], site: 'MLA',
  });
  assert.match(dyn.in_store_order_id, /^[0-9a-f-]{36}$/);
  assert.equal(decodeMpQr(dyn.qr_data).inStoreOrderId, dyn.in_store_order_id);
  const paid = sb.control.buyer.pay({ qr_data: dyn.qr_data, card: 'APRO' });
  assert.equal((await client.payments.get(paid.payment_id)).transaction_amount, 15.5);

  const hybrid = await client.instoreOrders.createHybrid(seller.user_id, 'POS1', {
    external_reference: 'hyb-1', total_amount: '20', items: [{ ...item, unit_price: '20', quantity: 1 }],
  });
  assert.match(hybrid.qr_data!, /^000201/);
  // Attached to the printed QR too: a scan of the POS finds it.
  const scan = sb.control.buyer.scan({ user_id: seller.user_id, external_pos_id: 'POS1' });
  assert.equal(scan.in_store_order_id, hybrid.in_store_order_id);
  sb.close();
});

test('createHybrid tolerates MP\'s documented empty 201', async () => {
  const sb = createSandbox({ seed: 'res-hybrid-empty' });
  const rec = recording(sb.fetch, [new Response(null, { status: 201 })]);
  const client = sandboxClient(sb, 'APP_USR-x', { transport: rec.fetch });
  const res = await client.instoreOrders.createHybrid(1, 'POS1', { external_reference: 'h', total_amount: '1', items: [{ ...item, unit_price: '1', quantity: 1 }] });
  assert.deepEqual(res, {});
  assert.equal(rec.calls[0].method, 'PUT');
  assert.equal(new URL(rec.calls[0].url).pathname, '/instore/orders/qr/seller/collectors/1/pos/POS1/qrs');
  sb.close();
});

test('legacy amounts are checked before sending: CLP decimals, too many decimals, mixed sites', async () => {
  const sb = createSandbox({ seed: 'res-legacy-amounts' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, 'APP_USR-x', { transport: rec.fetch });
  const body = (total: string | ReturnType<typeof amount>, site?: 'MLC') => ({ external_reference: 'r', total_amount: total, items: [{ ...item, unit_price: total, quantity: 1 }], site });
  await assert.rejects(client.instoreOrders.createDynamic(1, 'P', body('1500.50', 'MLC')), (e: unknown) => e instanceof AmountError && /^total_amount: .*integers/.test(e.message));
  await assert.rejects(client.instoreOrders.createDynamic(1, 'P', body('1.234')), (e: unknown) => e instanceof AmountError && /more than 2 decimals/.test(e.message));
  await assert.rejects(client.instoreOrders.createDynamic(1, 'P', body(amount('10', 'MLA'), 'MLC')), AmountError);
  await assert.rejects(client.instoreOrders.put(1, 'P', { ...body('10'), items: [{ ...item, unit_price: '10', quantity: 1.5 }] }), /total_amount is required/);
  // A JS caller passing a float is refused too (floats are never money here).
  await assert.rejects(client.instoreOrders.createDynamic(1, 'P', body(150.5 as unknown as string)), /total_amount: expected an Amount .* got number 150.5/);
  assert.equal(rec.calls.length, 0, 'nothing reached the server');
  sb.close();
});

test('a CLP legacy order sends integer numbers; MP\'s own validation errors come back typed', async () => {
  const { sb, seller, client } = await setup('res-legacy-clp', 'MLC');
  const dyn = await client.instoreOrders.createDynamic(seller.user_id, 'POS1', {
    external_reference: 'clp-1', total_amount: amount(1500, 'MLC'), items: [{ ...item, unit_price: amount(750, 'MLC'), quantity: 2 }],
  });
  const paid = sb.control.buyer.pay({ qr_data: dyn.qr_data, card: 'APRO' });
  const payment = await client.payments.get(paid.payment_id);
  assert.equal(payment.transaction_amount, 1500);
  assert.equal(payment.currency_id, 'CLP');
  // external_reference is required (free text since MP's own integrations send JSON strings in it).
  const noRef = { total_amount: '10', items: [{ ...item, unit_price: '10', quantity: 1 }] } as unknown as Parameters<typeof client.instoreOrders.createDynamic>[2];
  const bad = await client.instoreOrders.createDynamic(seller.user_id, 'POS1', noRef).catch((e) => e);
  assert.ok(bad instanceof BadRequestError, String(bad));
  assert.equal(bad.code, 'invalid_external_reference');
  sb.close();
});

test('mpmobile: create with a TTL header and the site currency, get, delete', async () => {
  const sb = createSandbox({ seed: 'res-mpmobile' });
  const rec = recording(sb.fetch);
  const { seller, client } = await sellerWithPos(sb, 'MLA', { transport: rec.fetch });
  const created = await client.mpmobile.create(seller.user_id, 'POS1', {
    external_reference: 'Factura-0001', items: [{ title: 'Cafe', description: 'Cafe', unit_price: amount('60.25', 'MLA'), quantity: 2 }],
  }, { ttlSeconds: 120 });
  const sent = rec.calls.at(-1)!;
  assert.equal(sent.headers.get('x-ttl-store-preference'), '120');
  assert.deepEqual(JSON.parse(sent.body!).items, [{ title: 'Cafe', description: 'Cafe', unit_price: 60.25, quantity: 2, currency_id: 'ARS' }]);
  assert.match(created.id, new RegExp(`^${seller.user_id}-[0-9a-f-]{36}$`));
  assert.equal(created.total_amount, 120.5);
  assert.equal((await client.mpmobile.get(seller.user_id, 'POS1')).id, created.id);
  await client.mpmobile.delete(seller.user_id, 'POS1');
  const gone = await client.mpmobile.get(seller.user_id, 'POS1').catch((e) => e);
  assert.ok(gone instanceof NotFoundError, String(gone));
  // The TTL elapses: the order is gone.
  await client.mpmobile.create(seller.user_id, 'POS1', { external_reference: 'F2', items: [{ title: 'T', description: 'T', unit_price: '1', quantity: 1, currency_id: 'ARS' }] }, { ttlSeconds: 60 });
  await sb.state.clock.advance(61_000);
  assert.ok(await client.mpmobile.get(seller.user_id, 'POS1').catch((e) => e) instanceof NotFoundError);
  await assert.rejects(client.mpmobile.create(seller.user_id, 'POS1', { external_reference: 'F3', items: [{ title: 'T', description: 'T', unit_price: '1', quantity: 1 }] }), /currency_id is required/);
  sb.close();
});

test('merchantOrders.search/searchAll and payments.search/searchAll across several pages; refunds', async () => {
  const { sb, seller, client } = await setup('res-read-side');
  const paid: Array<{ payment_id: number; merchant_order_id?: number }> = [];
  for (let i = 1; i <= 5; i++) {
    await client.instoreOrders.put(seller.user_id, 'POS1', { external_reference: `ref-${i}`, total_amount: `${i}0.00`, items: [{ ...item, unit_price: `${i}0`, quantity: 1 }] });
    paid.push(sb.control.buyer.pay({ user_id: seller.user_id, external_pos_id: 'POS1', card: 'APRO' }));
    await sb.state.clock.advance(1000);
  }
  const one = await client.merchantOrders.search({ external_reference: 'ref-3' });
  assert.equal(one.total, 1);
  assert.equal(one.elements[0].id, paid[2].merchant_order_id);
  const page = await client.merchantOrders.search({ limit: 2, offset: 2 });
  assert.equal(page.total, 5);
  assert.equal(page.elements.length, 2);
  assert.equal(page.next_offset, 4);
  const allMo = await collect(client.merchantOrders.searchAll({ limit: 2 }));
  assert.deepEqual(allMo.map((m) => m.id).sort(), paid.map((p) => p.merchant_order_id).sort());
  assert.equal((await collect(client.merchantOrders.searchAll({ status: 'closed', limit: 2 }))).length, 5);

  const found = await client.payments.search({ external_reference: 'ref-4' });
  assert.equal(found.paging.total, 1);
  assert.equal(found.results[0].id, paid[3].payment_id);
  const allPayments = await collect(client.payments.searchAll({ sort: 'date_created', criteria: 'asc', limit: 2 }));
  assert.deepEqual(allPayments.map((p) => p.id), paid.map((p) => p.payment_id));

  // Refunds: partial (Amount → number), list, get, then the rest; too much → BadRequestError.
  const pid = paid[4].payment_id; // 50.00
  const partial = await client.payments.refunds.create(pid, { amount: amount('12.50', 'MLA') });
  assert.equal(partial.amount, 12.5);
  assert.equal(partial.payment_id, pid);
  const tooMuch = await client.payments.refunds.create(pid, { amount: '100' }).catch((e) => e);
  assert.ok(tooMuch instanceof BadRequestError, String(tooMuch));
  assert.equal((await client.payments.refunds.list(pid)).length, 1, 'the refused refund left nothing');
  assert.equal((await client.payments.refunds.get(pid, partial.id)).amount, 12.5);
  const rest = await client.payments.refunds.create(pid);
  assert.equal(rest.amount, 37.5);
  const refundedPayment = await client.payments.get(pid);
  assert.equal(refundedPayment.status, 'refunded');
  assert.deepEqual((await client.payments.refunds.list(pid)).map((r) => r.amount), [12.5, 37.5]);
  const missing = await client.payments.refunds.get(pid, 1).catch((e) => e);
  assert.ok(missing instanceof NotFoundError);
  const noPayment = await client.payments.get(1).catch((e) => e);
  assert.ok(noPayment instanceof NotFoundError);
  assert.equal(noPayment.cause[0]?.code, 2000);
  sb.close();
});
