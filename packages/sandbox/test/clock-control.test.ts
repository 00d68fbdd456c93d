import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';

const API = 'https://api.mercadopago.com';
const START = '2026-01-15T12:00:00.000Z';

async function post(sb: ReturnType<typeof createSandbox>, path: string, body?: unknown) {
  const res = await sb.fetch(`${API}${path}`, { method: 'POST', ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() as Record<string, any> };
}

test('GET /__sandbox/clock shows now, mode and pending timers', async () => {
  const sb = createSandbox({ seed: 'c-1' });
  sb.state.clock.after(60_000, () => {}, 'order ORD1 expiry');
  const res = await sb.fetch(`${API}/__sandbox/clock`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { now: START, mode: 'manual', pending: [{ id: 1, at: '2026-01-15T12:01:00.000Z', label: 'order ORD1 expiry' }] });
  assert.equal(sb.control.clock.now(), START);
});

test('advance by ms or duration runs due timers', async () => {
  const sb = createSandbox({ seed: 'c-2' });
  const fired: string[] = [];
  sb.state.clock.after(15 * 60_000, () => { fired.push(sb.state.utcTime(sb.state.now())); }, 'retry');
  sb.state.clock.after(60 * 86400_000, () => { fired.push('60d'); }, 'test user idle');
  let r = await post(sb, '/__sandbox/clock/advance', { ms: 1000 });
  assert.equal(r.status, 200);
  assert.equal(r.body.now, '2026-01-15T12:00:01.000Z');
  r = await post(sb, '/__sandbox/clock/advance', { duration: 'PT15M' });
  assert.equal(r.body.now, '2026-01-15T12:15:01.000Z');
  assert.deepEqual(fired, ['2026-01-15T12:15:00.000Z']);
  assert.equal(r.body.pending.length, 1);
  r = await post(sb, '/__sandbox/clock/advance', { duration: '60d' });
  assert.deepEqual(fired, ['2026-01-15T12:15:00.000Z', '60d']);
  assert.deepEqual(r.body.pending, []);
  const typed = await sb.control.clock.advance('90s');
  assert.equal(typed.now, '2026-03-16T12:16:31.000Z');
  await sb.control.clock.advance({ ms: 500 });
  assert.equal(sb.state.now(), Date.parse('2026-03-16T12:16:31.500Z'));
});

test('set moves forward to an absolute time, never backwards', async () => {
  const sb = createSandbox({ seed: 'c-3' });
  let fired = false;
  sb.state.clock.at(Date.parse('2026-02-01T00:00:00Z'), () => { fired = true; });
  const r = await post(sb, '/__sandbox/clock/set', { time: '2026-02-01T00:00:00Z' });
  assert.equal(r.status, 200);
  assert.equal(r.body.now, '2026-02-01T00:00:00.000Z');
  assert.equal(fired, true);
  const same = await post(sb, '/__sandbox/clock/set', { time: '2026-02-01T00:00:00Z' });
  assert.equal(same.status, 200);
  const past = await post(sb, '/__sandbox/clock/set', { time: '2026-01-31T23:59:59Z' });
  assert.equal(past.status, 400);
  assert.equal(past.body.error, 'bad_request');
  assert.match(past.body.message, /^time is in the past/);
  await assert.rejects(sb.control.clock.set('2020-01-01T00:00:00Z'), { status: 400 });
  assert.equal(sb.control.clock.now(), '2026-02-01T00:00:00.000Z');
});

test('clock control rejects bad input with 400 naming the field, and time does not move', async () => {
  const sb = createSandbox({ seed: 'c-4' });
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
