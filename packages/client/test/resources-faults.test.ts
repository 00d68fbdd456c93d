// Resource calls through sandbox fault rules (in-process): 429 + Retry-After, 5xx then success, a create that
// committed but whose response was lost, a hang; and two sellers' calls interleaved on one transport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '@cobro/sandbox';
import { ConnectionError, MercadoPagoClient, NotFoundError, RateLimitError, ServerError, TimeoutError, amount, lastResponse } from '../src/index.ts';
import { recording, sleeper } from './helpers.ts';
import { sellerWithPos, setup, storeBody } from './resources-helpers.ts';

const meta = (o: object) => lastResponse(o)!;
const ordersOf = (sb: Sandbox, userId: number) => [...sb.state.orders.values()].filter((o) => o.userId === userId);
const qr = (ref: string, mode: 'static' | 'dynamic' = 'static') => ({ amount: amount('25.00', 'MLA'), externalPosId: 'POS1', mode, externalReference: ref });

test('429 with Retry-After on POST /v1/orders: waits what MP says, retries with the same key, one order', async () => {
  const s = sleeper();
  const { sb, seller, client } = await setup('res-fault-429', 'MLA', { sleep: s.sleep });
  const rec = recording(sb.fetch);
  const c = client.withOptions({ transport: rec.fetch });
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', status: 429, retry_after: 2, once: true });
  const order = await c.orders.createQr(qr('rl-1'));
  assert.deepEqual(s.sleeps, [2000]);
  assert.equal(meta(order).attempts, 2);
  assert.equal(rec.calls.length, 2);
  assert.equal(rec.calls[0].headers.get('x-idempotency-key'), rec.calls[1].headers.get('x-idempotency-key'));
  assert.deepEqual(ordersOf(sb, seller.user_id).map((o) => o.id), [order.id]);

  // A Retry-After longer than the client accepts is not waited for: RateLimitError with the delay.
  sb.control.faults.add({ method: 'GET', path: '/v1/orders/*', status: 429, retry_after: 600, once: true });
  const limited = await c.orders.get(order.id).catch((e) => e);
  assert.ok(limited instanceof RateLimitError, String(limited));
  assert.equal(limited.retryAfter, 600);
  sb.close();
});

test('5xx then success: exactly one order is created (checked by GET and by scanning the POS)', async () => {
  const { sb, seller, client } = await setup('res-fault-5xx');
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', status: 500, times: 2 });
  const order = await client.orders.createQr(qr('five-1'));
  assert.equal(meta(order).attempts, 3);
  assert.equal((await client.orders.get(order.id)).status, 'created');
  const scan = sb.control.buyer.scan({ user_id: seller.user_id, external_pos_id: 'POS1' });
  assert.equal(scan.order_id, order.id);
  assert.equal(ordersOf(sb, seller.user_id).length, 1);
  // While the buyer is on the checkout the order cannot be canceled (typed 409); after they walk away it can.
  const locked = await client.orders.cancel(order.id).catch((e) => e);
  assert.equal(locked.code, 'instore_order_locked_error');
  sb.control.buyer.abandon({ scan_id: scan.scan_id });
  await client.orders.cancel(order.id);

  // Out of retries: the 5xx surfaces as ServerError and nothing was created.
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', status: 503, times: 2 });
  const err = await client.orders.createQr(qr('five-2'), { maxRetries: 1 }).catch((e) => e);
  assert.ok(err instanceof ServerError, String(err));
  assert.equal(err.status, 503);
  assert.equal(ordersOf(sb, seller.user_id).length, 1);
  sb.close();
});

test('commit_then_drop on POST /v1/orders: the retry with the same key returns the original order', async () => {
  const { sb, seller, client } = await setup('res-fault-commit-drop');
  // Retried by the client itself.
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_drop', once: true });
  const order = await client.orders.createQr(qr('drop-1', 'dynamic'));
  assert.equal(meta(order).attempts, 2);
  assert.deepEqual(ordersOf(sb, seller.user_id).map((o) => o.id), [order.id]);

  // Retried by the caller after a crash: the stored key brings back the same order, not a second one.
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_drop', once: true });
  const lost = await client.orders.createQr(qr('drop-2', 'dynamic'), { idempotencyKey: 'stored-key-2', maxRetries: 0 }).catch((e) => e);
  assert.ok(lost instanceof ConnectionError, String(lost));
  const committed = ordersOf(sb, seller.user_id).filter((o) => o.external_reference === 'drop-2');
  assert.equal(committed.length, 1, 'the create committed before the connection dropped');
  const again = await client.orders.createQr(qr('drop-2', 'dynamic'), { idempotencyKey: 'stored-key-2' });
  assert.equal(again.id, committed[0].id);
  assert.equal(ordersOf(sb, seller.user_id).length, 2);
  sb.close();
});

test('a hung GET times out with TimeoutError; with retries left the next attempt answers', async () => {
  const { sb, client } = await setup('res-fault-hang');
  const order = await client.orders.createQr(qr('hang-1'));
  const rule = sb.control.faults.add({ method: 'GET', path: '/v1/orders/*', fault: 'hang' });
  const err = await client.orders.get(order.id, { timeoutMs: 30, maxRetries: 0 }).catch((e) => e);
  assert.ok(err instanceof TimeoutError, String(err));
  assert.match(err.message, /GET \/v1\/orders\/ORD\w+ timed out after 30 ms/);
  sb.control.faults.remove(rule.id);
  sb.control.faults.add({ method: 'GET', path: '/v1/orders/*', fault: 'hang', once: true });
  const got = await client.orders.get(order.id, { timeoutMs: 30, maxRetries: 1 });
  assert.equal(got.id, order.id);
  assert.equal(meta(got).attempts, 2);
  sb.close();
});

test('two sellers interleaved on one transport: each call carries its own token, each sees only its own', async () => {
  const { sb, seller: a } = await setup('res-two-sellers');
  const rec = recording(sb.fetch);
  const base = new MercadoPagoClient({ transport: rec.fetch, sleep: async () => {} });
  const b = await sellerWithPos(sb, 'MLA');
  const A = base.withOptions({ accessToken: a.access_token });
  const B = base.withOptions({ accessToken: b.seller.access_token });

  const tokenOf = (i: number) => rec.calls[i].headers.get('authorization');
  const [oa, ob, oa2, ob2] = await Promise.all([
    A.orders.createQr(qr('a-1', 'dynamic')),
    B.orders.createQr(qr('b-1', 'dynamic')),
    A.orders.createQr(qr('a-2', 'dynamic')),
    // Per-call token on the token-less base client.
    base.orders.createQr(qr('b-2', 'dynamic'), { accessToken: b.seller.access_token }),
  ]);
  assert.deepEqual([0, 1, 2, 3].map(tokenOf), [a, b.seller, a, b.seller].map((s) => `Bearer ${s.access_token}`));
  assert.equal(oa.user_id, String(a.user_id));
  assert.equal(ob.user_id, String(b.seller.user_id));
  assert.equal(oa2.user_id, String(a.user_id));
  assert.equal(ob2.user_id, String(b.seller.user_id));
  assert.equal(base.config.accessToken, undefined, 'the per-call token did not stick to the client');

  const [seenA, seenB, crossA, crossB] = await Promise.all([
    A.orders.get(oa.id), B.orders.get(ob.id), A.orders.get(ob.id).catch((e) => e), B.orders.get(oa2.id).catch((e) => e),
  ]);
  assert.equal(seenA.external_reference, 'a-1');
  assert.equal(seenB.external_reference, 'b-1');
  assert.ok(crossA instanceof NotFoundError && crossA.code === 'order_not_found');
  assert.ok(crossB instanceof NotFoundError && crossB.code === 'order_not_found');

  // The read side too: pay one order each; each search lists its own payments only.
  const pa = sb.control.buyer.pay({ qr_data: oa.type_response!.qr_data, card: 'APRO' });
  const pb = sb.control.buyer.pay({ qr_data: ob.type_response!.qr_data, card: 'APRO' });
  const [searchA, searchB] = await Promise.all([A.payments.search(), B.payments.search()]);
  assert.deepEqual(searchA.results.map((p) => p.id), [pa.payment_id]);
  assert.deepEqual(searchB.results.map((p) => p.id), [pb.payment_id]);
  assert.ok(await B.payments.get(pa.payment_id).catch((e) => e) instanceof NotFoundError);
  // A seller's POS list holds only its own POS, and a store call for another user id is refused.
  assert.deepEqual((await A.pos.list()).results.map((p) => p.user_id), [a.user_id]);
  assert.equal((await B.stores.create(a.user_id, storeBody('X')).catch((e) => e)).status, 403);
  sb.close();
});
