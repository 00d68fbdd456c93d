// What the create path's shortcuts must not change: the POS and seller come with the device key, and the opened
// seller client is reused, yet a key revoked or a seller disconnected (here or by another process) stops the very
// next create; an answer applied to a charge that changed meanwhile is decided again on the current row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ChargesRepository } from '../src/repositories/charges.ts';

async function charge(gw: TestGateway, key: string, idem = `sale-${Math.random()}`) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify({ amount: '10.00' }),
  });
  return { status: res.status, body: await res.json() as any };
}

for (const target of testDatabases()) {
  test(`${target.name}: right after a create, a revoked key is refused and a seller disconnected by another process is too`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `create-path-1-${target.name}`);
    const t = await gw.terminalOf();
    const spare = await gw.admin('POST', `/sellers/${t.seller.id}/pos/${t.pos.id}/device-keys`, {});
    assert.equal((await charge(gw, t.key)).status, 201);
    assert.equal((await charge(gw, spare.body.key)).status, 201);
    assert.equal((await gw.admin('DELETE', `/sellers/${t.seller.id}/pos/${t.pos.id}/device-keys/${spare.body.id}`)).status, 204);
    assert.equal((await charge(gw, spare.body.key)).status, 401);
    await gw.second().disconnect(t.seller.id, 'operator disconnected the seller');
    const refused = await charge(gw, t.key);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'seller_disconnected');
    assert.equal(await db.db.selectFrom('charges').select('id').execute().then((r) => r.length), 2, 'no charge row for a refused create');
  });

  test(`${target.name}: an answer applied to a charge that changed since it was read is decided on the current row, with its event`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `create-path-2-${target.name}`);
    const t = await gw.terminalOf();
    const made = await charge(gw, t.key);
    assert.equal(made.status, 201);
    const repo = new ChargesRepository(db.db);
    const seen = (await repo.byId(made.body.id))!;
    const now = gw.now.value;
    await repo.change(seen.id, () => ({ set: { review_reason: 'meanwhile' }, event: { type: 'charge.review', data: { reason: 'meanwhile' } } }), now);
    const decidedOn: number[] = [];
    const after = await repo.changeAt(seen, (r) => {
      decidedOn.push(r.version);
      return { set: { review_reason: `${r.review_reason ?? 'none'}, then later` }, event: { type: 'charge.review', data: { reason: 'later' } } };
    }, now);
    assert.deepEqual(decidedOn, [seen.version, seen.version + 1], 'tried on the row as read, then decided again under the lock');
    assert.equal(after!.version, seen.version + 2);
    assert.equal(after!.review_reason, 'meanwhile, then later');
    const events = await db.db.selectFrom('charge_events').select(['version', 'type']).where('charge_id', '=', seen.id).orderBy('version').execute();
    assert.deepEqual(events.map((e) => e.version), [1, 2, 3, 4]);
    const outbox = await db.db.selectFrom('outbox').select('type').where('charge_id', '=', seen.id).execute();
    assert.equal(outbox.length, 4, 'one outbox row per event');
  });
}
