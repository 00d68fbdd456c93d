// The resources over a real port with the default undici transport: a seller's whole QR setup and payment
// flow, paging, typed errors from real responses, and faults on the socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, listen, type RunningSandbox } from '@cobro/sandbox';
import { ConnectionError, MercadoPagoClient, NotFoundError, TimeoutError, amount } from '../src/index.ts';
import { collect, storeBody } from './resources-helpers.ts';

const sb = createSandbox({ seed: 'res-port' });
let running: RunningSandbox;
let client: MercadoPagoClient;
const seller = sb.control.accounts.create({ site_id: 'MLA' });

before(async () => {
  running = await listen(sb);
  client = new MercadoPagoClient({ accessToken: seller.access_token, baseUrl: running.url, sleep: async () => {} });
});
after(async () => {
  await client.close();
  await running.close();
  sb.close();
});

test('over a socket: me → stores → POS (paged) → Orders QR paid and refunded → payments and legacy read side', async () => {
  const me = await client.users.me();
  assert.equal(me.id, seller.user_id);
  for (let i = 1; i <= 3; i++) await client.stores.create(me.id, storeBody(`P${i}`));
  const stores = await collect(client.stores.searchAll(me.id, { limit: 2 }));
  assert.deepEqual(stores.map((s) => s.external_id).sort(), ['P1', 'P2', 'P3']);
  for (let i = 1; i <= 3; i++) await client.pos.create({ name: `Caja ${i}`, fixed_amount: true, external_store_id: 'P1', external_id: `PORTPOS${i}` });
  const pos = await collect(client.pos.listAll({ limit: 2 }));
  assert.equal(pos.length, 3);
  assert.match((await client.pos.get(pos[0].id)).qr_code!, /^000201/);

  const order = await client.orders.createQr({ amount: amount('99.90', 'MLA'), externalPosId: 'PORTPOS1', mode: 'dynamic', externalReference: 'port-1' });
  sb.control.buyer.pay({ qr_data: order.type_response!.qr_data, card: 'APRO' });
  const paid = await client.orders.get(order.id);
  assert.equal(paid.status, 'processed');
  const refund = await client.orders.refund(order.id, { transactions: [{ id: paid.transactions.payments[0].id, amount: '9.90' }], site: 'MLA' });
  assert.equal(refund.transactions.refunds[0].amount, '9.90');
  const payment = await client.payments.get(Number(paid.transactions.payments[0].reference_id));
  assert.equal(payment.transaction_amount, 99.9);

  const dyn = await client.instoreOrders.createDynamic(me.id, 'PORTPOS2', {
    external_reference: 'port-legacy', total_amount: '12.00', items: [{ title: 'T', description: 'T', unit_measure: 'unit', unit_price: '12', quantity: 1 }],
  });
  const legacyPaid = sb.control.buyer.pay({ qr_data: dyn.qr_data, card: 'APRO' });
  const mos = await collect(client.merchantOrders.searchAll({ external_reference: 'port-legacy' }));
  assert.deepEqual(mos.map((m) => m.id), [legacyPaid.merchant_order_id]);
  const all = await collect(client.payments.searchAll({ limit: 1 }));
  assert.deepEqual(all.map((p) => p.id).sort(), [payment.id, legacyPaid.payment_id].sort());
  const r = await client.payments.refunds.create(legacyPaid.payment_id, { amount: amount('2', 'MLA') });
  assert.equal(r.amount, 2);
});

test('over a socket: a 404 from the sandbox is a NotFoundError with MP\'s code', async () => {
  const err = await client.pos.get(999999).catch((e) => e);
  assert.ok(err instanceof NotFoundError, String(err));
  assert.equal(err.code, 'not_found');
  assert.equal(err.status, 404);
  const noPos = await client.orders.createQr({ amount: amount('1', 'MLA'), externalPosId: 'NOPE', mode: 'dynamic', externalReference: 'x' }).catch((e) => e);
  assert.ok(noPos instanceof NotFoundError);
  assert.equal(noPos.code, 'pos_not_found');
});

test('over a socket: commit_then_drop then the same key returns the original order; a hang times out', async () => {
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_drop', once: true });
  const params = { amount: amount('5', 'MLA'), externalPosId: 'PORTPOS3', mode: 'dynamic' as const, externalReference: 'port-drop' };
  const lost = await client.orders.createQr(params, { idempotencyKey: 'port-key-1', maxRetries: 0 }).catch((e) => e);
  assert.ok(lost instanceof ConnectionError, String(lost));
  const again = await client.orders.createQr(params, { idempotencyKey: 'port-key-1' });
  const committed = [...sb.state.orders.values()].filter((o) => o.external_reference === 'port-drop');
  assert.deepEqual(committed.map((o) => o.id), [again.id]);

  const rule = sb.control.faults.add({ method: 'GET', path: '/v1/orders/*', fault: 'hang' });
  const hung = await client.orders.get(again.id, { timeoutMs: 50, maxRetries: 0 }).catch((e) => e);
  assert.ok(hung instanceof TimeoutError, String(hung));
  sb.control.faults.remove(rule.id);
  assert.equal((await client.orders.get(again.id)).id, again.id, 'the connection pool recovers');
});
