// One logical call, one resource: every create against the sandbox's commit-then faults (the request commits,
// then the response is lost, replaced by a 5xx, or never comes). What MP deduplicates by
// idempotency key (Orders API, refunds) is retried with the same key; the rest is never resent blindly:
// found again by external id / reference, or reported as OutcomeUnknownError with how to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '@cobro/sandbox';
import { ConnectionError, OutcomeUnknownError, TimeoutError, amount, lastResponse, type Transport } from '../src/index.ts';
import { recording } from './helpers.ts';
import { setup, storeBody } from './resources-helpers.ts';

const dropOnce = (sb: Sandbox, method: string, path: string) => sb.control.faults.add({ method, path, fault: 'commit_then_drop', once: true });
/** The sandbox commits the request, then answers 502 (a proxy in front of MP that gave up). */
const error502Once = (sb: Sandbox, method: string, path: string) => sb.control.faults.add({ method, path, fault: 'commit_then_error', status: 502, once: true });
const ordersWith = (sb: Sandbox, ref: string) => [...sb.state.instoreOrders.values()].filter((o) => o.external_reference === ref);
const item = { title: 'Pasta', description: 'Pasta', unit_measure: 'unit' };
const legacy = (ref: string) => ({ external_reference: ref, total_amount: amount('30.00', 'MLA'), items: [{ ...item, unit_price: amount('30.00', 'MLA'), quantity: 1 }] });

/** The sandbox's own transport, noting the x-request-id of every answer (the id a typed error must keep). */
function noting(sb: Sandbox): { fetch: Transport; ids: (string | null)[] } {
  const ids: (string | null)[] = [];
  return { ids, fetch: async (input, init) => { const res = await sb.fetch(input, init); ids.push(res.headers.get('x-request-id')); return res; } };
}

test('stores.create after commit-then-drop or a 5xx: the store is found by external_id, one store, no error', async () => {
  const { sb, seller, client } = await setup('once-stores');
  dropOnce(sb, 'POST', '/users/*/stores');
  const store = await client.stores.create(seller.user_id, storeBody('S2'));
  const s2 = [...sb.state.stores.values()].filter((s) => s.external_id === 'S2');
  assert.deepEqual(s2.map((s) => s.id), [store.id]);
  assert.equal(store.external_id, 'S2');

  error502Once(sb, 'POST', '/users/*/stores');
  const s3 = await client.stores.create(seller.user_id, storeBody('S3'));
  assert.deepEqual([...sb.state.stores.values()].filter((s) => s.external_id === 'S3').map((s) => s.id), [s3.id]);

  // An external_id the search filter refuses (an underscore: MP's create takes it) is found by walking the list.
  dropOnce(sb, 'POST', '/users/*/stores');
  const under = await client.stores.create(seller.user_id, storeBody('store_5'));
  assert.deepEqual([...sb.state.stores.values()].filter((s) => s.external_id === 'store_5').map((s) => s.id), [under.id]);

  // Reset before the sandbox handled it: the look-up finds none and the create is resent (MP refuses a
  // second store with that external_id, so a resend cannot duplicate it).
  sb.control.faults.add({ method: 'POST', path: '/users/*/stores', fault: 'reset', once: true });
  const s4 = await client.stores.create(seller.user_id, storeBody('S4'));
  assert.deepEqual([...sb.state.stores.values()].filter((s) => s.external_id === 'S4').map((s) => s.id), [s4.id]);
  sb.close();
});

test('stores.create without external_id: OutcomeUnknownError saying how to check, and still one store', async () => {
  const { sb, seller, client } = await setup('once-stores-noext');
  dropOnce(sb, 'POST', '/users/*/stores');
  const before = sb.state.stores.size;
  const { external_id: _, ...body } = storeBody('X', 'MLA', 'Sin id');
  const err = await client.stores.create(seller.user_id, body).catch((e) => e);
  assert.ok(err instanceof OutcomeUnknownError, String(err));
  assert.ok(err.originalError instanceof ConnectionError);
  assert.match(err.message, /may have created a store named "Sin id"/);
  assert.match(err.howToCheck, /stores\.search\(/);
  assert.equal(sb.state.stores.size, before + 1, 'created once, not twice');
  sb.close();
});

test('pos.create after commit-then-drop or a 5xx: the POS is found by external_id, one POS', async () => {
  const { sb, client } = await setup('once-pos');
  dropOnce(sb, 'POST', '/pos');
  const pos = await client.pos.create({ name: 'Caja 2', fixed_amount: true, external_store_id: 'S1', external_id: 'POS2' });
  assert.deepEqual([...sb.state.pos.values()].filter((p) => p.external_id === 'POS2').map((p) => p.id), [pos.id]);
  error502Once(sb, 'POST', '/pos');
  const pos3 = await client.pos.create({ name: 'Caja 3', fixed_amount: true, external_store_id: 'S1', external_id: 'POS3' });
  assert.deepEqual([...sb.state.pos.values()].filter((p) => p.external_id === 'POS3').map((p) => p.id), [pos3.id]);
  sb.close();
});

test('instoreOrders.put (attended) after commit-then-drop: read back from the POS, one order', async () => {
  const { sb, seller, client } = await setup('once-attended');
  dropOnce(sb, 'PUT', '/instore/qr/seller/collectors/*/pos/*/orders');
  await client.instoreOrders.put(seller.user_id, 'POS1', legacy('att-1'));
  assert.equal(ordersWith(sb, 'att-1').length, 1);
  assert.equal((await client.instoreOrders.get(seller.user_id, 'POS1')).external_reference, 'att-1');
  sb.close();
});

test('instoreOrders.put: a 5xx after commit while the POS shows another order is reported, with MP\'s request id', async () => {
  const { sb, seller, client } = await setup('once-attended-unknown');
  // The PUT commits and answers 500; the POS's order is then replaced by someone else before the client looks.
  sb.control.faults.add({ method: 'PUT', path: '/instore/qr/seller/collectors/*/pos/*/orders', fault: 'commit_then_error', once: true });
  let sent: string | null = null;
  const transport: Transport = async (input, init) => {
    const req = new Request(input, init);
    const res = await sb.fetch(input, init);
    if (req.method !== 'PUT') return res;
    sent = res.headers.get('x-request-id');
    await sb.fetch(req.url, { method: 'PUT', headers: req.headers, body: JSON.stringify({ ...JSON.parse(await req.text()), external_reference: 'other' }) });
    return res;
  };
  const err = await client.withOptions({ transport }).instoreOrders.put(seller.user_id, 'POS1', legacy('att-2')).catch((e) => e);
  assert.ok(err instanceof OutcomeUnknownError, String(err));
  assert.ok(sent);
  assert.equal(err.requestId, sent);
  assert.equal(err.status, 500);
  assert.match(err.message, /external_reference "att-2" on POS "POS1"/);
  assert.match(err.howToCheck, /merchantOrders\.search\(\{ external_reference: "att-2" \}\)/);
  assert.equal(ordersWith(sb, 'att-2').length, 1, 'sent once');
  sb.close();
});

test('createDynamic after commit-then-drop: OutcomeUnknownError (no read endpoint exists), exactly one order', async () => {
  const { sb, seller, client } = await setup('once-dynamic');
  dropOnce(sb, 'POST', '/instore/orders/qr/seller/collectors/*/pos/*/qrs');
  const err = await client.instoreOrders.createDynamic(seller.user_id, 'POS1', legacy('dyn-1')).catch((e) => e);
  assert.ok(err instanceof OutcomeUnknownError, String(err));
  assert.match(err.message, /may have created a dynamic QR order with external_reference "dyn-1"/);
  assert.match(err.howToCheck, /merchantOrders\.search\(\{ external_reference: "dyn-1" \}\)/);
  assert.equal(ordersWith(sb, 'dyn-1').length, 1);

  // The 5xx variant keeps MP's request id, the one thing to quote to MP support.
  error502Once(sb, 'POST', '/instore/orders/qr/seller/collectors/*/pos/*/qrs');
  const seen = noting(sb);
  const e2 = await client.withOptions({ transport: seen.fetch }).instoreOrders.createDynamic(seller.user_id, 'POS1', legacy('dyn-2')).catch((e) => e);
  assert.ok(e2 instanceof OutcomeUnknownError && e2.status === 502, String(e2));
  assert.ok(seen.ids[0]);
  assert.equal(e2.requestId, seen.ids[0]);
  assert.equal(ordersWith(sb, 'dyn-2').length, 1);
  sb.close();
});

test('createDynamic: a 429 (provably not processed) is still retried, one order', async () => {
  const { sb, seller, client } = await setup('once-dynamic-429');
  sb.control.faults.add({ method: 'POST', path: '/instore/orders/qr/seller/collectors/*/pos/*/qrs', status: 429, retry_after: 1, once: true });
  const qr = await client.instoreOrders.createDynamic(seller.user_id, 'POS1', legacy('dyn-3'));
  assert.equal(lastResponse(qr)!.attempts, 2);
  assert.deepEqual(ordersWith(sb, 'dyn-3').map((o) => o.in_store_order_id), [qr.in_store_order_id]);
  sb.close();
});

test('createHybrid after commit-then-drop: found on the POS (fields absent, as in MP\'s empty 201), one order', async () => {
  const { sb, seller, client } = await setup('once-hybrid');
  dropOnce(sb, 'PUT', '/instore/orders/qr/seller/collectors/*/pos/*/qrs');
  const res = await client.instoreOrders.createHybrid(seller.user_id, 'POS1', legacy('hyb-1'));
  assert.deepEqual(res, {});
  assert.equal(ordersWith(sb, 'hyb-1').length, 1);
  assert.equal(ordersWith(sb, 'hyb-1')[0].status, 'pending');
  sb.close();
});

test('mpmobile.create after commit-then-drop or a hang after commit: the POS\'s order is returned, one order', async () => {
  const { sb, seller, client } = await setup('once-mpmobile');
  const input = (ref: string) => ({ external_reference: ref, items: [{ title: 'Cafe', description: 'Cafe', unit_price: amount('60.00', 'MLA'), quantity: 1 }] });
  dropOnce(sb, 'POST', '/mpmobile/instore/qr/*/*');
  const order = await client.mpmobile.create(seller.user_id, 'POS1', input('mpm-1'));
  assert.deepEqual(ordersWith(sb, 'mpm-1').map((o) => o.in_store_order_id), [order.id]);

  // Committed, then no answer within the timeout.
  const hangOnce = () => sb.control.faults.add({ method: 'POST', path: '/mpmobile/instore/qr/*/*', fault: 'commit_then_hang', once: true });
  hangOnce();
  const slow = client.withOptions({ timeoutMs: 50 });
  const again = await slow.mpmobile.create(seller.user_id, 'POS1', input('mpm-2'));
  assert.deepEqual(ordersWith(sb, 'mpm-2').map((o) => o.in_store_order_id), [again.id]);

  // The look-up itself times out: the error says so, and keeps the first failure.
  hangOnce();
  const lookups = sb.control.faults.add({ method: 'GET', path: '*', fault: 'hang' });
  const err = await client.withOptions({ timeoutMs: 20, maxRetries: 0 }).mpmobile.create(seller.user_id, 'POS1', input('mpm-3')).catch((e) => e);
  sb.control.faults.remove(lookups.id);
  assert.ok(err instanceof OutcomeUnknownError && err.originalError instanceof TimeoutError, String(err));
  assert.match(err.message, /looking it up failed too/);
  assert.ok(err.lookupError instanceof TimeoutError);
  assert.equal(ordersWith(sb, 'mpm-3').length, 1);
  sb.close();
});

test('Orders API cancel and refund, payment refunds: resent with the same key after commit-then-drop, one effect', async () => {
  const { sb, seller, client } = await setup('once-orders');
  const rec = recording(sb.fetch);
  const c = client.withOptions({ transport: rec.fetch });
  const toCancel = await c.orders.createQr({ amount: amount('25.00', 'MLA'), externalPosId: 'POS1', mode: 'dynamic', externalReference: 'o-1' });
  dropOnce(sb, 'POST', '/v1/orders/*/cancel');
  const canceled = await c.orders.cancel(toCancel.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(lastResponse(canceled)!.attempts, 2);
  const [k1, k2] = rec.calls.slice(-2).map((x) => x.headers.get('x-idempotency-key'));
  assert.equal(k1, k2);

  const paid = await c.orders.createQr({ amount: amount('40.00', 'MLA'), externalPosId: 'POS1', mode: 'dynamic', externalReference: 'o-2' });
  sb.control.buyer.pay({ qr_data: paid.type_response!.qr_data, card: 'APRO' });
  dropOnce(sb, 'POST', '/v1/orders/*/refund');
  const refund = await c.orders.refund(paid.id);
  assert.equal(lastResponse(refund)!.attempts, 2);
  assert.equal(sb.state.orders.get(paid.id)!.refunds.length, 1);

  // A legacy-flow payment, refunded through /v1/payments/{id}/refunds.
  const qr = await c.instoreOrders.createDynamic(seller.user_id, 'POS1', legacy('pay-1'));
  const legacyPaid = sb.control.buyer.pay({ qr_data: qr.qr_data, card: 'APRO' });
  dropOnce(sb, 'POST', '/v1/payments/*/refunds');
  const pr = await c.payments.refunds.create(legacyPaid.payment_id!, { amount: amount('10.00', 'MLA') });
  assert.equal(lastResponse(pr)!.attempts, 2);
  assert.deepEqual([...sb.state.paymentRefunds.values()].filter((r) => r.payment_id === legacyPaid.payment_id).map((r) => r.id), [pr.id]);
  sb.close();
});
