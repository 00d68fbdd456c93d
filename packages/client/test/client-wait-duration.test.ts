// ISO-8601 durations (one parser for the CLI and the gateway) and waiting for an order to settle: backoff,
// typed progress events, the deadline, the caller's abort, transient poll failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FINAL_ORDER_STATUSES, OrderWaitTimeoutError, amount, isFinalOrderStatus, isoDurationMs, parseIsoDuration, type OrderWaitEvent,
} from '../src/index.ts';
import { json, recording } from './helpers.ts';
import { setup } from './resources-helpers.ts';

test('isoDurationMs: days to seconds, fractional seconds (. or ,) to the millisecond, malformed → undefined', () => {
  assert.equal(isoDurationMs('PT15M'), 900_000);
  assert.equal(isoDurationMs('PT1H30M'), 5_400_000);
  assert.equal(isoDurationMs('PT90S'), 90_000);
  assert.equal(isoDurationMs('P1DT2H'), 93_600_000);
  assert.equal(isoDurationMs('P2D'), 172_800_000);
  assert.equal(isoDurationMs('PT30.5S'), 30_500);
  assert.equal(isoDurationMs('PT0,25S'), 250);
  assert.equal(isoDurationMs('PT1.0005S'), 1001);
  assert.equal(isoDurationMs('PT0.123456789S'), 123);
  for (const bad of ['', 'P', 'PT', 'PT15', '15M', 'pt15m', 'PT1.5M', 'P1W', 'P1M', 'PT-5S', 'PT.5S', 'PT1.S', 'PT1.1234567891S', ' PT15M']) {
    assert.equal(isoDurationMs(bad), undefined, bad);
  }
  assert.throws(() => parseIsoDuration('PT'), /"PT" is not an ISO 8601 duration/);
});

test('final statuses: processed, canceled, expired, refunded, failed; created is not', () => {
  assert.deepEqual([...FINAL_ORDER_STATUSES].sort(), ['canceled', 'expired', 'failed', 'processed', 'refunded']);
  assert.equal(isFinalOrderStatus('created'), false);
  assert.equal(isFinalOrderStatus('processed'), true);
});

const qr = (ref: string) => ({ amount: amount('12.00', 'MLA'), externalPosId: 'POS1', mode: 'dynamic' as const, externalReference: ref });

test('waitForFinal: polls with backoff until the buyer pays; change and poll events; a change resets the interval', async () => {
  const sleeps: number[] = [];
  const { sb, client } = await setup('wait-paid', 'MLA', { sleep: async (ms) => { sleeps.push(ms); } });
  const order = await client.orders.createQr(qr('w-1'));
  const events: OrderWaitEvent[] = [];
  const paid = await client.orders.waitForFinal(order.id, {
    initial: order, intervalMs: 100, maxIntervalMs: 300, backoff: 2,
    onProgress: (e) => {
      events.push(e);
      // The buyer pays after the third poll.
      if (e.type === 'poll' && e.polls === 3) sb.control.buyer.pay({ qr_data: order.type_response!.qr_data, card: 'APRO' });
    },
  });
  assert.equal(paid.status, 'processed');
  assert.deepEqual(sleeps, [100, 200, 300, 300]);
  assert.deepEqual(events.map((e) => e.type), ['poll', 'poll', 'poll', 'change', 'poll']);
  const change = events[3] as Extract<OrderWaitEvent, { type: 'change' }>;
  assert.equal(change.previous.status, 'created');
  assert.equal(change.order.status, 'processed');
  assert.equal((events.at(-1) as Extract<OrderWaitEvent, { type: 'poll' }>).nextPollMs, undefined);
  // Already final: returned without polling.
  assert.equal((await client.orders.waitForFinal(order.id)).status, 'processed');
  sb.close();
});

test('waitForFinal: the deadline ends it with OrderWaitTimeoutError carrying the last order; abort rejects with the reason', async () => {
  let now = 0;
  const { sb, client } = await setup('wait-deadline', 'MLA', { now: () => now, sleep: async (ms) => { now += ms; } });
  const order = await client.orders.createQr(qr('w-2'));
  const err = await client.orders.waitForFinal(order.id, { intervalMs: 1000, backoff: 1, deadline: 2500 }).catch((e) => e);
  assert.ok(err instanceof OrderWaitTimeoutError, String(err));
  assert.equal(err.order.id, order.id);
  assert.equal(err.order.status, 'created');
  assert.equal(now, 2500, 'the last wait is cut to the deadline');

  const ctrl = new AbortController();
  const reason = new Error('user left');
  const aborted = await client.orders.waitForFinal(order.id, {
    signal: ctrl.signal, onProgress: (e) => { if (e.type === 'poll') ctrl.abort(reason); },
  }).catch((e) => e);
  assert.equal(aborted, reason);
  sb.close();
});

test('waitForFinal: transient poll failures are reported and survived; a 404 or too many failures end it', async () => {
  const { sb, client } = await setup('wait-flaky');
  const order = await client.orders.createQr(qr('w-3'));
  const failing = () => json(503, { message: 'down', error: 'service_unavailable', status: 503, cause: [] });
  const rec = recording(sb.fetch, [failing(), failing()]);
  const c = client.withOptions({ transport: rec.fetch, maxRetries: 0 });
  const events: OrderWaitEvent[] = [];
  const done = await c.orders.waitForFinal(order.id, {
    initial: order, intervalMs: 1,
    onProgress: (e) => { events.push(e); if (e.type === 'poll' && e.polls === 1) sb.control.buyer.pay({ qr_data: order.type_response!.qr_data, card: 'APRO' }); },
  });
  assert.equal(done.status, 'processed');
  assert.deepEqual(events.slice(0, 2).map((e) => e.type === 'poll_failed' && e.failures), [1, 2]);

  const gone = await c.orders.waitForFinal('ORD00000000000000000000000000').catch((e) => e);
  assert.equal(gone.status, 404);
  const down = recording(async () => failing());
  const dead = await client.withOptions({ transport: down.fetch, maxRetries: 0 }).orders.waitForFinal(order.id, { initial: order, maxPollFailures: 2 }).catch((e) => e);
  assert.equal(dead.status, 503);
  assert.equal(down.calls.length, 3);
  sb.close();
});
