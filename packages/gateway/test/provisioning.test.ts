// Stores and POS through the admin API (on Mercado Pago, mirrored, idempotent on external ids), device keys shown
// once and scoped to their POS, pairing codes spent once, and bad bodies refused field by field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOCATION, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

for (const target of testDatabases()) {
  test(`${target.name}: stores and POS are created on Mercado Pago once, whatever the repeats`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `prov-1-${target.name}`);
    const { seller, store, pos, shop } = await gw.sellerWithPos('MLA');
    assert.match(store.id, /^str_/);
    assert.ok(store.mp_store_id);
    assert.equal(pos.external_id, 'CAJA1');
    assert.equal(typeof pos.mp_pos_id, 'number');
    const again = await gw.admin('POST', `/sellers/${seller.id}/stores`, { name: 'Centro', external_id: 'store_1', location: LOCATION });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, store.id);
    const posAgain = await gw.admin('POST', `/sellers/${seller.id}/pos`, { name: 'Caja 1', external_id: 'CAJA1', store_external_id: 'store_1' });
    assert.equal(posAgain.body.id, pos.id);
    // Mercado Pago holds exactly one of each.
    const mpPos = await gw.sb.fetch(`https://api.mercadopago.com/pos?external_id=CAJA1`, { headers: { authorization: `Bearer ${shop.access_token}` } });
    assert.equal((await mpPos.json()).results.length, 1);
    assert.equal((await gw.admin('GET', `/sellers/${seller.id}/pos`)).body.results.length, 1);
    const unknownStore = await gw.admin('POST', `/sellers/${seller.id}/pos`, { name: 'Caja 2', external_id: 'CAJA2', store_external_id: 'nope' });
    assert.equal(unknownStore.status, 422);
    assert.equal(unknownStore.body.error.fields[0].field, 'store_external_id');
  });

  test(`${target.name}: a device key is shown once, hashed at rest, scoped to its POS, and revocable`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `prov-2-${target.name}`);
    const a = await gw.sellerWithPos();
    const b = await gw.sellerWithPos();
    const made = await gw.admin('POST', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys`, { label: 'caja principal' });
    assert.equal(made.status, 201);
    assert.match(made.body.key, /^cbk_/);
    const listed = await gw.admin('GET', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys`);
    assert.equal(JSON.stringify(listed.body).includes(made.body.key), false, 'the key is never shown again');
    assert.equal(listed.body.results[0].hint, made.body.hint);
    const rows = await db.db.selectFrom('device_keys').selectAll().execute();
    assert.equal(JSON.stringify(rows).includes(made.body.key), false, 'stored hashed');
    const me = await gw.terminal(made.body.key, 'GET', '/pos');
    assert.equal(me.status, 200);
    assert.equal(me.body.id, a.pos.id);
    // Seller B's POS cannot be reached through seller A's path, nor A's key used for B.
    assert.equal((await gw.admin('POST', `/sellers/${a.seller.id}/pos/${b.pos.id}/device-keys`, {})).status, 404);
    assert.equal((await gw.admin('DELETE', `/sellers/${b.seller.id}/pos/${b.pos.id}/device-keys/${made.body.id}`)).status, 404);
    assert.equal((await gw.admin('DELETE', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys/${made.body.id}`)).status, 204);
    const revoked = await gw.terminal(made.body.key, 'GET', '/pos');
    assert.equal(revoked.status, 401);
    assert.equal((await gw.terminal('cbk_made-up', 'GET', '/pos')).status, 401);
    assert.equal((await gw.admin('GET', '/sellers')).status, 200);
    assert.equal((await gw.terminal(made.body.key, 'GET', '/../admin/api/sellers')).status, 401);
  });

  test(`${target.name}: a pairing code gives one terminal its key, once`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `prov-3-${target.name}`);
    const { seller, pos } = await gw.sellerWithPos();
    const { body: pairing } = await gw.admin('POST', `/sellers/${seller.id}/pos/${pos.id}/pairing-codes`);
    assert.match(pairing.code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const typed = pairing.code.toLowerCase().replace('-', '');
    const paired = await gw.terminal(undefined as never, 'POST', '/pair', { code: typed });
    assert.equal(paired.status, 201, JSON.stringify(paired.body));
    assert.equal(paired.body.pos_id, pos.id);
    assert.equal((await gw.terminal(paired.body.device_key, 'GET', '/pos')).body.id, pos.id);
    const twice = await gw.terminal(undefined as never, 'POST', '/pair', { code: pairing.code });
    assert.equal(twice.status, 401);
    assert.equal(twice.body.error.code, 'invalid_pairing_code');
    const { body: late } = await gw.admin('POST', `/sellers/${seller.id}/pos/${pos.id}/pairing-codes`);
    gw.now.value = new Date(gw.now.value.getTime() + 11 * 60_000);
    assert.equal((await gw.terminal(undefined as never, 'POST', '/pair', { code: late.code })).status, 401);
  });

  test(`${target.name}: bad bodies and missing credentials are refused with the field and rule, nothing stored`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `prov-4-${target.name}`);
    const { seller } = await gw.sellerWithPos();
    const cases: [unknown, string][] = [
      [{ name: 'x', external_id: 'has space', location: LOCATION }, 'external_id'],
      [{ name: 'x', external_id: 'ok', location: { ...LOCATION, latitude: 200 } }, 'location.latitude'],
      [{ name: 'x', external_id: 'ok', location: LOCATION, colour: 'red' }, 'colour'],
      [{ external_id: 'ok', location: LOCATION }, 'name'],
    ];
    for (const [input, field] of cases) {
      const r = await gw.admin('POST', `/sellers/${seller.id}/stores`, input);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.fields[0].field, field);
      assert.ok(r.body.error.request_id);
    }
    assert.equal((await gw.admin('POST', `/sellers/${seller.id}/stores`, '{"name":')).body.error.code, 'invalid_json');
    assert.equal((await gw.admin('GET', '/sellers/sel_nope')).status, 404);
    assert.equal((await gw.app.request('http://gateway.test/admin/api/sellers')).status, 401);
    assert.equal((await gw.admin('GET', `/sellers/${seller.id}/stores`)).body.results.length, 1);
  });
}
