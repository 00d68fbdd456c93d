import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as undici } from 'undici';
import { listen, type Sandbox } from '../src/index.ts';
import { request, sandbox } from './http.ts';
import { createdOrder, newSeller, orderBody, orderEvents, postOrder } from './orders-helpers.ts';

const API = 'https://api.mercadopago.com';
const START = '2026-01-15T12:00:00.000Z';

const post = (sb: Sandbox, path: string, body?: unknown) => request(sb, 'POST', path, body);

/** A dynamic order on a fresh seller's POS that expires after `expiration_time`. */
async function orderExpiringIn(sb: Sandbox, expiration: string) {
  const s = await newSeller(sb);
  return { s, order: await createdOrder(s, { expiration_time: expiration }) };
}

test('GET /__sandbox/clock shows now, mode and pending timers', async () => {
  const sb = sandbox('c-1');
  const { order } = await orderExpiringIn(sb, 'PT1M');
  const res = await sb.fetch(`${API}/__sandbox/clock`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    now: START, mode: 'manual', pending_count: 1,
    pending: [{ id: `order.expire:${order.id}`, at: '2026-01-15T12:01:00.000Z', kind: 'order.expire', ref: order.id }],
  });
  assert.equal(sb.control.clock.now(), START);
});

test('advance by ms or duration runs due timers at their own time', async () => {
  const sb = sandbox('c-2');
  const soon = await orderExpiringIn(sb, 'PT15M');
  const late = await orderExpiringIn(sb, 'PT16M');
  let r = await post(sb, '/__sandbox/clock/advance', { ms: 1000 });
  assert.equal(r.status, 200);
  assert.equal(r.body.now, '2026-01-15T12:00:01.000Z');
  r = await post(sb, '/__sandbox/clock/advance', { duration: 'PT15M' });
  assert.equal(r.body.now, '2026-01-15T12:15:01.000Z');
  assert.deepEqual(await orderEvents(sb), [`order.expired ${soon.order.id}`]);
  assert.equal((await soon.s.call('GET', `/v1/orders/${soon.order.id}`)).body.last_updated_date, '2026-01-15T12:15:00.000Z');
  const expiries = (view: { pending: { kind: string }[] }) => view.pending.filter((t) => t.kind === 'order.expire');
  assert.equal(expiries(r.body).length, 1);
  r = await post(sb, '/__sandbox/clock/advance', { duration: '60d' });
  assert.deepEqual(await orderEvents(sb), [`order.expired ${soon.order.id}`, `order.expired ${late.order.id}`]);
  assert.deepEqual(expiries(r.body), []);
  const typed = await sb.control.clock.advance('90s');
  assert.equal(typed.now, '2026-03-16T12:16:31.000Z');
  await sb.control.clock.advance({ ms: 500 });
  assert.equal(sb.control.clock.now(), '2026-03-16T12:16:31.500Z');
});

test('set moves forward to an absolute time, never backwards', async () => {
  const sb = sandbox('c-3');
  const { s, order } = await orderExpiringIn(sb, 'PT10M');
  const r = await post(sb, '/__sandbox/clock/set', { time: '2026-01-15T12:10:00Z' });
  assert.equal(r.status, 200);
  assert.equal(r.body.now, '2026-01-15T12:10:00.000Z');
  assert.equal((await s.call('GET', `/v1/orders/${order.id}`)).body.status, 'expired');
  const same = await post(sb, '/__sandbox/clock/set', { time: '2026-01-15T12:10:00Z' });
  assert.equal(same.status, 200);
  const past = await post(sb, '/__sandbox/clock/set', { time: '2026-01-15T12:09:59Z' });
  assert.equal(past.status, 400);
  assert.equal(past.body.error, 'bad_request');
  assert.match(past.body.message, /^time is in the past/);
  await assert.rejects(sb.control.clock.set('2020-01-01T00:00:00Z'), { status: 400 });
  assert.equal(sb.control.clock.now(), '2026-01-15T12:10:00.000Z');
});

test('an advance over thousands of due timers lets other requests through while it runs (over a port)', async (t) => {
  const sb = sandbox('c-4');
  const s = await newSeller(sb);
  // One pending order per POS: spread the orders over as many POS of the seller's store.
  for (let i = 0; i < 1500; i++) {
    const pos = await s.call('POST', '/pos', { name: `Caja ${i}`, fixed_amount: true, external_store_id: s.storeExternalId, external_id: `BULK${i}` });
    assert.equal(pos.status, 200, pos.text);
    const o = await postOrder(s, orderBody(s, { config: { qr: { external_pos_id: `BULK${i}`, mode: 'dynamic' } }, expiration_time: 'PT30M' }));
    assert.equal(o.status, 201, o.text);
  }
  const srv = await listen(sb);
  t.after(srv.close);
  let advancing = true;
  let answeredDuringAdvance = 0;
  const advance = undici(`${srv.url}/__sandbox/clock/advance`, { method: 'POST', body: '{"duration":"PT1H"}' })
    .then(async (r) => { advancing = false; return { status: r.statusCode, body: await r.body.json() as Record<string, any> }; });
  // Served on the same event loop: without the advance yielding, no socket is read until it ends.
  while (advancing) {
    const r = await undici(`${srv.url}/users/me`, { headers: { authorization: `Bearer ${s.token}` } });
    await r.body.dump();
    if (r.statusCode === 200 && advancing) answeredDuringAdvance++;
  }
  const r = await advance;
  assert.equal(r.status, 200);
  assert.equal(r.body.pending_count, 0);
  assert.ok(answeredDuringAdvance > 0, 'a request was answered while the advance ran');
});

test('clock control rejects bad input with 400 naming the field, and time does not move', async () => {
  const sb = sandbox('c-4');
  const cases: [string, unknown, RegExp][] = [
    ['/__sandbox/clock/advance', {}, /^ms or duration is required/],
    ['/__sandbox/clock/advance', { ms: -1 }, /^ms must be/],
    ['/__sandbox/clock/advance', { ms: '10' }, /^ms must be a number/],
    ['/__sandbox/clock/advance', { duration: 'ten minutes' }, /^duration is not a duration/],
    ['/__sandbox/clock/advance', { duration: 15 }, /^duration must be a string/],
    ['/__sandbox/clock/advance', { ms: 1, duration: 'PT1M' }, /^duration cannot be combined with ms/],
    ['/__sandbox/clock/advance', { seconds: 5 }, /^seconds is not a field/],
    ['/__sandbox/clock/advance', [1], /must be/],
    ['/__sandbox/clock/advance', '{bad json', /Malformed JSON/],
    ['/__sandbox/clock/set', {}, /^time is required/],
    ['/__sandbox/clock/set', { time: 'yesterday' }, /^time must be an ISO-8601/],
    ['/__sandbox/clock/set', { time: '2027-01-01T00:00:00Z', ms: 1 }, /^ms is not a field/],
    // Past the last instant a Date can hold: every timestamp the sandbox renders would break.
    ['/__sandbox/clock/advance', { ms: 1e20 }, /^ms would move the clock past/],
    ['/__sandbox/clock/advance', { duration: 'P99999999D' }, /^duration would move the clock past/],
    ['/__sandbox/clock/set', { time: '+275760-09-13T00:00:00.001Z' }, /^time must be an ISO-8601/],
    // A day the month does not have is not silently rolled into the next month.
    ['/__sandbox/clock/set', { time: '2026-02-31T00:00:00Z' }, /^time must be an ISO-8601/],
  ];
  for (const [path, body, message] of cases) {
    const r = await post(sb, path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
    assert.match(r.body.message, message, `${path} ${JSON.stringify(body)}`);
  }
  const empty = await post(sb, '/__sandbox/clock/advance');
  assert.equal(empty.status, 400);
  assert.equal(sb.control.clock.now(), START);
  await assert.rejects(sb.control.clock.advance(Number.NaN), { status: 400 });
  await assert.rejects(sb.control.clock.advance('soon'), { status: 400 });
  await assert.rejects(sb.control.clock.advance(1e20), { status: 400 });
  assert.equal((await sb.fetch(`${API}/__sandbox/clock`)).status, 200, 'the clock still renders after rejected advances');
});
