import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { createPos, createStore, newSandbox, posBody, posCount, seller } from './stores-fixtures.ts';
import { http } from './http.ts';

test('every invalid create body gets its §5.3 error key and creates nothing', async () => {
  const sb = newSandbox('pos-errors', { posCategoryMustBeKnown: true });
  const a = await seller(sb);
  const s = await createStore(a);
  await createStore(a, { external_id: 'SUC002' });
  const cases: [number, string, unknown][] = [
    [400, 'UNKNOWN_FIELD_EXCEPTION', posBody({ color: 'red' })],
    [400, 'INVALID_NAME', posBody({ name: undefined })],
    [400, 'INVALID_NAME', posBody({ name: 7 })],
    [400, 'NAME_TOO_LONG', posBody({ name: 'C'.repeat(45) })],
    [400, 'INVALID_FIXED_AMOUNT', posBody({ fixed_amount: undefined })],
    [400, 'INVALID_FIXED_AMOUNT', posBody({ fixed_amount: 'true' })],
    [400, 'INVALID_EXTERNAL_ID', posBody({ external_id: 'SUC001-POS001' })],
    [400, 'INVALID_EXTERNAL_ID', posBody({ external_id: 'CAJA 1' })],
    [400, 'INVALID_EXTERNAL_ID', posBody({ external_id: 12 })],
    [400, 'EXTERNAL_ID_TOO_LONG', posBody({ external_id: 'P'.repeat(40) })],
    [400, 'INVALID_CATEGORY', posBody({ category: '621102' })],
    [400, 'INVALID_CATEGORY', posBody({ category: 6211.5 })],
    [400, 'UNKNOWN_MCC', posBody({ category: 5611203 })], // a Brazilian code on an Argentine seller
    [400, 'UNKNOWN_MCC', posBody({ category: 1234 })],
    [400, 'INVALID_URL', posBody({ url: 'not a url' })],
    [400, 'INVALID_URL', posBody({ url: 'ftp://files.example.com/x' })],
    [400, 'URL_TOO_LONG', posBody({ url: `https://example.com/${'x'.repeat(280)}` })],
    [400, 'FIXED_AMOUNT_FALSE', posBody({ fixed_amount: false, url: 'https://example.com/pay' })],
    [400, 'INVALID_STORE_ID', posBody({ external_store_id: undefined })],
    [400, 'INVALID_STORE_ID', posBody({ store_id: 'abc' })],
    [400, 'INVALID_STORE_ID', posBody({ store_id: '99999999', external_store_id: undefined })],
    [400, 'INVALID_EXTERNAL_STORE_ID', posBody({ external_store_id: '' })],
    [400, 'INEXISTENT_EXTERNAL_STORE_ID', posBody({ external_store_id: 'NOPE' })],
    [400, 'EXTERNAL_STORE_ID_NOT_MATCH', posBody({ store_id: s.id, external_store_id: 'SUC002' })],
  ];
  for (const [status, key, body] of cases) {
    const r = await a.call('POST', '/pos', body);
    assert.equal(r.status, status, `${key}: ${JSON.stringify(body)}`);
    assert.equal(r.body.error, key, JSON.stringify(body));
    assert.equal(r.body.status, status);
    assert.ok(Array.isArray(r.body.cause));
  }
  assert.equal(await posCount(a), 0);
});

test('no body → MISSING_BODY on POST and PUT', async () => {
  const sb = newSandbox('pos-missing-body');
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a);
  for (const [method, path] of [['POST', '/pos'], ['PUT', `/pos/${p.id}`]]) {
    const r = await http(sb, a.token)(method, path);
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'MISSING_BODY');
  }
  assert.equal(await posCount(a), 1);
});

test('duplicate external_id in the same account → 409', async () => {
  const sb = newSandbox('pos-409');
  const a = await seller(sb);
  await createStore(a);
  await createPos(a);
  const r = await a.call('POST', '/pos', posBody({ name: 'Caja 2' }));
  assert.equal(r.status, 409);
  assert.equal(r.body.status, 409);
  assert.equal(r.body.error, 'CONFLICT');
  assert.equal(await posCount(a), 1);
});

test('invalid updates get their key and leave the POS as it was', async () => {
  const sb = newSandbox('pos-update-errors', { posCategoryMustBeKnown: true });
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a, { url: 'https://example.com/pay' });
  const before = (await a.call('GET', `/pos/${p.id}`)).body;
  const cases: [string, Record<string, unknown>][] = [
    ['UNKNOWN_FIELD_EXCEPTION', { id: 5 }],
    ['NAME_TOO_LONG', { name: 'N'.repeat(50) }],
    ['INVALID_FIXED_AMOUNT', { fixed_amount: null }],
    // The POS has a url, so it must stay fixed_amount.
    ['FIXED_AMOUNT_FALSE', { fixed_amount: false }],
    ['UNKNOWN_MCC', { category: 999999 }],
    ['INEXISTENT_EXTERNAL_STORE_ID', { name: 'Moved', external_store_id: 'NOPE' }],
    ['INVALID_EXTERNAL_ID', { external_id: 'CHANGED' }],
  ];
  for (const [key, body] of cases) {
    const r = await a.call('PUT', `/pos/${p.id}`, body);
    assert.equal(r.status, 400, key);
    assert.equal(r.body.error, key, JSON.stringify(body));
    assert.deepEqual((await a.call('GET', `/pos/${p.id}`)).body, before);
  }
});

test('path and query checks: INVALID_POS_ID, 404, INVALID_OFFSET, INVALID_LIMIT, INVALID_STORE_ID, INVALID_CATEGORY', async () => {
  const sb = newSandbox('pos-ids');
  const a = await seller(sb);
  await createStore(a);
  await createPos(a);
  for (const [method, body] of [['GET', undefined], ['PUT', { name: 'X' }], ['DELETE', undefined]] as const) {
    const r = await a.call(method, '/pos/abc', body);
    assert.equal(r.status, 400, method);
    assert.equal(r.body.error, 'INVALID_POS_ID');
    const n = await a.call(method, '/pos/12345678', body);
    assert.equal(n.status, 404, method);
  }
  for (const [key, qs] of [
    ['INVALID_OFFSET', 'offset=-5'], ['INVALID_LIMIT', 'limit=0'], ['INVALID_LIMIT', 'limit=abc'],
    ['INVALID_STORE_ID', 'store_id=x1'], ['INVALID_CATEGORY', 'category=food'],
  ]) {
    const r = await a.call('GET', `/pos?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.equal(r.body.error, key, qs);
  }
  assert.equal(await posCount(a), 1);
});

test('posCategoryMustBeKnown: each site accepts its own examples, and extraPosCategories adds codes', async () => {
  const sb = createSandbox({ seed: 'pos-mcc', posCategoryMustBeKnown: true, extraPosCategories: { MLA: [123456] } });
  const a = await seller(sb);
  const br = await seller(sb, { site_id: 'MLB' });
  await createStore(a);
  await createStore(br, { location: { street_number: '1', street_name: 'Av Paulista', city_name: 'Sao Paulo', state_name: 'SP', latitude: -23.56, longitude: -46.65 } });
  assert.equal((await createPos(a, { category: 123456 })).category, 123456);
  assert.equal((await createPos(br, { category: 5611203 })).category, 5611203);
  const r = await br.call('POST', '/pos', posBody({ category: 123456, external_id: 'X2' }));
  assert.equal(r.body.error, 'UNKNOWN_MCC');
  assert.equal(await posCount(br), 1);
});

test('by default any positive category is accepted: MP does not publish its list of codes', async () => {
  const sb = newSandbox('pos-mcc-any');
  const a = await seller(sb);
  await createStore(a);
  assert.equal((await createPos(a, { category: 1234 })).category, 1234);
});

test('no token → 401, nothing created', async () => {
  const sb = newSandbox('pos-401');
  const a = await seller(sb);
  await createStore(a);
  const r = await http(sb, 'APP_USR-nope')('POST', '/pos', posBody());
  assert.equal(r.status, 401);
  assert.equal(await posCount(a), 0);
});
