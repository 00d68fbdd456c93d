// No stricter than Mercado Pago: what MP's reference accepts (and integrations running in production send) is
// accepted here too; a rule MP does not give is an option, off by default. Over HTTP, through test/http.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { code, ok, sandbox, seller } from './http.ts';

const LOCATION = { street_name: 'Calle', street_number: '1', city_name: 'Ciudad', state_name: 'Estado', latitude: -34.6, longitude: -58.4 };

test('store external_id: up to 60 characters with underscores and hyphens; only the search filter is alphanumeric', async () => {
  const sb = sandbox('fid-store');
  const s = await seller(sb);
  for (const ext of ['store_123', 'khaleesi_store_9', 'suc-centro-01', 'S'.repeat(60)]) {
    const r = await s.call('POST', `/users/${s.id}/stores`, { name: 'Sucursal', external_id: ext, location: LOCATION });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.external_id, ext);
  }
  const long = await s.call('POST', `/users/${s.id}/stores`, { name: 'Sucursal', external_id: 'S'.repeat(61), location: LOCATION });
  assert.equal(long.status, 400);
  assert.equal(code(long), 'INVALID_EXTERNAL_ID');
  assert.match(long.body.message, /external_id/);
  const search = await s.call('GET', `/users/${s.id}/stores/search?external_id=store_123`);
  assert.equal(search.status, 400);
  assert.equal(code(search), 'INVALID_EXTERNAL_ID');
  assert.equal((await s.call('GET', `/users/${s.id}/stores/search?external_id=SSSS`)).status, 200);
});

test('business hours: a night shift and touching intervals are accepted (MP gives no order or overlap rule)', async () => {
  const sb = sandbox('fid-hours');
  const s = await seller(sb);
  const business_hours = { friday: [{ open: '22:00', close: '02:00' }, { open: '08:00', close: '12:00' }, { open: '11:00', close: '14:00' }] };
  const r = await s.call('POST', `/users/${s.id}/stores`, { name: 'Bar', location: LOCATION, business_hours });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.business_hours, business_hours);
});

test('GET /stores/{id} names the creation date date_creation, as the reference GET schema does', async () => {
  const sb = sandbox('fid-store-get');
  const s = await seller(sb);
  const created = await ok(s.call('POST', `/users/${s.id}/stores`, { name: 'Sucursal', location: LOCATION }));
  const got = await ok(s.call('GET', `/stores/${created.id}`));
  assert.equal(got.date_creation, created.date_created);
  assert.equal(got.date_created, undefined);
});

function attended(s: Awaited<ReturnType<typeof seller>>): string {
  return `/instore/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/orders`;
}

const ITEM = { title: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit' };

test('legacy external_reference is free text (JSON strings too); only /v1/orders restricts it', async () => {
  const sb = sandbox('fid-ref');
  const s = await seller(sb, { pos: 1 });
  const ref = JSON.stringify({ order: 'A-1', note: 'mesa 4 / café' });
  const put = await s.call('PUT', attended(s), { external_reference: ref, title: 'Compra', total_amount: 100, items: [ITEM] });
  assert.equal(put.status, 204, put.text);
  const qrs = await s.call('POST', `/instore/orders/qr/seller/collectors/${s.id}/pos/${s.pos[0].external_id}/qrs`,
    { external_reference: 'ref with spaces & symbols', description: 'Compra', total_amount: 100, items: [ITEM] });
  assert.equal(qrs.status, 201, qrs.text);
  const empty = await s.call('PUT', attended(s), { external_reference: '', title: 'Compra', total_amount: 100, items: [ITEM] });
  assert.equal(empty.status, 400);
  assert.equal(code(empty), 'invalid_external_reference');
});

test('legacy items[].description may be left to the order\'s description or title; an option makes it required', async () => {
  const sb = sandbox('fid-desc');
  const s = await seller(sb, { pos: 1 });
  assert.equal((await s.call('PUT', attended(s), { external_reference: 'r1', title: 'Compra', total_amount: 100, items: [ITEM] })).status, 204);
  assert.equal((await s.call('PUT', attended(s), { external_reference: 'r2', description: 'Compra', total_amount: 100, items: [ITEM] })).status, 204);
  const bare = await s.call('PUT', attended(s), { external_reference: 'r3', total_amount: 100, items: [ITEM] });
  assert.equal(bare.status, 400);
  assert.equal(code(bare), 'invalid_description');
  const strict = sandbox('fid-desc-2', { legacyItemDescriptionRequired: true });
  const t = await seller(strict, { pos: 1 });
  const r = await t.call('PUT', attended(t), { external_reference: 'r1', title: 'Compra', total_amount: 100, items: [ITEM] });
  assert.equal(r.status, 400);
  assert.equal(code(r), 'invalid_description');
});

test('legacy items need not add up to total_amount unless legacyItemsMustSumToTotal', async () => {
  const sb = sandbox('fid-sum');
  const s = await seller(sb, { pos: 1 });
  assert.equal((await s.call('PUT', attended(s), { external_reference: 'r1', title: 'x', total_amount: 90, items: [ITEM] })).status, 204);
  const strict = sandbox('fid-sum-2', { legacyItemsMustSumToTotal: true });
  const t = await seller(strict, { pos: 1 });
  const r = await t.call('PUT', attended(t), { external_reference: 'r1', title: 'x', total_amount: 90, items: [ITEM] });
  assert.equal(code(r), 'invalid_total_amount');
});

test('a sponsor equal to the seller or of the other environment is accepted unless the sponsor options say so', async () => {
  const sb = sandbox('fid-sponsor');
  const s = await seller(sb, { pos: 1 });
  const testUser = await seller(sb, { kind: 'test' });
  for (const id of [s.id, testUser.id]) {
    const r = await s.call('PUT', attended(s), { external_reference: `r${id}`, title: 'x', total_amount: 100, items: [ITEM], sponsor: { id } });
    assert.equal(r.status, 204, r.text);
  }
  const strict = sandbox('fid-sponsor-2', { sponsorMustDifferFromCollector: true });
  const t = await seller(strict, { pos: 1 });
  const r = await t.call('PUT', attended(t), { external_reference: 'r', title: 'x', total_amount: 100, items: [ITEM], sponsor: { id: t.id } });
  assert.equal(code(r), 'invalid_sponsor.id');
});

test('a store that still has POS can be deleted (MP gives no rule); its POS keeps taking orders', async () => {
  const sb = sandbox('fid-store-delete');
  const s = await seller(sb, { pos: 1 });
  assert.equal((await s.call('DELETE', `/users/${s.id}/stores/${s.store!.id}`)).status, 200);
  assert.equal((await s.call('GET', `/stores/${s.store!.id}`)).status, 404);
  const pos = await ok(s.call('GET', `/pos/${s.pos[0].id}`));
  assert.equal(pos.external_id, s.pos[0].external_id);
  const r = await s.call('PUT', attended(s), { external_reference: 'after', title: 'x', total_amount: 100, items: [ITEM] });
  assert.equal(r.status, 204, r.text);
  const strict = sandbox('fid-store-delete-2', { refuseStoreDeleteWithPos: true });
  const t = await seller(strict, { pos: 1 });
  const refused = await t.call('DELETE', `/users/${t.id}/stores/${t.store!.id}`);
  assert.equal(code(refused), 'VALIDATION_ERROR');
});

test('a legacy item may cost zero (a gift line): MP gives only "must be number" and the decimals', async () => {
  const sb = sandbox('fid-zero');
  const s = await seller(sb, { pos: 1 });
  const r = await s.call('PUT', attended(s), {
    external_reference: 'gift', title: 'x', total_amount: 100, items: [ITEM, { ...ITEM, title: 'Regalo', unit_price: 0, quantity: 1 }],
  });
  assert.equal(r.status, 204, r.text);
  const neg = await s.call('PUT', attended(s), { external_reference: 'neg', title: 'x', total_amount: 100, items: [{ ...ITEM, unit_price: -1 }] });
  assert.equal(code(neg), 'invalid_items.unit_price');
});

test('each new choice is a validated option: an impossible value fails at createSandbox naming it', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ webhookSignature: 'maybe' }, /^webhookSignature must be one of signed, unsigned/],
    [{ testCredentialsNotify: 'no' }, /^testCredentialsNotify must be true or false/],
    [{ ordersRefundWindow: { days: 360, from: 'later' } }, /^ordersRefundWindow must be/],
    [{ legacyItemDescriptionRequired: 1 }, /^legacyItemDescriptionRequired/],
    [{ refuseStoreDeleteWithPos: 'yes' }, /^refuseStoreDeleteWithPos/],
  ];
  for (const [opts, message] of cases) assert.throws(() => sandbox('fid-opts', opts as never), { name: 'RangeError', message });
});
