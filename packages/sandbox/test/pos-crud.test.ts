import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { decodeMpQr } from '../src/index.ts';
import { API, createPos, createStore, newSandbox, posBody, posCount, seller } from './stores-fixtures.ts';
import { advance } from './http.ts';

test('create returns the §5.2 shape with absolute QR links on the request origin', async () => {
  const sb = newSandbox('pos-create');
  const a = await seller(sb);
  const store = await createStore(a);
  const r = await a.call('POST', '/pos', posBody());
  assert.equal(r.status, 200);
  const p = r.body;
  assert.equal(typeof p.id, 'number');
  const hash = /\/instore\/merchant\/qr\/(\d+)\/([0-9a-f]+)\.png$/.exec(p.qr.image);
  assert.ok(hash, p.qr.image);
  assert.equal(Number(hash[1]), p.id);
  assert.equal(p.qr.image, `${API}/instore/merchant/qr/${p.id}/${hash[2]}.png`);
  assert.equal(p.qr.template_document, `${API}/instore/merchant/qr/${p.id}/template_${hash[2]}.pdf`);
  assert.equal(p.qr.template_image, `${API}/instore/merchant/qr/${p.id}/template_${hash[2]}.png`);
  assert.equal(p.status, 'active');
  assert.equal(p.date_created, '2026-01-15T09:00:00.000-03:00');
  assert.equal(p.date_last_updated, p.date_created);
  assert.match(p.uuid, /^[0-9a-f]{64}$/);
  assert.equal(p.user_id, a.id);
  assert.equal(p.name, 'Caja 1');
  assert.equal(p.fixed_amount, true);
  assert.equal(p.category, 621102);
  assert.equal(p.store_id, store.id);
  assert.equal(p.external_store_id, 'SUC001');
  assert.equal(p.external_id, 'SUC001POS001');
  // Only GET/PUT carry these.
  assert.equal(p.compatible_id, undefined);
  assert.equal(p.qr_code, undefined);
  assert.equal(p.site, undefined);
});

test('the QR links follow the origin the sandbox is called on', async () => {
  const sb = newSandbox('pos-origin');
  const a = await seller(sb);
  await createStore(a);
  const res = await sb.fetch('http://127.0.0.1:4010/pos', {
    method: 'POST',
    headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(posBody()),
  });
  const p = await res.json() as { qr: { image: string } };
  assert.ok(p.qr.image.startsWith('http://127.0.0.1:4010/instore/merchant/qr/'), p.qr.image);
});

test('GET adds compatible_id, site and the static EMVCo qr_code of the POS', async () => {
  const sb = newSandbox('pos-get');
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a);
  const g = await a.call('GET', `/pos/${p.id}`);
  assert.equal(g.status, 200);
  assert.match(g.body.compatible_id, /^[0-9a-f]{128}$/);
  assert.equal(g.body.site, 'MLA');
  assert.equal(g.body.uuid, p.uuid);
  assert.deepEqual(g.body.qr, p.qr);
  const qr = decodeMpQr(g.body.qr_code);
  assert.equal(qr.posId, p.id);
  assert.equal(qr.initiation, '11');
  const tag = (t: string) => qr.fields.find((f) => f.tag === t)?.value;
  assert.equal(tag('53'), '032');
  assert.equal(tag('58'), 'AR');
  assert.equal(tag('60'), 'BELGRANO');
  const acc = a.account;
  assert.equal(tag('59'), `${acc.first_name} ${acc.last_name}`.toUpperCase());
});

test('create by store_id alone fills external_store_id from the store; numeric store_id is accepted', async () => {
  const sb = newSandbox('pos-store-id');
  const a = await seller(sb);
  const s = await createStore(a);
  const byString = await createPos(a, { external_store_id: undefined, store_id: s.id, external_id: 'P1' });
  assert.equal(byString.store_id, s.id);
  assert.equal(byString.external_store_id, 'SUC001');
  const byNumber = await createPos(a, { external_store_id: undefined, store_id: Number(s.id), external_id: 'P2' });
  assert.equal(byNumber.store_id, s.id);
  const both = await createPos(a, { store_id: s.id, external_id: 'P3' });
  assert.equal(both.store_id, s.id);
});

test('a POS without category or external_id omits them; url is echoed', async () => {
  const sb = newSandbox('pos-optional');
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a, { category: undefined, external_id: undefined, url: 'https://www.company.com/pay-mp?storeid=6232&posid=1' });
  assert.equal('category' in p, false);
  assert.equal('external_id' in p, false);
  assert.equal(p.url, 'https://www.company.com/pay-mp?storeid=6232&posid=1');
});

test('update changes name, fixed_amount, category and store; external_id may be resent unchanged', async () => {
  const sb = newSandbox('pos-update');
  const a = await seller(sb);
  await createStore(a);
  const s2 = await createStore(a, { external_id: 'SUC002', name: 'Sucursal Norte' });
  const p = await createPos(a);
  await advance(sb, 90_000);
  const r = await a.call('PUT', `/pos/${p.id}`, {
    name: 'Caja 2', fixed_amount: false, category: 473000, external_store_id: 'SUC002', external_id: 'SUC001POS001',
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.name, 'Caja 2');
  assert.equal(r.body.fixed_amount, false);
  assert.equal(r.body.category, 473000);
  assert.equal(r.body.store_id, s2.id);
  assert.equal(r.body.external_store_id, 'SUC002');
  assert.equal(r.body.external_id, 'SUC001POS001');
  assert.equal(r.body.date_created, p.date_created);
  assert.equal(r.body.date_last_updated, '2026-01-15T09:01:30.000-03:00');
  assert.match(r.body.qr_code, /^000201/);
  assert.deepEqual((await a.call('GET', `/pos/${p.id}`)).body, r.body);
});

test('external_id cannot change on PUT (400 INVALID_EXTERNAL_ID), POS unchanged', async () => {
  const sb = newSandbox('pos-immutable');
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a);
  const before = (await a.call('GET', `/pos/${p.id}`)).body;
  const r = await a.call('PUT', `/pos/${p.id}`, { name: 'Renamed', external_id: 'OTHER1' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'INVALID_EXTERNAL_ID');
  assert.match(r.body.message, /cannot be modified/);
  assert.deepEqual((await a.call('GET', `/pos/${p.id}`)).body, before);
  assert.equal((await a.call('GET', '/pos?external_id=OTHER1')).body.paging.total, 0);
});

test('delete answers 204 and the POS, its search hit and its images are gone', async () => {
  const sb = newSandbox('pos-delete');
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a);
  const d = await a.call('DELETE', `/pos/${p.id}`);
  assert.equal(d.status, 204);
  assert.equal(d.body, undefined);
  assert.equal((await a.call('GET', `/pos/${p.id}`)).status, 404);
  assert.equal(await posCount(a), 0);
  assert.equal((await sb.fetch(p.qr.image)).status, 404);
  // The external_id is free again.
  await createPos(a);
  assert.equal(await posCount(a), 1);
});

test('posDeleteStatus 200 and posCreateStatus 201 knobs', async () => {
  const sb = createSandbox({ seed: 'pos-knobs', posDeleteStatus: 200, posCreateStatus: 201 });
  const a = await seller(sb);
  await createStore(a);
  const c = await a.call('POST', '/pos', posBody());
  assert.equal(c.status, 201);
  const d = await a.call('DELETE', `/pos/${c.body.id}`);
  assert.equal(d.status, 200);
  assert.deepEqual(d.body, {});
});

test('search filters by external_id, external_store_id, store_id and category, and pages', async () => {
  const sb = newSandbox('pos-search');
  const a = await seller(sb);
  const s1 = await createStore(a);
  const s2 = await createStore(a, { external_id: 'SUC002' });
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) {
    const p = await createPos(a, {
      external_id: `POS${i}`, external_store_id: i < 4 ? 'SUC001' : 'SUC002', category: i % 2 ? 473000 : 621102,
    });
    ids.push(p.id);
  }
  const all = await a.call('GET', '/pos');
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.paging, { total: 6, offset: 0, limit: 50 });
  assert.deepEqual(all.body.results.map((p: any) => p.id), ids);
  const r0 = all.body.results[0];
  assert.deepEqual(Object.keys(r0).sort(), [
    'category', 'date_created', 'date_last_updated', 'external_id', 'external_store_id', 'fixed_amount', 'id', 'name',
    'qr', 'store_id', 'user_id',
  ]);

  const ids_ = async (qs: string) => (await a.call('GET', `/pos?${qs}`)).body.results.map((p: any) => p.id);
  assert.deepEqual(await ids_('external_id=POS3'), [ids[3]]);
  assert.deepEqual(await ids_('external_store_id=SUC002'), ids.slice(4));
  assert.deepEqual(await ids_(`store_id=${s1.id}`), ids.slice(0, 4));
  assert.deepEqual(await ids_(`store_id=${s2.id}&category=473000`), [ids[5]]);
  assert.deepEqual(await ids_('category=621102'), [ids[0], ids[2], ids[4]]);

  const p2 = await a.call('GET', '/pos?offset=2&limit=3');
  assert.deepEqual(p2.body.paging, { total: 6, offset: 2, limit: 3 });
  assert.deepEqual(p2.body.results.map((p: any) => p.id), ids.slice(2, 5));
});

test('tenants are isolated: B cannot see, change or delete A’s POS and may reuse its external_id', async () => {
  const sb = newSandbox('pos-tenants');
  const a = await seller(sb);
  const b = await seller(sb);
  const sa = await createStore(a);
  await createStore(b);
  const p = await createPos(a);
  const before = (await a.call('GET', `/pos/${p.id}`)).body;
  for (const [method, body] of [['GET', undefined], ['PUT', { name: 'Hijacked' }], ['DELETE', undefined]] as const) {
    const r = await b.call(method, `/pos/${p.id}`, body);
    assert.equal(r.status, 404, method);
    assert.equal(r.body.error, 'not_found');
  }
  assert.deepEqual((await a.call('GET', `/pos/${p.id}`)).body, before);
  assert.equal(await posCount(b), 0);
  // B cannot attach a POS to A's store, by id or (since external ids are per account) by external id.
  const attach = await b.call('POST', '/pos', posBody({ external_store_id: undefined, store_id: sa.id, external_id: 'B1' }));
  assert.equal(attach.status, 400);
  assert.equal(attach.body.error, 'INVALID_STORE_ID');
  assert.equal(await posCount(b), 0);
  const mine = await createPos(b);
  assert.equal(mine.external_id, 'SUC001POS001');
  assert.notEqual(mine.store_id, sa.id);
  assert.equal(await posCount(a), 1);
  assert.equal(await posCount(b), 1);
});
