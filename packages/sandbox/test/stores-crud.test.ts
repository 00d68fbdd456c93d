import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asGet, createPos, createStore, newSandbox, request, seller, storeBody, storeCount } from './stores-fixtures.ts';
import { advance } from './http.ts';

test('create returns the §4.2 shape: numeric string id, composed address_line, date_created', async () => {
  const sb = newSandbox('stores-create');
  const a = await seller(sb);
  const r = await a.call('POST', `/users/${a.id}/stores`, storeBody());
  assert.equal(r.status, 200);
  assert.match(r.body.id, /^\d+$/);
  assert.equal(r.body.name, 'Sucursal Centro');
  assert.equal(r.body.external_id, 'SUC001');
  assert.equal(r.body.date_created, '2026-01-15T12:00:00.000Z');
  assert.deepEqual(r.body.location, {
    address_line: 'Caseros, 3039, Belgrano, Capital Federal.', latitude: -32.8897322, longitude: -68.8443275, reference: 'Near the plaza',
  });
  assert.deepEqual(r.body.business_hours, { monday: [{ open: '08:00', close: '12:00' }, { open: '14:00', close: '20:00' }] });
  // The individual street fields are not echoed back.
  assert.equal(r.body.location.street_name, undefined);

  const g = await a.call('GET', `/stores/${r.body.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, asGet(r.body));
  assert.equal(g.body.date_created, undefined);
});

test('storeCreateStatus knob answers 201', async () => {
  const { createSandbox } = await import('../src/index.ts');
  const sb = createSandbox({ seed: 'stores-201', storeCreateStatus: 201 });
  const a = await seller(sb);
  assert.equal((await a.call('POST', `/users/${a.id}/stores`, storeBody())).status, 201);
});

test('four intervals a day are accepted (CONFLICT 2 vs 4: four covers both)', async () => {
  const sb = newSandbox('stores-4');
  const a = await seller(sb);
  const hours = [['06:00', '08:00'], ['09:00', '12:00'], ['13:00', '17:00'], ['18:00', '23:59']].map(([open, close]) => ({ open, close }));
  const r = await a.call('POST', `/users/${a.id}/stores`, storeBody({ business_hours: { sunday: hours } }));
  assert.equal(r.status, 200);
  assert.equal(r.body.business_hours.sunday.length, 4);
});

test('a store without external_id or reference omits them', async () => {
  const sb = newSandbox('stores-min');
  const a = await seller(sb);
  const body = storeBody();
  delete body.external_id;
  delete body.business_hours;
  delete (body.location as Record<string, unknown>).reference;
  const r = await a.call('POST', `/users/${a.id}/stores`, body);
  assert.equal(r.status, 200);
  assert.equal('external_id' in r.body, false);
  assert.equal('reference' in r.body.location, false);
  assert.equal('business_hours' in r.body, false);
});

test('update changes only what is sent, merges location, and may change external_id', async () => {
  const sb = newSandbox('stores-update');
  const a = await seller(sb);
  const s = await createStore(a);
  await advance(sb, 60_000);
  const r = await a.call('PUT', `/users/${a.id}/stores/${s.id}`, {
    name: 'Sucursal Norte', external_id: 'SUC002', location: { street_number: '100' },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.name, 'Sucursal Norte');
  assert.equal(r.body.external_id, 'SUC002');
  assert.equal(r.body.location.address_line, 'Caseros, 100, Belgrano, Capital Federal.');
  assert.equal(r.body.location.latitude, -32.8897322);
  assert.deepEqual(r.body.business_hours, s.business_hours);
  assert.equal(r.body.date_created, s.date_created);
  const g = await a.call('GET', `/stores/${s.id}`);
  assert.deepEqual(g.body, asGet(r.body));
  // The old external_id is free again, the new one is taken.
  assert.equal((await a.call('GET', `/users/${a.id}/stores/search?external_id=SUC001`)).body.paging.total, 0);
  assert.equal((await a.call('GET', `/users/${a.id}/stores/search?external_id=SUC002`)).body.paging.total, 1);
});

test('changing a store external_id carries its POS along', async () => {
  const sb = newSandbox('stores-update-pos');
  const a = await seller(sb);
  const s = await createStore(a);
  const p = await createPos(a);
  await a.call('PUT', `/users/${a.id}/stores/${s.id}`, { external_id: 'SUC009' });
  const g = await a.call('GET', `/pos/${p.id}`);
  assert.equal(g.body.external_store_id, 'SUC009');
  assert.equal((await a.call('GET', '/pos?external_store_id=SUC009')).body.paging.total, 1);
});

test('delete answers {store, user} and the store is gone', async () => {
  const sb = newSandbox('stores-delete');
  const a = await seller(sb);
  const s = await createStore(a);
  const d = await a.call('DELETE', `/users/${a.id}/stores/${s.id}`);
  assert.equal(d.status, 200);
  assert.deepEqual(d.body, { store: Number(s.id), user: a.id });
  assert.equal((await a.call('GET', `/stores/${s.id}`)).status, 404);
  assert.equal(await storeCount(a), 0);
  // Its external_id can be reused.
  await createStore(a);
  assert.equal(await storeCount(a), 1);
});

test('refuseStoreDeleteWithPos: a store with POS cannot be deleted (400 VALIDATION_ERROR) until its POS are gone', async () => {
  const sb = newSandbox('stores-delete-pos', { refuseStoreDeleteWithPos: true });
  const a = await seller(sb);
  const s = await createStore(a);
  const p = await createPos(a);
  const d = await a.call('DELETE', `/users/${a.id}/stores/${s.id}`);
  assert.equal(d.status, 400);
  assert.equal(d.body.error, 'VALIDATION_ERROR');
  assert.equal((await a.call('GET', `/stores/${s.id}`)).status, 200);
  assert.equal((await a.call('DELETE', `/pos/${p.id}`)).status, 204);
  assert.equal((await a.call('DELETE', `/users/${a.id}/stores/${s.id}`)).status, 200);
});

test('search filters by external_id and pages with offset/limit (default limit 30)', async () => {
  const sb = newSandbox('stores-search');
  const a = await seller(sb);
  const ids: string[] = [];
  for (let i = 0; i < 35; i++) ids.push((await createStore(a, { external_id: `S${i}`, name: `Store ${i}` })).id);
  const all = await a.call('GET', `/users/${a.id}/stores/search`);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.paging, { total: 35, offset: 0, limit: 30 });
  assert.equal(all.body.results.length, 30);
  assert.deepEqual(all.body.results.map((s: any) => s.id), ids.slice(0, 30));

  const p2 = await a.call('GET', `/users/${a.id}/stores/search?offset=30&limit=10`);
  assert.deepEqual(p2.body.paging, { total: 35, offset: 30, limit: 10 });
  assert.deepEqual(p2.body.results.map((s: any) => s.id), ids.slice(30));

  const one = await a.call('GET', `/users/${a.id}/stores/search?external_id=S7`);
  assert.equal(one.body.paging.total, 1);
  assert.equal(one.body.results[0].name, 'Store 7');
  assert.equal(one.body.results[0].location.address_line, 'Caseros, 3039, Belgrano, Capital Federal.');
});

test('user_id that is not the token owner → 403, nothing created', async () => {
  const sb = newSandbox('stores-403');
  const a = await seller(sb);
  const b = await seller(sb);
  const s = await createStore(a);
  for (const [method, path, body] of [
    ['POST', `/users/${a.id}/stores`, storeBody({ external_id: 'OTHER' })],
    ['GET', `/users/${a.id}/stores/search`, undefined],
    ['PUT', `/users/${a.id}/stores/${s.id}`, { name: 'Hijacked' }],
    ['DELETE', `/users/${a.id}/stores/${s.id}`, undefined],
  ] as const) {
    const r = await b.call(method, path, body);
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.body.status, 403);
    assert.equal(r.body.error, 'forbidden', `${method} ${path}`);
  }
  assert.equal((await a.call('GET', `/stores/${s.id}`)).body.name, 'Sucursal Centro');
  assert.equal(await storeCount(a), 1);
  assert.equal(await storeCount(b), 0);
});

test('tenants are isolated: B cannot see, change or delete A’s store, and may reuse its external_id', async () => {
  const sb = newSandbox('stores-tenants');
  const a = await seller(sb);
  const b = await seller(sb);
  const s = await createStore(a);
  const g = await b.call('GET', `/stores/${s.id}`);
  assert.equal(g.status, 404);
  assert.equal(g.body.error, 'not_found');
  assert.equal((await b.call('PUT', `/users/${b.id}/stores/${s.id}`, { name: 'X' })).status, 404);
  assert.equal((await b.call('DELETE', `/users/${b.id}/stores/${s.id}`)).status, 404);
  assert.equal((await a.call('GET', `/stores/${s.id}`)).body.name, 'Sucursal Centro');
  const mine = await createStore(b);
  assert.equal(mine.external_id, 'SUC001');
  assert.notEqual(mine.id, s.id);
  assert.equal(await storeCount(a), 1);
  assert.equal(await storeCount(b), 1);
});

test('no token → 401', async () => {
  const sb = newSandbox('stores-401');
  const a = await seller(sb);
  const r = await request(sb, 'POST', `/users/${a.id}/stores`, storeBody());
  assert.equal(r.status, 401);
  assert.equal(await storeCount(a), 0);
});
