// ISO-8601 durations as the sandbox reads them, over HTTP: Orders `expiration_time` and the control plane's
// clock moves accept and refuse exactly the strings of the shared table (fixtures/iso-durations.ts, which the
// client's parser is checked against too), with the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDurationMs } from '../src/clock.ts';
import { request, sandbox } from './http.ts';
import { newSeller, orderBody, postOrder } from './orders-helpers.ts';
import { ISO_DURATION_CASES } from './fixtures/iso-durations.ts';

const MIN = 30_000;
const MAX = 3600 * 3600_000;

test('the sandbox\'s parser gives the table\'s value for every case', () => {
  for (const [input, ms] of ISO_DURATION_CASES) assert.equal(isoDurationMs(input), ms, JSON.stringify(input));
});

test('Orders expiration_time: the table\'s durations inside PT30S…PT3600H are accepted, everything else is a 400 naming it', async () => {
  const sb = sandbox('durations-orders');
  const s = await newSeller(sb);
  for (const [input, ms] of ISO_DURATION_CASES) {
    const r = await postOrder(s, orderBody(s, { expiration_time: input }));
    const what = `${JSON.stringify(input)} → ${r.status} ${r.text.slice(0, 160)}`;
    if (ms !== undefined && ms >= MIN && ms <= MAX) {
      assert.equal(r.status, 201, what);
      assert.equal(r.body.expiration_time, input, 'echoed as sent');
    } else {
      assert.equal(r.status, 400, what);
      assert.equal(r.body.errors[0].code, 'property_value', what);
      assert.match(r.body.errors[0].message, /expiration_time/, what);
      assert.match(r.body.errors[0].message, ms === undefined ? /ISO-8601 duration/ : /between PT30S and PT3600H/, what);
    }
  }
  sb.close();
});

test('a dynamic order with a fractional expiration_time expires exactly then (virtual clock)', async () => {
  const sb = sandbox('durations-expiry');
  const s = await newSeller(sb);
  const r = await postOrder(s, orderBody(s, { expiration_time: 'PT30,0015S' }));
  assert.equal(r.status, 201, r.text);
  const status = async () => (await s.call('GET', `/v1/orders/${r.body.id}`)).body.status;
  await request(sb, 'POST', '/__sandbox/clock/advance', { ms: 30_001 });
  assert.equal(await status(), 'created', 'PT30,0015S is 30,002 ms');
  await request(sb, 'POST', '/__sandbox/clock/advance', { ms: 1 });
  assert.equal(await status(), 'expired');
  sb.close();
});

test('clock advance {duration}: the table\'s durations move the clock by their value, the others are a 400 naming duration', async () => {
  const sb = sandbox('durations-clock');
  const now = async () => Date.parse((await request(sb, 'GET', '/__sandbox/clock')).body.now);
  for (const [input, ms] of ISO_DURATION_CASES) {
    const before = await now();
    const r = await request(sb, 'POST', '/__sandbox/clock/advance', { duration: input });
    if (ms === undefined) {
      assert.equal(r.status, 400, JSON.stringify(input));
      assert.equal(r.body.cause[0].data, 'duration', r.text);
      assert.equal(await now(), before, 'the clock did not move');
    } else {
      assert.equal(r.status, 200, `${JSON.stringify(input)}: ${r.text}`);
      assert.equal(await now() - before, ms, JSON.stringify(input));
    }
  }
  sb.close();
});
