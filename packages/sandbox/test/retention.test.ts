// Retention (option `retention`): final orders are forgotten beyond a count or an age, with their payments and
// idempotency records, and then answer 404; live orders are never forgotten; off by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../src/sandbox.ts';
import { optionFromText } from '../src/options.ts';
import { advance, code, http, pay } from './http.ts';
import { newSeller, orderBody, postOrder, sandbox } from './orders-helpers.ts';
import { attendedPath, orderBody as legacyBody } from './legacy-helpers.ts';

const cancel = (s: Awaited<ReturnType<typeof newSeller>>, id: string) =>
  s.call('POST', `/v1/orders/${id}/cancel`, undefined, { 'x-idempotency-key': `cancel-${id}` });

test('beyond maxFinalOrders the oldest final order is forgotten: 404, and its idempotency key is free again', async () => {
  const sb = sandbox('ret-count', { retention: { maxFinalOrders: 2 } });
  const s = await newSeller(sb);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await postOrder(s, orderBody(s, { external_reference: `ret-${i}` }), `ret-key-${i}`);
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
  }
  for (const id of ids) assert.equal((await cancel(s, id)).status, 200);
  const gone = await s.call('GET', `/v1/orders/${ids[0]}`);
  assert.equal(gone.status, 404);
  assert.equal(code(gone), 'order_not_found');
  for (const id of ids.slice(1)) assert.equal((await s.call('GET', `/v1/orders/${id}`)).status, 200);
  // The record went with the order: the key takes a different request instead of answering 409.
  const reused = await postOrder(s, orderBody(s, { external_reference: 'ret-other' }), 'ret-key-0');
  assert.equal(reused.status, 201, reused.text);
  assert.notEqual(reused.body.id, ids[0]);
  // The newer orders' records still replay.
  assert.equal((await postOrder(s, orderBody(s, { external_reference: 'ret-2' }), 'ret-key-2')).body.id, ids[2]);
});

test('live orders are never forgotten, however old; a paid order goes with its payment an hour after it settled', async () => {
  const sb = sandbox('ret-age', { retention: { maxAgeMs: 3600_000 } });
  const s = await newSeller(sb);
  const orders = [];
  for (let i = 0; i < 3; i++) orders.push((await postOrder(s, orderBody(s, { external_reference: `live-${i}`, expiration_time: 'PT3H' }))).body);
  const paid = await pay(sb, { qr_data: orders[0].type_response.qr_data, card: 'APRO' });
  assert.equal(paid.status, 201, paid.text);
  assert.equal((await s.call('GET', `/v1/payments/${paid.body.payment_id}`)).status, 200);
  await advance(sb, '2h');
  await postOrder(s, orderBody(s, { external_reference: 'later' }));
  assert.equal((await s.call('GET', `/v1/orders/${orders[0].id}`)).status, 404);
  assert.equal((await s.call('GET', `/v1/payments/${paid.body.payment_id}`)).status, 404);
  for (const o of orders.slice(1)) assert.equal((await s.call('GET', `/v1/orders/${o.id}`)).body.status, 'created');
});

test('a paid legacy attended order is forgotten with its merchant order and payment', async () => {
  const sb = sandbox('ret-legacy', { retention: { maxFinalOrders: 1 } });
  const s = await newSeller(sb);
  const first: { mo: number; payment: number }[] = [];
  for (const ref of ['legacy-1', 'legacy-2']) {
    assert.equal((await s.call('PUT', attendedPath(s), legacyBody({ external_reference: ref }))).status, 204);
    const r = await pay(sb, { pos_id: s.posId, card: 'APRO' });
    assert.equal(r.status, 201, r.text);
    first.push({ mo: r.body.merchant_order_id, payment: r.body.payment_id });
  }
  assert.equal((await s.call('GET', `/merchant_orders/${first[0].mo}`)).status, 404);
  assert.equal((await s.call('GET', `/v1/payments/${first[0].payment}`)).status, 404);
  assert.equal((await s.call('GET', `/merchant_orders/${first[1].mo}`)).status, 200);
  assert.equal((await s.call('GET', `/v1/payments/${first[1].payment}`)).status, 200);
});

test('off by default; a bad value fails at createSandbox naming the option; the flag text forms', async () => {
  const sb = sandbox('ret-off');
  const s = await newSeller(sb);
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await postOrder(s, orderBody(s, { external_reference: `off-${i}` }))).body.id);
  for (const id of ids) await cancel(s, id);
  for (const id of ids) assert.equal((await s.call('GET', `/v1/orders/${id}`)).status, 200);

  assert.throws(() => createSandbox({ retention: { maxFinalOrders: 0 } }), /retention must be false or/);
  assert.throws(() => createSandbox({ retention: {} }), /retention/);
  assert.throws(() => createSandbox({ retention: { maxFinalOrders: 10, keep: 1 } as never }), /retention/);
  assert.deepEqual(optionFromText('retention', '100000'), { maxFinalOrders: 100000 });
  assert.deepEqual(optionFromText('retention', '100000,24h'), { maxFinalOrders: 100000, maxAgeMs: 86400_000 });
  assert.deepEqual(optionFromText('retention', '30m'), { maxAgeMs: 1800_000 });
  assert.equal(optionFromText('retention', 'off'), false);
  assert.throws(() => optionFromText('retention', '24x'), /--retention must be false or/);
});

test('after a restart the final orders kept on disk are still forgotten oldest first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-retention-'));
  try {
    const opts = { seed: 'ret-restart', dataDir: dir, retention: { maxFinalOrders: 2 } } as const;
    let sb = createSandbox(opts);
    const s = await newSeller(sb);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push((await postOrder(s, orderBody(s, { external_reference: `restart-${i}` }))).body.id);
      assert.equal((await cancel(s, ids[i])).status, 200);
    }
    await sb.close();
    sb = createSandbox(opts);
    const again = { ...s, call: http(sb, s.token) };
    for (const id of ids) assert.equal((await again.call('GET', `/v1/orders/${id}`)).status, 200);
    const third = (await postOrder(again, orderBody(again, { external_reference: 'restart-2' }))).body.id;
    assert.equal((await cancel(again, third)).status, 200);
    assert.equal((await again.call('GET', `/v1/orders/${ids[0]}`)).status, 404);
    assert.equal((await again.call('GET', `/v1/orders/${ids[1]}`)).status, 200);
    await sb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
