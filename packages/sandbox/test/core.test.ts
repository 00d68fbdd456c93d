import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { crc16, decodeMpQr, dynamicQr, staticPosQr } from '../src/catalog/emvco.ts';
import { VirtualClock, isoDurationMs } from '../src/clock.ts';
import { Rng } from '../src/rng.ts';
import { SITES } from '../src/sites.ts';

const VECTOR = '00020101021243650016COM.MERCADOLIBRE020130636cd8fce34-5045-43f2-96ff-ab36b717bbad5204000053039865802BR5909Test Test6009SAO PAULO62070503***63045742';

test('EMVCo CRC matches the spec vector and decoding finds the in-store order id', () => {
  assert.equal(crc16(VECTOR.slice(0, -4)), '5742');
  const qr = decodeMpQr(VECTOR);
  assert.equal(qr.inStoreOrderId, 'cd8fce34-5045-43f2-96ff-ab36b717bbad');
  assert.throws(() => decodeMpQr(VECTOR.slice(0, -4) + '0000'), /bad CRC/);
});

test('generated dynamic and static payloads round-trip', () => {
  const d = dynamicQr(SITES.MLB, 'cd8fce34-5045-43f2-96ff-ab36b717bbad', 'Test Test', 'SAO PAULO');
  assert.equal(d, VECTOR);
  // Pinned: a name and city cleaned of accents, then an id that is not a UUID (its own length field), each
  // after another seller's payload.
  assert.equal(dynamicQr(SITES.MLA, '3625d2fd-0e6b-482d-8ced-8c4a337cbf06', 'José Peña', 'Palermo'),
    '00020101021243650016COM.MERCADOLIBRE0201306363625d2fd-0e6b-482d-8ced-8c4a337cbf065204000053030325802AR5909Jose Pena6007Palermo62070503***6304028A');
  assert.equal(dynamicQr(SITES.MLA, 'short-7', 'Ana Romero', 'Córdoba'),
    '00020101021243360016COM.MERCADOLIBRE020130607short-75204000053030325802AR5910Ana Romero6007Cordoba62070503***630450A4');
  assert.equal(dynamicQr(SITES.MLB, 'cd8fce34-5045-43f2-96ff-ab36b717bbad', 'Test Test', 'SAO PAULO'), VECTOR);
  const s = staticPosQr(SITES.MLA, 2711382, 'Kiosco Don Pepe');
  const qr = decodeMpQr(s);
  assert.equal(qr.posId, 2711382);
  assert.equal(qr.initiation, '11');
});

test('virtual clock runs timers in order at their own time, soonest first however they were armed', async () => {
  const clock = new VirtualClock({ start: 0 });
  const seen: [string, number][] = [];
  clock.on('t', (ref) => {
    seen.push([ref, clock.now()]);
    if (ref === 'a') clock.after(500, 't', 'c');
  });
  clock.after(2000, 't', 'b');
  clock.after(1000, 't', 'a');
  clock.after(3000, 't', 'gone');
  clock.cancel('t', 'gone');
  clock.after(4000, 't', 'moved');
  clock.at(2500, 't', 'moved');
  await clock.advance(5000);
  assert.deepEqual(seen, [['a', 1000], ['c', 1500], ['b', 2000], ['moved', 2500]]);
  assert.equal(clock.now(), 5000);
  assert.equal(clock.pendingCount, 0);
});

test('virtual clock: many timers come out in due order and a snapshot restores them', async () => {
  const clock = new VirtualClock({ start: 0 });
  const seen: number[] = [];
  clock.on('t', (ref) => { seen.push(Number(ref)); });
  const dues = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 2000) * 10);
  dues.forEach((at, i) => clock.at(at + 1, 't', String(i)));
  for (let i = 0; i < 2000; i += 3) clock.cancel('t', String(i));
  const copy = new VirtualClock({ start: 0 });
  const copied: number[] = [];
  copy.on('t', (ref) => { copied.push(Number(ref)); });
  copy.restore(clock.snapshot());
  await clock.advance(30_000);
  await copy.advance(30_000);
  const expected = dues.map((at, i) => ({ at, i })).filter(({ i }) => i % 3 !== 0).sort((a, b) => a.at - b.at).map(({ i }) => i);
  assert.deepEqual(seen, expected);
  assert.deepEqual(copied, expected);
});

test('ISO durations parse as MP uses them', () => {
  assert.equal(isoDurationMs('PT30S'), 30_000);
  assert.equal(isoDurationMs('PT1H15M'), 75 * 60_000);
  assert.equal(isoDurationMs('P1DT2H'), 26 * 3600_000);
  assert.equal(isoDurationMs('PT'), undefined);
  assert.equal(isoDurationMs('10 minutes'), undefined);
});

test('the same seed gives the same ids', () => {
  const a = new Rng('s1'), b = new Rng('s1'), c = new Rng('s2');
  const seqA = [a.uuid(), a.ulid(0), a.digits(9)];
  assert.deepEqual([b.uuid(), b.ulid(0), b.digits(9)], seqA);
  assert.notDeepEqual([c.uuid(), c.ulid(0), c.digits(9)], seqA);
});

test('a seed gives the same id stream as it always has (UUIDs, prefixed ULIDs, digits)', () => {
  // Pinned values: ids of a persisted or scripted sandbox must not change when the generator's code does.
  const r = new Rng('golden');
  assert.deepEqual([r.uuid(), r.ulid(1768478400000, 'ORD'), r.ulid(1768478400000, 'PAY'), r.ulid(1768478400001), r.uuid(), r.digits(9)], [
    '9483ce12-91ca-47f0-a5ff-2665d9f7a85b', 'ORD01KF0RDQG0HZXTH6DXRGKKTPGP', 'PAY01KF0RDQG0CC4FYFEPH2Z0CJGK',
    '01KF0RDQG1ACGRY735GHGF5W3R', '64d312ad-4590-4afc-b94c-9ca8d9a97d4d', '770828105',
  ]);
});

test('unknown paths get a 404 in MP error shape', async () => {
  const sb = createSandbox({ seed: 't' });
  const res = await sb.fetch('https://api.mercadopago.com/v1/nothing-here');
  assert.equal(res.status, 404);
  const body = await res.json() as Record<string, unknown>;
  assert.equal(body.status, 404);
  assert.equal(body.error, 'not_found');
  assert.match(String(body.message), /GET \/v1\/nothing-here/);
});

test('createSandbox rejects options that could only break it later, naming the option', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ startTime: 1e20 }, /^startTime/],
    [{ startTime: 'yesterday' }, /^startTime/],
    [{ clock: 'fast' }, /^clock/],
    [{ ordersSites: ['MLA', 'XXX'] }, /^ordersSites/],
    [{ defaultQrMode: 'dinamic' }, /^defaultQrMode/],
    [{ signatureIdCase: 'upper' }, /^signatureIdCase/],
    [{ webhookRetryMs: -1 }, /^webhookRetryMs/],
    [{ webhookMaxAttempts: 0 }, /^webhookMaxAttempts/],
    [{ webhookTimeoutMs: Number.NaN }, /^webhookTimeoutMs/],
    [{ testUserLimit: 1.5 }, /^testUserLimit/],
    [{ refundCompletionMs: -5 }, /^refundCompletionMs/],
    [{ ordersRefundWindow: { days: -1, from: 'created' } }, /^ordersRefundWindow/],
    [{ ordersRefundWindow: { days: 30, from: 'paid' } }, /^ordersRefundWindow/],
    [{ storeCreateStatus: 202 }, /^storeCreateStatus/],
    [{ extraPosCategories: { XXX: [1] } }, /^extraPosCategories/],
    [{ webhookFecth: () => undefined }, /^webhookFecth is not an option/],
  ];
  for (const [opts, message] of bad) {
    assert.throws(() => createSandbox(opts as never), (err: Error) => err instanceof RangeError && message.test(err.message), JSON.stringify(opts));
  }
  assert.doesNotThrow(() => createSandbox({ seed: 'ok', ordersSites: ['MCO'], webhookMaxAttempts: 1, ordersRefundWindow: { days: 360, from: 'payment' } }));
});

test('unknown paths under /v1/orders answer 404 in the Orders error shape', async () => {
  const sb = createSandbox({ seed: 't' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const res = await sb.fetch('https://api.mercadopago.com/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV/capture-everything', {
    method: 'POST', headers: { authorization: `Bearer ${seller.access_token}` },
  });
  assert.equal(res.status, 404);
  const body = await res.json() as { errors: { code: string; message: string }[] };
  assert.equal(body.errors[0].code, 'not_found');
  assert.match(body.errors[0].message, /POST \/v1\/orders\/ORD01JE48XZBYRK6W22V7DFQRABEV\/capture-everything/);
});
