// Orders API for QR against the sandbox in-process: create/createQr (amount formatting per site), get, cancel,
// total and partial refunds, typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { AmountError, BadRequestError, ConflictError, IdempotencyError, NotFoundError, amount, decodeMpQr, hasValidCrc, lastResponse, type Order } from '../src/index.ts';
import { recording } from './helpers.ts';
import { sandboxClient, sellerWithPos, setup } from './resources-helpers.ts';

test('createQr (dynamic): two-decimal strings, sponsor id as a string, one payment; the buyer pays; get', async () => {
  const sb = createSandbox({ seed: 'res-orders-dynamic' });
  const integrator = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const { seller, client } = await sellerWithPos(sb, 'MLA', { transport: rec.fetch });
  const order = await client.orders.createQr({
    amount: amount('150.5', 'MLA'), externalPosId: 'POS1', mode: 'dynamic', externalReference: 'ext-1',
    sponsorId: integrator.user_id, description: 'Cafe', expirationTime: 'PT16M',
  }, { idempotencyKey: 'create-ext-1' });
  const sent = rec.calls.at(-1)!;
  assert.equal(sent.headers.get('x-idempotency-key'), 'create-ext-1');
  assert.deepEqual([lastResponse(order)?.status, lastResponse(order)?.idempotencyKey, lastResponse(order)?.attempts], [201, 'create-ext-1', 1]);
  assert.equal(JSON.stringify(order).includes('lastResponse'), false, 'metadata stays out of the JSON');
  assert.deepEqual(JSON.parse(sent.body!), {
    type: 'qr', total_amount: '150.50', external_reference: 'ext-1',
    config: { qr: { external_pos_id: 'POS1', mode: 'dynamic' } },
    transactions: { payments: [{ amount: '150.50' }] },
    description: 'Cafe', expiration_time: 'PT16M',
    integration_data: { sponsor: { id: String(integrator.user_id) } },
  });
  assert.match(order.id, /^ORD[0-9A-Z]{26}$/);
  assert.equal(order.status, 'created');
  assert.equal(order.status_detail, 'created');
  assert.equal(order.user_id, String(seller.user_id));
  assert.equal(order.total_amount, '150.50');
  assert.equal(order.config.qr.mode, 'dynamic');
  assert.equal(order.integration_data?.sponsor?.id, String(integrator.user_id));
  assert.ok(hasValidCrc(order.type_response!.qr_data));
  assert.equal(decodeMpQr(order.type_response!.qr_data).currencyNumeric, '032');

  sb.control.buyer.pay({ qr_data: order.type_response!.qr_data, card: 'APRO' });
  const got = await client.orders.get(order.id);
  assert.equal(got.status, 'processed');
  const tx = got.transactions.payments[0];
  assert.equal(tx.status, 'processed');
  assert.equal(tx.status_detail, 'accredited');
  const payment = await client.payments.get(Number(tx.reference_id));
  assert.equal(payment.transaction_amount, 150.5);
  sb.close();
});

test('createQr for CLP sends integers; static orders have no qr_data and are found by scanning the POS', async () => {
  const { sb, client, seller } = await setup('res-orders-clp', 'MLC');
  const rec = recording(sb.fetch);
  const c = client.withOptions({ transport: rec.fetch });
  const order = await c.orders.createQr({ amount: '1500', site: 'MLC', externalPosId: 'POS1', mode: 'static', externalReference: 'clp-1' });
  assert.equal(JSON.parse(rec.calls[0].body!).total_amount, '1500');
  assert.equal(order.total_amount, '1500');
  assert.equal(order.type_response, undefined);
  assert.equal(sb.control.buyer.scan({ user_id: seller.user_id, external_pos_id: 'POS1' }).order_id, order.id);
  await assert.rejects(c.orders.createQr({ amount: '1500.50', site: 'MLC', externalPosId: 'POS1', mode: 'dynamic', externalReference: 'clp-2' }), AmountError);
  await assert.rejects(c.orders.createQr({ amount: '15', externalPosId: 'POS1', mode: 'dynamic', externalReference: 'clp-3' }), /needs the seller's site/);
  assert.equal(rec.calls.length, 1, 'refused amounts never reach MP');
  sb.close();
});

test('orders.create: typed body with Amounts or decimal strings; hybrid gives a qr_data and holds the POS', async () => {
  const { sb, client } = await setup('res-orders-create');
  const rec = recording(sb.fetch);
  const c = client.withOptions({ transport: rec.fetch });
  const order = await c.orders.create({
    type: 'qr', total_amount: '100.5', external_reference: 'h-1',
    config: { qr: { external_pos_id: 'POS1', mode: 'hybrid' } },
    transactions: { payments: [{ amount: '100.5' }] },
    items: [{ title: 'Pasta', unit_price: amount(2010, 'MLA'), quantity: 5, unit_measure: 'unit', external_code: 'P1' }],
  });
  const body = JSON.parse(rec.calls[0].body!);
  assert.equal(body.total_amount, '100.50');
  assert.equal(body.transactions.payments[0].amount, '100.50');
  assert.equal(body.items[0].unit_price, '20.10');
  assert.equal(body.site, undefined, 'site is never sent');
  assert.equal(order.config.qr.mode, 'hybrid');
  assert.ok(order.type_response?.qr_data);
  assert.match(rec.calls[0].headers.get('x-idempotency-key')!, /^[0-9a-f-]{36}$/);

  // A second non-dynamic order on the same POS: MP's 409, typed, with its code.
  const busy = await c.orders.createQr({ amount: amount('1', 'MLA'), externalPosId: 'POS1', mode: 'static', externalReference: 'h-2' }).catch((e) => e);
  assert.ok(busy instanceof ConflictError, String(busy));
  assert.equal(busy.code, 'already_queued_order_on_pos');
  sb.close();
});

test('cancel a created order; cancel again → ConflictError; unknown POS → NotFoundError pos_not_found', async () => {
  const { sb, client } = await setup('res-orders-cancel');
  const order = await client.orders.createQr({ amount: amount('10', 'MLA'), externalPosId: 'POS1', mode: 'static', externalReference: 'c-1' });
  const canceled = await client.orders.cancel(order.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.status_detail, 'canceled');
  assert.equal((await client.orders.get(order.id)).status, 'canceled');
  const again = await client.orders.cancel(order.id).catch((e) => e);
  assert.ok(again instanceof ConflictError, String(again));
  assert.equal(again.status, 409);

  const noPos = await client.orders.createQr({ amount: amount('10', 'MLA'), externalPosId: 'NOPE', mode: 'dynamic', externalReference: 'c-2' }).catch((e) => e);
  assert.ok(noPos instanceof NotFoundError, String(noPos));
  assert.equal(noPos.code, 'pos_not_found');
  assert.deepEqual(noPos.cause[0]?.details, ['config.qr.external_pos_id']);

  const missing = await client.orders.get('ORD00000000000000000000000000').catch((e) => e);
  assert.ok(missing instanceof NotFoundError);
  assert.equal(missing.code, 'order_not_found');
  const badId = await client.orders.get('nope').catch((e) => e);
  assert.ok(badId instanceof BadRequestError);
  assert.equal(badId.code, 'invalid_path_param');
  sb.close();
});

test('refunds: partial (one transaction, Amount → string) then total; the order ends refunded', async () => {
  const { sb, client } = await setup('res-orders-refund');
  const order = await client.orders.createQr({ amount: amount('50.00', 'MLA'), externalPosId: 'POS1', mode: 'dynamic', externalReference: 'r-1' });
  const early = await client.orders.refund(order.id).catch((e) => e);
  assert.ok(early instanceof ConflictError, String(early));
  assert.equal(early.code, 'invalid_order_status');

  sb.control.buyer.pay({ qr_data: order.type_response!.qr_data, card: 'APRO' });
  const paid: Order = await client.orders.get(order.id);
  const txId = paid.transactions.payments[0].id;
  const partial = await client.orders.refund(order.id, { transactions: [{ id: txId, amount: amount('10', 'MLA') }] }, { idempotencyKey: 'refund-r1-a' });
  assert.equal(partial.id, order.id);
  assert.equal(partial.status, 'processed');
  assert.equal(partial.transactions.refunds[0].amount, '10.00');
  assert.equal(partial.transactions.refunds[0].transaction_id, txId);
  assert.equal(partial.transactions.refunds[0].status, 'processing');
  await sb.state.clock.advance(60_000);
  const afterPartial = await client.orders.get(order.id);
  assert.equal(afterPartial.status, 'processed');
  assert.equal(afterPartial.transactions.payments[0].status_detail, 'partially_refunded');
  assert.equal(afterPartial.transactions.refunds?.[0].status, 'processed');

  // Same key, different body → IdempotencyError.
  const reused = await client.orders.refund(order.id, undefined, { idempotencyKey: 'refund-r1-a' }).catch((e) => e);
  assert.ok(reused instanceof IdempotencyError, String(reused));

  const total = await client.orders.refund(order.id);
  assert.equal(total.transactions.refunds[0].amount, '40.00');
  await sb.state.clock.advance(60_000);
  const done = await client.orders.get(order.id);
  assert.equal(done.status, 'refunded');
  assert.equal(done.transactions.payments[0].status, 'refunded');
  const twice = await client.orders.refund(order.id).catch((e) => e);
  assert.equal(twice.code, 'order_already_refunded');
  sb.close();
});

test('orders.refund without transactions sends no body; with a decimal string and site it is formatted', async () => {
  const sb = createSandbox({ seed: 'res-orders-refund-body' });
  const ok = () => new Response(JSON.stringify({ id: 'ORD1', status: 'processed', status_detail: 'processed', transactions: { refunds: [] } }), { status: 201 });
  const rec = recording(sb.fetch, [ok(), ok()]);
  const client = sandboxClient(sb, 'APP_USR-x', { transport: rec.fetch });
  await client.orders.refund('ORD1');
  assert.equal(rec.calls[0].body, undefined);
  await client.orders.refund('ORD1', { transactions: [{ id: 'PAY1', amount: '7.5' }], site: 'MLB' });
  assert.deepEqual(JSON.parse(rec.calls[1].body!), { transactions: [{ id: 'PAY1', amount: '7.50' }] });
  sb.close();
});
