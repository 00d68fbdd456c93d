import { test } from 'node:test';
import assert from 'node:assert/strict';
import { code, control, newSeller, orderBody, postOrder, sandbox } from './orders-helpers.ts';
import { advance, stats } from './http.ts';

test('same key + same body returns the original response, even after the order was paid', async () => {
  const sb = sandbox('idem-replay');
  const s = await newSeller(sb);
  const body = orderBody(s);
  const first = await postOrder(s, body, 'key-A');
  assert.equal(first.status, 201);
  // The same JSON with keys in another order and other spacing is the same request.
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
  const again = await postOrder(s, reordered, 'key-A');
  assert.equal(again.status, 201);
  assert.equal(again.text, first.text);
  assert.equal((await stats(sb)).orders, 1);

  const paid = await control(sb, 'pay', { qr_data: first.body.type_response.qr_data, card: 'APRO' });
  assert.equal(paid.status, 201, paid.text);
  assert.equal((await s.call('GET', `/v1/orders/${first.body.id}`)).body.status, 'processed');
  const replay = await postOrder(s, body, 'key-A');
  assert.equal(replay.status, 201);
  assert.equal(replay.text, first.text);
  assert.equal(replay.body.status, 'created');
  assert.equal((await stats(sb)).orders, 1);

  // Refunded in full, its refund completed, an hour later: the replay still answers the original bytes.
  assert.equal((await s.call('POST', `/v1/orders/${first.body.id}/refund`, undefined, { 'x-idempotency-key': 'refund-A' })).status, 201);
  assert.equal((await control(sb, 'clock/advance', { duration: 'PT1H' })).status, 200);
  assert.equal((await s.call('GET', `/v1/orders/${first.body.id}`)).body.status, 'refunded');
  assert.equal((await postOrder(s, body, 'key-A')).text, first.text);
});

test('replays answer the original bytes for every QR mode, with items, sponsor and an expiry', async () => {
  const sb = sandbox('idem-modes');
  const s = await newSeller(sb);
  const sponsor = await newSeller(sb);
  for (const mode of ['static', 'hybrid', 'dynamic'] as const) {
    const body = orderBody(s, { expiration_time: 'PT20M', integration_data: { sponsor: { id: String(sponsor.id) } } }, mode);
    const first = await postOrder(s, body, `modes-${mode}`);
    assert.equal(first.status, 201, first.text);
    assert.equal((await s.call('POST', `/v1/orders/${first.body.id}/cancel`, undefined, { 'x-idempotency-key': `cancel-${mode}` })).status, 200);
    assert.equal((await postOrder(s, body, `modes-${mode}`)).text, first.text, mode);
  }
});

test('same key + different body within 24 h → 409 idempotency_key_already_used; after 24 h the key is free', async () => {
  const sb = sandbox('idem-conflict');
  const s = await newSeller(sb);
  const first = await postOrder(s, orderBody(s), 'key-B');
  assert.equal(first.status, 201);
  const other = orderBody(s, { external_reference: 'another_ref' });
  const conflict = await postOrder(s, other, 'key-B');
  assert.equal(conflict.status, 409);
  assert.equal(code(conflict), 'idempotency_key_already_used');
  assert.equal((await stats(sb)).orders, 1);

  await advance(sb, 24 * 3600_000 - 1);
  assert.equal(code(await postOrder(s, other, 'key-B')), 'idempotency_key_already_used');
  await advance(sb, 1);
  const fresh = await postOrder(s, other, 'key-B');
  assert.equal(fresh.status, 201, fresh.text);
  assert.notEqual(fresh.body.id, first.body.id);
  assert.equal((await stats(sb)).orders, 2);
});

test('a refused request does not use up its key', async () => {
  const sb = sandbox('idem-refused');
  const s = await newSeller(sb);
  const bad = await postOrder(s, orderBody(s, { total_amount: '40.00' }), 'key-C');
  assert.equal(code(bad), 'invalid_total_amount');
  const ok = await postOrder(s, orderBody(s), 'key-C');
  assert.equal(ok.status, 201, ok.text);
});

test('keys are scoped to the seller and to the path', async () => {
  const sb = sandbox('idem-scope');
  const a = await newSeller(sb);
  const b = await newSeller(sb);
  const ra = await postOrder(a, orderBody(a), 'shared');
  const rb = await postOrder(b, orderBody(b), 'shared');
  assert.equal(ra.status, 201);
  assert.equal(rb.status, 201);
  assert.notEqual(ra.body.id, rb.body.id);
  // The same key on a cancel is another request.
  const c = await a.call('POST', `/v1/orders/${ra.body.id}/cancel`, undefined, { 'x-idempotency-key': 'shared' });
  assert.equal(c.status, 200, c.text);
});

test('a concurrent duplicate while the first is in flight → 423, and only one order exists', async () => {
  const sb = sandbox('idem-concurrent');
  const s = await newSeller(sb);
  const body = orderBody(s);
  const p1 = postOrder(s, body, 'key-D');
  const p2 = postOrder(s, body, 'key-D');
  const [r1, r2] = await Promise.all([p1, p2]);
  assert.deepEqual([r1.status, r2.status], [201, 423]);
  assert.equal(code(r2), 'idempotency_key_locked');
  assert.equal((await stats(sb)).orders, 1);
  // Once the first finished, the retry gets its response.
  const r3 = await postOrder(s, body, 'key-D');
  assert.equal(r3.text, r1.text);
});

test('cancel and refund replay their original response instead of acting twice', async () => {
  const sb = sandbox('idem-cancel-refund');
  const s = await newSeller(sb);
  const o = (await postOrder(s, orderBody(s))).body;
  const c1 = await s.call('POST', `/v1/orders/${o.id}/cancel`, undefined, { 'x-idempotency-key': 'cancel-1' });
  const c2 = await s.call('POST', `/v1/orders/${o.id}/cancel`, undefined, { 'x-idempotency-key': 'cancel-1' });
  assert.equal(c1.status, 200);
  assert.equal(c2.status, 200);
  assert.equal(c2.text, c1.text);
  const c3 = await s.call('POST', `/v1/orders/${o.id}/cancel`, undefined, { 'x-idempotency-key': 'cancel-2' });
  assert.equal(c3.status, 409);
  assert.equal(code(c3), 'order_already_canceled');

  const p = (await postOrder(s, orderBody(s, { external_reference: 'r2' }))).body;
  await control(sb, 'pay', { qr_data: p.type_response.qr_data });
  const partial = { transactions: [{ id: p.transactions.payments[0].id, amount: '10.00' }] };
  const f1 = await s.call('POST', `/v1/orders/${p.id}/refund`, partial, { 'x-idempotency-key': 'refund-1' });
  const f2 = await s.call('POST', `/v1/orders/${p.id}/refund`, partial, { 'x-idempotency-key': 'refund-1' });
  assert.equal(f1.status, 201, f1.text);
  assert.equal(f2.text, f1.text);
  assert.equal((await s.call('GET', `/v1/orders/${p.id}`)).body.transactions.refunds.length, 1);
  const noKey = await s.call('POST', `/v1/orders/${p.id}/refund`, partial);
  assert.equal(code(noKey), 'empty_required_header');
  const noKeyCancel = await s.call('POST', `/v1/orders/${p.id}/cancel`);
  assert.equal(code(noKeyCancel), 'empty_required_header');
});

test('a remembered request keeps the fingerprint earlier versions persisted: 128 bits of SHA-256 of the canonical body, base64url', async () => {
  const { createHash } = await import('node:crypto');
  const { fingerprintOf } = await import('../src/middleware/idempotency-codec.ts');
  // Every value of the 22nd character (its low bits come from the 17th digest byte, dropped), and non-ASCII text.
  const last = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const body = `{"external_reference":"ref-${i}","description":"Café ñandú 😀 ${i}"}`;
    const fp = fingerprintOf(body);
    assert.equal(fp, createHash('sha256').update(body).digest().toString('base64url', 0, 16));
    last.add(fp[21]);
  }
  assert.deepEqual([...last].sort(), ['A', 'Q', 'g', 'w']);
});
