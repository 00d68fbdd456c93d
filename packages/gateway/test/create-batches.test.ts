// Group commit on the create path (src/db/group-commit.ts, src/repositories/charge-batches.ts): concurrent creates'
// inserts share one statement, and so do their first updates after MP's answer, yet each charge comes out as if
// written alone (its row, one event and one outbox row per change); a row whose POS + idempotency key already has a
// charge gets that charge back; a row PostgreSQL refuses fails only its own create; and concurrent requests with one
// Idempotency-Key still make one charge and one Mercado Pago order.
import { test } from 'node:test';
import { Kysely } from 'kysely';
import assert from 'node:assert/strict';
import { testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ChargesRepository, type NewCharge } from '../src/repositories/charges.ts';
import type { Db } from '../src/db/database.ts';
import { OUTBOX_QUEUE } from '../src/services/outbox.ts';

async function charge(gw: TestGateway, key: string, idem: string, amount = '10.00', more: Record<string, unknown> = {}) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify({ amount, ...more }),
  });
  return { status: res.status, body: await res.json() as any };
}

/** The SQL texts sent while `run` runs, on any Kysely instance (a transaction is one of its own). */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const sql: string[] = [];
  const k = Kysely.prototype as unknown as { executeQuery(q: { sql: string }): Promise<unknown> };
  const original = k.executeQuery;
  k.executeQuery = function (q) { sql.push(q.sql); return original.call(this, q); };
  try {
    return { result: await run(), sql };
  } finally {
    k.executeQuery = original;
  }
}

const newCharge = (t: { seller: { id: string }; pos: { id: string } }, n: string, over: Partial<NewCharge> = {}): NewCharge => ({
  id: `chg_batch_${n}`, sellerId: t.seller.id, posId: t.pos.id, idempotencyKey: `key-${n}`, requestHash: `hash-${n}`, mpIdempotencyKey: `cobro-chg_batch_${n}`,
  externalReference: `chg_batch_${n}`, reference: null, amountMinor: 1000, currency: 'ARS', description: null, items: undefined, mode: 'dynamic', flow: 'orders',
  now: new Date('2026-03-01T12:00:00.000Z'), ...over,
});

async function counts(db: Db, id: string) {
  const [events, outbox] = await Promise.all([
    db.db.selectFrom('charge_events').select(['version', 'type']).where('charge_id', '=', id).orderBy('version').execute(),
    db.db.selectFrom('outbox').select('type').where('charge_id', '=', id).orderBy('id').execute(),
  ]);
  return { events: events.map((e) => `${e.version}:${e.type}`), outbox: outbox.map((o) => o.type) };
}

for (const target of testDatabases()) {
  test(`${target.name}: concurrent creates share statements, each charge written as if alone`, async () => {
    const db = await target.open();
    // With an integrator: a grouped statement and its rows' delivery jobs share one transaction.
    const gw = await testGateway(db, `batches-1-${target.name}`, { integrator: { url: 'http://integrator.test/events', secret: 'integrator-secret-0123456789', fetch: async () => new Response('ok') } });
    const t = await gw.terminalOf();
    const before = await charge(gw, t.key, 'sale-before');
    assert.equal(before.status, 201);
    const { result, sql } = await statementsOf(() => Promise.all([
      ...Array.from({ length: 8 }, (_, i) => charge(gw, t.key, `sale-${i}`, `${10 + i}.00`, i % 2 ? {} : {
        description: `Sale ${i} "quoted" ñ`, external_reference: `ref-${i}`, items: [{ title: `Item ${i}`, unit_price: `${10 + i}.00`, quantity: 1 }],
      })),
      charge(gw, t.key, 'sale-before'),
    ]));
    const made = result.slice(0, 8);
    assert.deepEqual(made.map((r) => r.status), Array(8).fill(201), JSON.stringify(made.map((r) => r.body)));
    assert.ok(made.every((r) => r.body.status === 'pending' && r.body.qr_data), 'each has its QR');
    assert.deepEqual([result[8].status, result[8].body.id], [200, before.body.id], 'the key already used gets its charge back');
    assert.equal(new Set(made.map((r) => r.body.id)).size, 8);
    const grouped = sql.filter((s) => s.includes('json_to_recordset'));
    assert.ok(grouped.some((s) => s.includes('insert into charges')), 'some inserts shared a statement');
    assert.ok(grouped.some((s) => s.includes('update charges')), 'some first updates shared a statement');
    for (const r of made) {
      assert.deepEqual(await counts(db, r.body.id), { events: ['1:charge.created', '2:charge.pending'], outbox: ['charge.created', 'charge.pending'] });
      const row = (await db.db.selectFrom('charges').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow());
      assert.equal(row.amount_minor.toString(), String(Math.round(Number(r.body.amount) * 100)));
      assert.equal(row.version, 2);
      const i = Number(row.idempotency_key.slice('sale-'.length));
      assert.deepEqual([row.description, row.reference, row.items], i % 2 ? [null, null, null]
        : [`Sale ${i} "quoted" ñ`, `ref-${i}`, [{ title: `Item ${i}`, unit_price: `${10 + i}.00`, quantity: 1 }]], 'the fields as sent, through the JSON rows');
      assert.ok(row.mp_order_id && row.next_check_at && row.expires_at);
    }
    const outbox = await db.db.selectFrom('outbox').select('id').execute();
    const jobs = await db.db.selectFrom('jobs').select('payload').where('queue', '=', OUTBOX_QUEUE).execute();
    assert.deepEqual(new Set(jobs.map((j) => String((j.payload as { outboxId: string }).outboxId))), new Set(outbox.map((o) => String(o.id))), 'one delivery job per outbox row');
    assert.equal(jobs.length, outbox.length);
  });

  test(`${target.name}: device keys read together: each request still gets its own terminal, and a revoked key is refused`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `batches-5-${target.name}`);
    const a = await gw.terminalOf();
    const spare = await gw.admin('POST', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys`, {});
    const revoked = await gw.admin('POST', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys`, {});
    assert.equal((await gw.admin('DELETE', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys/${revoked.body.id}`)).status, 204);
    const b = await gw.terminalOf();
    const keys = [a.key, spare.body.key, revoked.body.key, b.key, 'not-a-key', a.key, b.key];
    const { result, sql } = await statementsOf(() => Promise.all([charge(gw, a.key, 'warm'), ...keys.map((k, i) => charge(gw, k, `sale-${i}`))]));
    assert.deepEqual(result.slice(1).map((r) => r.status), [201, 201, 401, 201, 401, 201, 201]);
    assert.ok(sql.some((s) => s.includes('json_array_elements_text')), 'the keys were read in one statement');
    const made = await db.db.selectFrom('charges').select(['idempotency_key', 'pos_id']).where('idempotency_key', '<>', 'warm').orderBy('idempotency_key').execute();
    assert.deepEqual(made.map((c) => [c.idempotency_key, c.pos_id]), [['sale-0', a.pos.id], ['sale-1', a.pos.id], ['sale-3', b.pos.id], ['sale-5', a.pos.id], ['sale-6', b.pos.id]]);
  });

  test(`${target.name}: concurrent requests with one Idempotency-Key make one charge and one MP order`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `batches-2-${target.name}`);
    const t = await gw.terminalOf();
    const all = await Promise.all(Array.from({ length: 6 }, () => charge(gw, t.key, 'same-sale')));
    assert.deepEqual(all.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(all.map((r) => r.body.id)).size, 1);
    const rows = await db.db.selectFrom('charges').select(['id', 'mp_order_id']).execute();
    assert.equal(rows.length, 1);
    await gw.callLog.flush();
    const orders = await db.db.selectFrom('mp_calls').select(['method', 'path']).where('charge_id', '=', rows[0].id).execute();
    assert.equal(orders.filter((c) => c.method === 'POST' && c.path.startsWith('/v1/orders')).length, 1, 'one order created on MP');
  });

  test(`${target.name}: in a shared insert, a row with a used key gets the existing charge and a refused row fails alone`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `batches-3-${target.name}`);
    const t = await gw.terminalOf();
    const repo = new ChargesRepository(db.db);
    const first = await repo.insertOrGet(newCharge(t, 'first'));
    assert.equal(first.created, true);
    const { result, sql } = await statementsOf(() => Promise.all([
      repo.insertOrGet(newCharge(t, 'a')),
      repo.insertOrGet(newCharge(t, 'b')),
      repo.insertOrGet(newCharge(t, 'again', { idempotencyKey: 'key-first' })),
      repo.insertOrGet(newCharge(t, 'refused', { sellerId: 'sel_nobody' })), // no such seller: a foreign key violation
      repo.insertOrGet(newCharge(t, 'c')),
    ].map((p) => p.then((v) => ({ id: v.row.id, created: v.created }), (e: Error) => ({ error: e.message })))));
    assert.deepEqual(result.slice(0, 3), [{ id: 'chg_batch_a', created: true }, { id: 'chg_batch_b', created: true }, { id: 'chg_batch_first', created: false }]);
    assert.ok('error' in result[3] && /foreign key/.test(result[3].error), JSON.stringify(result[3]));
    assert.deepEqual(result[4], { id: 'chg_batch_c', created: true });
    assert.ok(sql.filter((s) => s.includes('json_to_recordset')).length >= 1, 'the four after the first went together first');
    const ids = (await db.db.selectFrom('charges').select('id').orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(ids, ['chg_batch_a', 'chg_batch_b', 'chg_batch_c', 'chg_batch_first']);
    for (const id of ids) assert.deepEqual(await counts(db, id), { events: ['1:charge.created'], outbox: ['charge.created'] });
  });

  test(`${target.name}: in a shared update, a row changed meanwhile is decided again on its current version`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `batches-4-${target.name}`);
    const t = await gw.terminalOf();
    const repo = new ChargesRepository(db.db);
    const rows = await Promise.all(['u1', 'u2', 'u3', 'u4'].map(async (n) => (await repo.insertOrGet(newCharge(t, n))).row));
    const now = new Date('2026-03-01T12:00:01.000Z');
    await repo.change(rows[2].id, () => ({ set: { review_reason: 'meanwhile' }, event: { type: 'charge.review', data: { reason: 'meanwhile' } } }), now);
    const decide = (r: typeof rows[number]) => ({ set: { status: 'pending', qr_data: `qr-${r.id}-v${r.version}`, next_check_at: now }, event: { type: 'charge.pending', data: { status: 'pending' } } });
    const { result, sql } = await statementsOf(() => Promise.all(rows.map((r) => repo.changeAt(r, decide, now))));
    assert.ok(sql.some((s) => s.includes('update charges') && s.includes('json_to_recordset')), 'the updates shared a statement');
    assert.deepEqual(result.map((r) => [r!.id, r!.version, r!.qr_data]), rows.map((r, i) => [r.id, i === 2 ? 3 : 2, `qr-${r.id}-v${i === 2 ? 2 : 1}`]));
    assert.deepEqual(await counts(db, rows[2].id), { events: ['1:charge.created', '2:charge.review', '3:charge.pending'], outbox: ['charge.created', 'charge.review', 'charge.pending'] });
    assert.deepEqual(await counts(db, rows[0].id), { events: ['1:charge.created', '2:charge.pending'], outbox: ['charge.created', 'charge.pending'] });
  });
}
