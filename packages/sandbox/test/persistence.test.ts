// A sandbox with a data directory keeps everything across a restart: a broad scenario touches every API
// family, deliveries, faults and the clock; a second sandbox on the same directory must hold the same state
// (deep-compared), keep answering as the first did, go on with fresh ids, and still fire what was pending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { TABLES } from '../src/state.ts';
import { Table } from '../src/table.ts';
import { advance, http, notifications, ok, pay, request, seller } from './http.ts';
import { dump, open, orderBody, withDir } from './persistence-helpers.ts';

const CB = 'https://integrador.example/oauth/callback';
/** Every family once: accounts and apps, OAuth (code, token, refresh, grant), test users, stores, POS, Orders
 *  (pending, paid, refunded), legacy attended orders paid by the buyer and a dynamic one left pending, payments
 *  and their refunds,
 *  idempotency, fault rules, a failing webhook with its retry pending, and clock moves. */
async function scenario(sb: Sandbox) {
  const s = await seller(sb, { pos: 2, webhook_url: 'https://down.example/hook' });
  const legacy = await seller(sb, { pos: 1 });
  const integrator = await seller(sb, { redirect_uris: [CB], nickname: 'INTEGRADOR' });
  // OAuth: the seller consents to the integrator's app; code → token + refresh token → refreshed.
  const consent = await sb.fetch('https://auth.mercadopago.com/authorization', {
    method: 'POST', body: new URLSearchParams({
      client_id: integrator.clientId, response_type: 'code', redirect_uri: CB, state: 'x',
      email: s.account.email, password: s.account.password!, decision: 'allow',
    }),
  });
  assert.equal(consent.status, 302);
  const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
  const tok = await ok(request(sb, 'POST', '/oauth/token', {
    grant_type: 'authorization_code', client_id: integrator.clientId, client_secret: integrator.account.client_secret, code, redirect_uri: CB,
  }));
  const refreshed = await ok(request(sb, 'POST', '/oauth/token', {
    grant_type: 'refresh_token', client_id: integrator.clientId, client_secret: integrator.account.client_secret, refresh_token: tok.refresh_token,
  }));
  await ok(s.call('POST', '/users/test_user', { site_id: 'MLA', description: 'caja' }));
  // Orders: one left pending (its expiry must fire after the restart), one paid and partly refunded.
  const key = { 'x-idempotency-key': 'persist-1' };
  const pending = await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id, { expiration_time: 'PT20M' }), key));
  const paidOrder = await ok(s.call('POST', '/v1/orders', orderBody(s.pos[1].external_id), { 'x-idempotency-key': 'persist-2' }));
  await ok(pay(sb, { qr_data: paidOrder.type_response.qr_data }));
  await ok(s.call('POST', `/v1/orders/${paidOrder.id}/refund`, { transactions: [{ id: paidOrder.transactions.payments[0].id, amount: '10.00' }] }, { 'x-idempotency-key': 'persist-3' }));
  // Legacy: an attended order paid at the POS, then a partial refund of its payment.
  const lpos = legacy.pos[0].external_id;
  const put = await legacy.call('PUT', `/instore/qr/seller/collectors/${legacy.id}/pos/${lpos}/orders`, {
    external_reference: 'legacy-1', title: 'Compra', description: 'Compra', total_amount: 100,
    notification_url: 'https://hooks.example/legacy', items: [{ title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, total_amount: 100, unit_measure: 'unit' }],
  });
  assert.equal(put.status, 204, put.text);
  const legacyPay = await ok(pay(sb, { pos_id: legacy.pos[0].id }));
  await ok(legacy.call('POST', `/v1/payments/${legacyPay.payment_id}/refunds`, { amount: 30 }));
  // A legacy dynamic QR left unpaid (its own expiry timer).
  await ok(legacy.call('POST', `/instore/orders/qr/seller/collectors/${legacy.id}/pos/${lpos}/qrs`, {
    external_reference: 'legacy-2', title: 'Compra', description: 'Compra', total_amount: 50, expiration_date: '2026-01-16T12:00:00.000-03:00',
    items: [{ title: 'Cafe', description: 'Cafe', unit_price: 50, quantity: 1, total_amount: 50, unit_measure: 'unit' }],
  }));
  // Faults: an HTTP rule with fires left, a webhook rule.
  await ok(request(sb, 'POST', '/__sandbox/faults', { path: '/v1/orders/nope', status: 503, times: 3 }));
  await ok(request(sb, 'POST', '/__sandbox/faults', { target: 'webhook', topic: 'payment', fault: 'delay', delay_ms: 60_000, once: true }));
  await advance(sb, '10s'); // the Orders refund completes (timer), deliveries settle
  await notifications(sb);
  return { s, legacy, integrator, pending, paidOrder, legacyPay, refreshed, key };
}

test('restart from the data directory keeps the whole state, answers the same, and goes on', () => withDir(async (dir) => {
  const first = open(dir);
  const run = await scenario(first);
  const before = dump(first.state);
  const ordersBefore = new Set(first.state.orders.keys());
  const retry = (await notifications(first, { user_id: run.s.id })).find((d) => d.status === 'pending' && d.next_attempt_at);
  assert.ok(retry, 'a failing webhook waits for its retry');
  first.close();

  const second = open(dir);
  try {
    assert.deepEqual(dump(second.state), before);
    const s = http(second, run.s.token);
    // Same idempotency key and body: the original answer, byte for byte.
    const again = await ok(s('POST', '/v1/orders', orderBody(run.s.pos[0].external_id, { expiration_time: 'PT20M' }), run.key));
    assert.equal(again.id, run.pending.id);
    // Tokens made before the restart still work (the OAuth one included); the seller's POS are there.
    assert.equal((await http(second, run.refreshed.access_token)('GET', '/users/me')).status, 200);
    assert.equal((await s('GET', `/pos/${run.s.pos[1].id}`)).status, 200);
    // The fault rule kept its remaining fires.
    assert.equal((await s('GET', '/v1/orders/nope')).status, 503);
    const rules = (await ok(request(second, 'GET', '/__sandbox/faults'))).results;
    assert.equal(rules.find((r: { target: string }) => r.target === 'http').remaining, 2);
    // New ids do not collide with the old ones.
    const fresh = await ok(s('POST', '/v1/orders', orderBody(run.s.pos[1].external_id), { 'x-idempotency-key': 'after-restart' }));
    assert.ok(!ordersBefore.has(fresh.id));
    // What was pending still fires: the order expires, the webhook is retried.
    await advance(second, '21m');
    assert.equal((await ok(s('GET', `/v1/orders/${run.pending.id}`))).status, 'expired');
    const retried = (await notifications(second)).find((d) => d.id === retry.id)!;
    assert.ok(retried.attempts.length > retry.attempts.length, 'the retry ran after the restart');
  } finally {
    second.close();
  }
}));

test('every map the state holds is a persisted table', () => {
  // A Map added to SandboxState without a place in TABLES would silently not survive a restart.
  const sb = createSandbox();
  const maps = Object.entries(sb.state).filter(([, v]) => v instanceof Map).map(([k]) => k).sort();
  assert.deepEqual(maps, [...TABLES].sort(), 'a Map in SandboxState must be a Table listed in TABLES (state.ts) to persist, or live outside the state (runtime only)');
  assert.ok(Object.values(sb.state).filter((v) => v instanceof Map).every((v) => v instanceof Table));
  sb.close();
});

test('a second sandbox on a data directory in use fails clearly; after close it opens', () => withDir(async (dir) => {
  const a = open(dir);
  assert.throws(() => open(dir), /data directory .* is in use by process \d+/);
  a.close();
  open(dir).close();
}));

test('a damaged journal tail is ignored; what came before it loads', () => withDir(async (dir) => {
  const a = open(dir);
  const s = await seller(a, { pos: 1 });
  a.close();
  const journal = readdirSync(dir).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
  appendFileSync(join(dir, journal), '0badc0de {"t":"accounts","k":1,"v":{"torn"');
  const b = open(dir);
  try {
    assert.equal((await http(b, s.token)('GET', `/pos/${s.pos[0].id}`)).status, 200);
  } finally {
    b.close();
  }
}));

test('a damaged snapshot (not something a crash leaves) fails loudly instead of loading part of the state', () => withDir(async (dir) => {
  const a = open(dir);
  await seller(a, { pos: 1 });
  a.close();
  const b = open(dir); // folds the journal into a snapshot
  await b.persistence!.settled();
  b.close();
  const snap = readdirSync(dir).find((f) => f.startsWith('snapshot-'))!;
  const text = readFileSync(join(dir, snap), 'utf8').split('\n');
  text[2] = text[2].replace(/^.{8}/, '00000000');
  writeFileSync(join(dir, snap), text.join('\n'));
  assert.throws(() => open(dir), /cannot be loaded: snapshot-\d+\.jsonl is damaged/);
  // The same again, not "in use": the failed open released its lock.
  assert.throws(() => open(dir), /cannot be loaded/);
}));

test('compaction folds the journal into a snapshot that loads the same state', () => withDir(async (dir) => {
  const a = open(dir);
  await scenario(a);
  a.close();
  // The second open folds snapshot + journal into a new snapshot; the third reads only that.
  const b = open(dir);
  const afterLoad = dump(b.state);
  await b.persistence!.settled();
  b.close();
  assert.ok(readdirSync(dir).some((f) => f.startsWith('snapshot-')));
  const c = open(dir);
  try {
    assert.deepEqual(dump(c.state), afterLoad);
  } finally {
    c.close();
  }
}));

test('an order created and read before one flush is journaled once; a change made after that flush is still journaled', () => withDir(async (dir) => {
  const sb = open(dir);
  try {
    const s = await seller(sb, { pos: 1 });
    const order = await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id), { 'x-idempotency-key': 'once' }));
    assert.equal((await s.call('GET', `/v1/orders/${order.id}`)).status, 200);
    const lines = async () => {
      await sb.persistence!.whenWritten(); // flushes hand batches to the thread pool
      return readFileSync(join(dir, 'journal-1.jsonl'), 'utf8').split('\n')
        .filter((l) => l.includes(`"t":"orders","k":"${order.id}"`)).map((l) => JSON.parse(l.slice(9)).v);
    };
    sb.persistence!.flush();
    sb.persistence!.flush(); // the read is re-checked here: the order did not change, so no second line
    assert.equal((await lines()).length, 1);
    // As a route that looked the order up, then changed it after an await that let a flush run, without marking it.
    assert.equal((await s.call('GET', `/v1/orders/${order.id}`)).status, 200);
    sb.persistence!.flush();
    sb.state.orders.peek(order.id)!.description = 'changed after the flush';
    sb.persistence!.flush();
    assert.deepEqual((await lines()).map((v) => v.description), ['Cafe', 'changed after the flush']);
  } finally {
    sb.close();
  }
}));
