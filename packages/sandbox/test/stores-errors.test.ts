import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asGet, createStore, newSandbox, seller, storeBody, storeCount, type Seller } from './stores-fixtures.ts';

function loc(over: Record<string, unknown>): Record<string, unknown> {
  return { ...(storeBody().location as Record<string, unknown>), ...over };
}

function without(field: string): Record<string, unknown> {
  const l = loc({});
  delete l[field];
  return l;
}

/** Each invalid create body, with the key MP answers (spec §4.4). */
const CREATE_CASES: [string, Record<string, unknown>][] = [
  ['UNKNOWN_FIELD', storeBody({ color: 'blue' })],
  ['UNKNOWN_FIELD', storeBody({ location: loc({ floor: '2' }) })],
  ['INVALID_NAME', storeBody({ name: '' })],
  ['INVALID_NAME', storeBody({ name: 42 })],
  ['INVALID_NAME', (() => { const b = storeBody(); delete b.name; return b; })()],
  ['INVALID_EXTERNAL_ID', storeBody({ external_id: 'A'.repeat(61) })],
  ['INVALID_LOCATION', (() => { const b = storeBody(); delete b.location; return b; })()],
  ['INVALID_LOCATION', storeBody({ location: 'Caseros 3039' })],
  ['INVALID_STREET_NAME', storeBody({ location: without('street_name') })],
  ['INVALID_STREET_NUMBER', storeBody({ location: loc({ street_number: 3039 }) })],
  ['INVALID_CITY_NAME', storeBody({ location: loc({ city_name: ' ' }) })],
  ['INVALID_STATE_NAME', storeBody({ location: without('state_name') })],
  ['INVALID_REFERENCE', storeBody({ location: loc({ reference: 7 }) })],
  ['INVALID_ZIP_CODE', storeBody({ location: loc({ zip_code: 1425 }) })],
  ['INVALID_LATITUDE', storeBody({ location: loc({ latitude: '-32.8' }) })],
  ['INVALID_LATITUDE', storeBody({ location: loc({ latitude: 91 }) })],
  ['INVALID_LONGITUDE', storeBody({ location: without('longitude') })],
  ['INVALID_LONGITUDE', storeBody({ location: loc({ longitude: -181 }) })],
  // São Paulo is not in Argentina.
  ['BAD_REQUEST', storeBody({ location: loc({ latitude: -23.55, longitude: -46.63 }) })],
  ['INVALID_BUSINESS_HOURS', storeBody({ business_hours: [] })],
  ['INVALID_BUSINESS_HOURS', storeBody({ business_hours: { monday: [{ open: '8:00', close: '12:00' }] } })],
  ['INVALID_BUSINESS_HOURS', storeBody({ business_hours: { monday: [{ open: '24:00', close: '25:00' }] } })],
  ['INVALID_BUSINESS_HOURS', storeBody({ business_hours: { monday: [{ open: '08:00', close: '12:00', note: 'x' }] } })],
  ['INVALID_BUSINESS_HOURS', storeBody({
    business_hours: { monday: ['01', '03', '05', '07', '09'].map((h) => ({ open: `${h}:00`, close: `${h}:30` })) },
  })],
  ['INVALID_DAY', storeBody({ business_hours: { funday: [{ open: '08:00', close: '12:00' }] } })],
];

test('every invalid create body gets its §4.4 error key and creates nothing', async () => {
  const sb = newSandbox('stores-errors');
  const a = await seller(sb);
  for (const [key, body] of CREATE_CASES) {
    const r = await a.call('POST', `/users/${a.id}/stores`, body);
    assert.equal(r.status, 400, `${key}: ${JSON.stringify(body)}`);
    assert.equal(r.body.error, key, JSON.stringify(body));
    assert.equal(r.body.status, 400);
    assert.equal(typeof r.body.message, 'string');
    assert.ok(Array.isArray(r.body.cause));
  }
  assert.equal(await storeCount(a), 0);
});

test('duplicate external_id → 400 VALIDATION_ERROR on create and on update', async () => {
  const sb = newSandbox('stores-dup');
  const a = await seller(sb);
  await createStore(a);
  const other = await createStore(a, { external_id: 'SUC002' });
  const r = await a.call('POST', `/users/${a.id}/stores`, storeBody({ name: 'Copy' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'VALIDATION_ERROR');
  const u = await a.call('PUT', `/users/${a.id}/stores/${other.id}`, { external_id: 'SUC001', name: 'Renamed' });
  assert.equal(u.status, 400);
  assert.equal(u.body.error, 'VALIDATION_ERROR');
  assert.equal(await storeCount(a), 2);
  const g = await a.call('GET', `/stores/${other.id}`);
  assert.equal(g.body.external_id, 'SUC002');
  assert.equal(g.body.name, 'Sucursal Centro');
});

async function unchanged(a: Seller, id: string, before: unknown): Promise<void> {
  assert.deepEqual((await a.call('GET', `/stores/${id}`)).body, asGet(before as Record<string, unknown>));
}

test('invalid updates get their key and leave the store as it was', async () => {
  const sb = newSandbox('stores-update-errors');
  const a = await seller(sb);
  const s = await createStore(a);
  const cases: [string, Record<string, unknown>][] = [
    ['UNKNOWN_FIELD', { id: '1' }],
    ['INVALID_NAME', { name: '' }],
    ['INVALID_LATITUDE', { location: { latitude: 'north' } }],
    ['INVALID_LONGITUDE', { location: { longitude: null } }],
    ['INVALID_ZIP_CODE', { location: { zip_code: '' } }],
    ['BAD_REQUEST', { name: 'Moved', location: { latitude: 40.4, longitude: -3.7 } }],
    ['INVALID_DAY', { business_hours: { lunes: [] } }],
    ['INVALID_EXTERNAL_ID', { external_id: 'S'.repeat(61) }],
  ];
  for (const [key, body] of cases) {
    const r = await a.call('PUT', `/users/${a.id}/stores/${s.id}`, body);
    assert.equal(r.status, 400, key);
    assert.equal(r.body.error, key, JSON.stringify(body));
    await unchanged(a, s.id, s);
  }
});

test('path ids: INVALID_USER_ID and INVALID_STORE_ID on every route', async () => {
  const sb = newSandbox('stores-ids');
  const a = await seller(sb);
  const s = await createStore(a);
  const checks: [string, string, string, unknown][] = [
    ['INVALID_USER_ID', 'POST', '/users/me/stores', storeBody({ external_id: 'X1' })],
    ['INVALID_USER_ID', 'GET', '/users/abc/stores/search', undefined],
    ['INVALID_USER_ID', 'PUT', `/users/abc/stores/${s.id}`, { name: 'X' }],
    ['INVALID_USER_ID', 'DELETE', `/users/abc/stores/${s.id}`, undefined],
    ['INVALID_STORE_ID', 'GET', '/stores/abc', undefined],
    ['INVALID_STORE_ID', 'PUT', `/users/${a.id}/stores/12a`, { name: 'X' }],
    ['INVALID_STORE_ID', 'DELETE', `/users/${a.id}/stores/-1`, undefined],
  ];
  for (const [key, method, path, body] of checks) {
    const r = await a.call(method, path, body);
    assert.equal(r.status, 400, `${method} ${path}`);
    assert.equal(r.body.error, key, `${method} ${path}`);
  }
  await unchanged(a, s.id, s);
  assert.equal(await storeCount(a), 1);
  // A well-formed id that does not exist is a 404.
  assert.equal((await a.call('GET', '/stores/99999999')).status, 404);
});

test('DELETE with a body field → UNKNOWN_FIELD, store kept', async () => {
  const sb = newSandbox('stores-delete-body');
  const a = await seller(sb);
  const s = await createStore(a);
  const r = await a.call('DELETE', `/users/${a.id}/stores/${s.id}`, { force: true });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'UNKNOWN_FIELD');
  assert.equal(await storeCount(a), 1);
});

test('search: INVALID_EXTERNAL_ID, INVALID_OFFSET, INVALID_LIMIT', async () => {
  const sb = newSandbox('stores-search-errors');
  const a = await seller(sb);
  await createStore(a);
  for (const [key, qs] of [
    ['INVALID_EXTERNAL_ID', 'external_id=SUC-001'],
    ['INVALID_OFFSET', 'offset=-1'],
    ['INVALID_OFFSET', 'offset=x'],
    ['INVALID_LIMIT', 'limit=0'],
    ['INVALID_LIMIT', 'limit=1000'],
    ['INVALID_LIMIT', 'limit=2.5'],
  ]) {
    const r = await a.call('GET', `/users/${a.id}/stores/search?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.equal(r.body.error, key, qs);
  }
});

test('each site checks coordinates against its own country', async () => {
  const sb = newSandbox('stores-sites');
  const br = await seller(sb, { site_id: 'MLB' });
  const inBrazil = storeBody({ location: loc({ city_name: 'Sao Paulo', state_name: 'SP', latitude: -23.55, longitude: -46.63 }) });
  assert.equal((await br.call('POST', `/users/${br.id}/stores`, inBrazil)).status, 200);
  // Buenos Aires (the bounding boxes are coarse: western Argentina falls inside Brazil's box).
  const r = await br.call('POST', `/users/${br.id}/stores`, storeBody({ external_id: 'AR1', location: loc({ latitude: -34.6037, longitude: -58.3816 }) }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'BAD_REQUEST');
  assert.equal(await storeCount(br), 1);
});
