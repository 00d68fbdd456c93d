// stores and pos against the sandbox in-process: CRUD, search pages, the auto-paginating iterators, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { BadRequestError, ConflictError, NotFoundError, PermissionError } from '../src/index.ts';
import { recording } from './helpers.ts';
import { collect, sandboxClient, storeBody } from './resources-helpers.ts';

test('stores: create, get, update, search, delete', async () => {
  const sb = createSandbox({ seed: 'res-stores' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const client = sandboxClient(sb, seller.access_token);
  const created = await client.stores.create(seller.user_id, {
    ...storeBody('SUC001'), business_hours: { monday: [{ open: '08:00', close: '12:00' }] },
  });
  assert.match(created.id, /^\d+$/);
  assert.equal(created.external_id, 'SUC001');
  assert.equal(created.location.address_line, 'Florida, 100, San Nicolas, Capital Federal.');
  assert.deepEqual(created.business_hours, { monday: [{ open: '08:00', close: '12:00' }] });

  assert.equal((await client.stores.get(created.id)).name, 'Sucursal SUC001');
  const updated = await client.stores.update(seller.user_id, created.id, { name: 'Centro' });
  assert.equal(updated.name, 'Centro');
  assert.equal((await client.stores.get(Number(created.id))).name, 'Centro');

  const found = await client.stores.search(seller.user_id, { external_id: 'SUC001' });
  assert.equal(found.paging.total, 1);
  assert.equal(found.results[0].id, created.id);
  assert.equal((await client.stores.search(seller.user_id, { external_id: 'NOPE' })).paging.total, 0);

  assert.deepEqual(await client.stores.delete(seller.user_id, created.id), { store: Number(created.id), user: seller.user_id });
  const gone = await client.stores.get(created.id).catch((e) => e);
  assert.ok(gone instanceof NotFoundError, String(gone));
  assert.equal(gone.code, 'not_found');
  sb.close();
});

test('stores.searchAll walks every page by offset/limit', async () => {
  const sb = createSandbox({ seed: 'res-stores-pages' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, seller.access_token, { transport: rec.fetch });
  const ids: string[] = [];
  for (let i = 1; i <= 7; i++) ids.push((await client.stores.create(seller.user_id, storeBody(`S${i}`))).id);
  rec.calls.length = 0;
  const all = await collect(client.stores.searchAll(seller.user_id, { limit: 3 }));
  assert.deepEqual(all.map((s) => s.id).sort(), [...ids].sort());
  assert.deepEqual(rec.calls.map((c) => new URL(c.url).search), ['?limit=3&offset=0', '?limit=3&offset=3', '?limit=3&offset=6']);
  // A start offset skips the first ones; breaking out stops fetching.
  assert.equal((await collect(client.stores.searchAll(seller.user_id, { limit: 3, offset: 5 }))).length, 2);
  rec.calls.length = 0;
  for await (const s of client.stores.searchAll(seller.user_id, { limit: 2 })) { assert.ok(s.id); break; }
  assert.equal(rec.calls.length, 1);
  sb.close();
});

test('stores: another seller\'s user id → PermissionError; bad body → BadRequestError with MP\'s key; nothing created', async () => {
  const sb = createSandbox({ seed: 'res-stores-errors' });
  const a = sb.control.accounts.create({ site_id: 'MLA' });
  const b = sb.control.accounts.create({ site_id: 'MLA' });
  const client = sandboxClient(sb, a.access_token);
  const forbidden = await client.stores.create(b.user_id, storeBody('X1')).catch((e) => e);
  assert.ok(forbidden instanceof PermissionError, String(forbidden));
  assert.equal(forbidden.status, 403);
  const outside = await client.stores.create(a.user_id, { ...storeBody('X2'), location: { ...storeBody('X2').location, latitude: 40.4, longitude: -3.7 } }).catch((e) => e);
  assert.ok(outside instanceof BadRequestError, String(outside));
  assert.equal(outside.code, 'BAD_REQUEST');
  assert.equal((await client.stores.search(a.user_id)).paging.total, 0);
  sb.close();
});

test('pos: create, get (with qr_code), update, list, delete', async () => {
  const sb = createSandbox({ seed: 'res-pos' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const client = sandboxClient(sb, seller.access_token);
  const store = await client.stores.create(seller.user_id, storeBody('S1'));
  const pos = await client.pos.create({ name: 'Caja 1', fixed_amount: true, store_id: store.id, external_store_id: 'S1', external_id: 'S1POS1', category: 621102 });
  assert.equal(typeof pos.id, 'number');
  assert.equal(pos.external_id, 'S1POS1');
  assert.equal(pos.store_id, store.id);
  assert.match(pos.qr.image, /\.png$/);

  const got = await client.pos.get(pos.id);
  assert.match(got.qr_code!, /^000201/);
  assert.equal(got.site, 'MLA');
  const updated = await client.pos.update(pos.id, { name: 'Caja Uno' });
  assert.equal(updated.name, 'Caja Uno');
  assert.equal(updated.external_id, 'S1POS1');

  const listed = await client.pos.list({ external_store_id: 'S1' });
  assert.equal(listed.paging.total, 1);
  assert.equal(listed.results[0].id, pos.id);
  assert.equal((await client.pos.list({ external_id: 'NOPE' })).paging.total, 0);

  assert.equal(await client.pos.delete(pos.id), undefined);
  const gone = await client.pos.get(pos.id).catch((e) => e);
  assert.ok(gone instanceof NotFoundError, String(gone));
  assert.equal(gone.status, 404);
  assert.equal(gone.code, 'not_found');
  sb.close();
});

test('pos.listAll walks every page; filters are kept on every page', async () => {
  const sb = createSandbox({ seed: 'res-pos-pages' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, seller.access_token, { transport: rec.fetch });
  await client.stores.create(seller.user_id, storeBody('S1'));
  await client.stores.create(seller.user_id, storeBody('S2'));
  for (let i = 1; i <= 5; i++) await client.pos.create({ name: `Caja ${i}`, fixed_amount: true, external_store_id: 'S1', external_id: `A${i}` });
  await client.pos.create({ name: 'Otra', fixed_amount: true, external_store_id: 'S2', external_id: 'B1' });
  rec.calls.length = 0;
  const all = await collect(client.pos.listAll({ external_store_id: 'S1', limit: 2 }));
  assert.deepEqual(all.map((p) => p.external_id).sort(), ['A1', 'A2', 'A3', 'A4', 'A5']);
  assert.equal(rec.calls.length, 3);
  for (const c of rec.calls) assert.equal(new URL(c.url).searchParams.get('external_store_id'), 'S1');
  assert.equal((await collect(client.pos.listAll())).length, 6);
  sb.close();
});

test('pos errors: duplicate external_id → ConflictError, unknown store → BadRequestError; path values are encoded', async () => {
  const sb = createSandbox({ seed: 'res-pos-errors' });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, seller.access_token, { transport: rec.fetch });
  await client.stores.create(seller.user_id, storeBody('S1'));
  await client.pos.create({ name: 'Caja', fixed_amount: true, external_store_id: 'S1', external_id: 'P1' });
  const dup = await client.pos.create({ name: 'Caja', fixed_amount: true, external_store_id: 'S1', external_id: 'P1' }).catch((e) => e);
  assert.ok(dup instanceof ConflictError, String(dup));
  assert.equal(dup.status, 409);
  const noStore = await client.pos.create({ name: 'Caja', fixed_amount: true, external_store_id: 'NOPE', external_id: 'P2' }).catch((e) => e);
  assert.ok(noStore instanceof BadRequestError, String(noStore));
  assert.equal(noStore.code, 'INEXISTENT_EXTERNAL_STORE_ID');
  assert.equal((await client.pos.list()).paging.total, 1);
  const odd = await client.pos.get('1/../2').catch((e) => e);
  assert.equal(new URL(rec.calls.at(-1)!.url).pathname, '/pos/1%2F..%2F2');
  assert.ok(odd instanceof BadRequestError);
  assert.equal(odd.code, 'INVALID_POS_ID');
  sb.close();
});
