// /metrics moves with what happens: a charge created raises the pending count, MP's errors raise the error counter
// for that endpoint and status, a notification reconciled shows in the webhook lag, jobs waiting in the queue depth.
// The charges per status are kept by triggers rather than counted per scrape: they must equal a count of the table
// after every kind of write, and with two processes writing and folding at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';
import { MetricsRepository } from '../src/repositories/metrics.ts';
import { control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { mpEndpoint } from '../src/metrics/gateway-metrics.ts';

/** The value of one sample (`name{labels}`) in an exposition; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function scrape(gw: TestGateway): Promise<string> {
  const res = await gw.app.request('http://gateway.test/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
  return res.text();
}

test('MP paths become endpoint labels without ids or external ids', () => {
  assert.equal(mpEndpoint('/v1/orders/ORD01JQ4S4KY8HWQ6NA5PXB65B3D3'), '/v1/orders/{id}');
  assert.equal(mpEndpoint('/instore/qr/seller/collectors/123456/pos/CAJAPRINCIPAL/orders'), '/instore/qr/seller/collectors/{id}/pos/{id}/orders');
  assert.equal(mpEndpoint('/v1/payments/123/refunds'), '/v1/payments/{id}/refunds');
  assert.equal(mpEndpoint('/users/me'), '/users/me');
});

for (const target of testDatabases()) {
  test(`${target.name}: charges by status, MP latency and errors, webhook lag and queue depth move`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `metrics-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const before = await scrape(gw);
    assert.equal(sample(before, 'cobro_charges{status="pending"}'), 0);
    assert.match(before, /# TYPE cobro_mp_request_duration_seconds histogram/);

    const res = await gw.app.request('http://gateway.test/api/charges', {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': 'm-1' }, body: '{"amount":"10.00"}',
    });
    const charge = await res.json() as any;
    assert.equal(res.status, 201, JSON.stringify(charge));
    const created = await scrape(gw);
    assert.equal(sample(created, 'cobro_charges{status="pending"}'), 1);
    const ordersCreate = '{endpoint="/v1/orders",method="POST",status="201"}';
    assert.equal(sample(created, `cobro_mp_request_duration_seconds_count${ordersCreate}`), 1);
    assert.equal(sample(created, `cobro_mp_request_duration_seconds_bucket${ordersCreate.replace('}', ',le="+Inf"}')}`), 1);

    // MP fails the re-fetch: every attempt (the first and the client's retries) counts as an error of that endpoint.
    const read = '{endpoint="/v1/orders/{id}",method="GET",status="500"}';
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'GET', path: `/v1/orders/${charge.mp_order_id}`, status: 500, times: 3 });
    await assert.rejects(gw.charges.reconcile(charge.id));
    const failed = await scrape(gw);
    assert.equal(sample(failed, `cobro_mp_request_errors_total${read}`), 3);
    assert.equal(sample(failed, `cobro_mp_request_errors_total${ordersCreate}`), 0, 'a 201 is no error');

    // The buyer pays: MP's notification waits in the queue, then its reconcile shows in the lag.
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: charge.qr_data, card: 'APRO' });
    await control(gw.sb, 'POST', '/__sandbox/webhooks/idle');
    const queued = await scrape(gw);
    assert.ok(sample(queued, 'cobro_jobs{queue="mp.resource",state="queued"}') >= 1, queued);
    assert.equal(sample(queued, 'cobro_webhook_lag_seconds_count'), 0);
    gw.now.value = new Date(gw.now.value.getTime() + 1500); // the worker got to it 1.5 s later
    await gw.drain();
    const done = await scrape(gw);
    assert.equal(sample(done, 'cobro_jobs{queue="mp.resource",state="queued"}'), 0);
    assert.ok(sample(done, 'cobro_webhook_lag_seconds_count') >= 1);
    assert.equal(sample(done, 'cobro_webhook_lag_seconds_bucket{le="1"}'), 0);
    assert.equal(sample(done, 'cobro_webhook_lag_seconds_bucket{le="2.5"}'), sample(done, 'cobro_webhook_lag_seconds_count'));
    assert.equal(sample(done, 'cobro_charges{status="pending"}'), 0);
    assert.equal(sample(done, 'cobro_charges{status="approved"}'), 1);
  });
}

/** What a grouped count of the table says (the truth the kept counts must equal). */
async function counted(db: Db): Promise<Record<string, number>> {
  const rows = await db.db.selectFrom('charges').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const deltas = async (db: Db) => Number((await db.db.selectFrom('charge_status_deltas').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

for (const target of testDatabases()) {
  test(`${target.name}: charges per status follow inserts, moves, deletes and truncate without counting the table`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `metrics-counts-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const repo = new MetricsRepository(db.db);
    const same = async (what: string) => assert.deepEqual(sorted(await repo.chargesByStatus()), await counted(db), what);
    await same('empty');
    // Concurrent creates: the group commit inserts several charges in one statement, then moves them to pending.
    const made = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const r = await gw.app.request('http://gateway.test/api/charges', {
        method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': `c-${i}` }, body: '{"amount":"10.00"}',
      });
      return { status: r.status, body: await r.json() as any };
    }));
    assert.deepEqual(made.map((m) => m.status), Array(6).fill(201));
    await same('after the creates');
    assert.equal(await deltas(db), 0, 'a read folds the deltas');
    const [a, b, c] = made.map((m) => m.body.id as string);
    await sql`update charges set status = 'expired' where id in (${a}, ${b})`.execute(db.db);
    await same('after a status change of two rows');
    await sql`update charges set description = 'no status change', status = status where id = ${c}`.execute(db.db);
    assert.equal(await deltas(db), 0, 'an update that leaves the status adds no delta');
    for (const table of ['outbox', 'charge_events'] as const) await db.db.deleteFrom(table).where('charge_id', '=', a!).execute();
    await db.db.deleteFrom('charges').where('id', '=', a!).execute();
    await same('after a delete');
    await sql`truncate charges, charge_events, outbox, mp_calls`.execute(db.db);
    assert.deepEqual(await repo.chargesByStatus(), {}, 'a truncate leaves no charge counted');
  });
}

for (const target of testDatabases().filter((d) => d.another)) {
  test(`${target.name}: two processes moving charges and folding at once keep the counts exact`, async () => {
    const db = await target.open();
    const other = await target.another!();
    const gw = await testGateway(db, `metrics-race-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await gw.app.request('http://gateway.test/api/charges', {
        method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': `r-${i}` }, body: '{"amount":"10.00"}',
      });
      ids.push(((await r.json()) as any).id);
    }
    const statuses = ['approved', 'expired', 'canceled', 'pending'];
    const mover = (d: Db, from: number) => (async () => {
      for (let i = from; i < ids.length; i += 2) {
        for (const s of statuses) await sql`update charges set status = ${s} where id = ${ids[i]!}`.execute(d.db);
      }
    })();
    const folder = (d: Db) => (async () => { for (let i = 0; i < 30; i++) await new MetricsRepository(d.db).foldChargeCounts(); })();
    await Promise.all([mover(db, 0), mover(other, 1), folder(db), folder(other)]);
    assert.deepEqual(sorted(await new MetricsRepository(other.db).chargesByStatus()), await counted(db));
  });
}
