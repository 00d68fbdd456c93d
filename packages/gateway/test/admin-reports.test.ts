// The admin's reports on both databases: reconciliation counts money on the day it moved in the seller's own time
// zone (an approval just before midnight in Buenos Aires is that day's, though it is already the next day in UTC;
// a refund on its own day, not the sale's), totals add up, CLP has no decimals, the CSV says the same as the JSON
// and keeps formula-like cells as text, bad queries are 400s naming the field; health shows the last verified
// notification, the queue depth and Mercado Pago's error rate from the call log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ADMIN_KEY, GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { paidCharge, post } from './sale-helpers.ts';
import { MpCallsRepository } from '../src/repositories/mp-calls.ts';
import { health as healthSchema, reconciliation as reconciliationSchema } from '../src/http/openapi/ops-admin-reports.ts';
import type { Db } from '../src/db/database.ts';

/** Refund `amount`, then let MP complete it and the poll see it (as refunds-outbox.test.ts). */
async function refunded(gw: TestGateway, key: string, id: string, amount: string) {
  assert.equal((await post(gw, key, `/charges/${id}/refunds`, { amount }, `refund-${Math.random()}`)).status, 202);
  await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT10S' });
  await gw.drain();
  gw.now.value = new Date(gw.now.value.getTime() + 10_000);
  await gw.charges.pollDue();
}

/** Move a charge's event of `type` (and, for the sale, its creation) to `at`: the day it moved is what counts. */
async function movedAt(db: Db, chargeId: string, type: string, at: string) {
  const r = await db.db.updateTable('charge_events').set({ created_at: at }).where('charge_id', '=', chargeId).where('type', '=', type).executeTakeFirst();
  assert.equal(Number(r.numUpdatedRows), 1, `${chargeId} has one ${type} event`);
}

/** Log in as a browser does: the log-in form (with whatever token and cookie it sets), then the admin key. */
async function session(gw: TestGateway): Promise<string> {
  const form = await gw.app.request(`${GATEWAY}/admin`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const res = await gw.app.request(`${GATEWAY}/admin/login`, {
    method: 'POST', body: new URLSearchParams({ password: ADMIN_KEY, ...(token && { _csrf: token }) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
  });
  assert.equal(res.status, 303, await res.clone().text());
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('cobro_admin=') && c.length > 'cobro_admin='.length)!;
}

const day = (r: any, d: string) => r.days.find((x: any) => x.day === d);

for (const target of testDatabases()) {
  test(`${target.name}: reconciliation counts an approval and a refund on the days they moved, in the seller's zone; totals; CLP; the CSV`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `rep-1-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const a = await paidCharge(gw, t.key, '100.00');
    const b = await paidCharge(gw, t.key, '50.00');
    await refunded(gw, t.key, b.id, '30.00');
    // a: made on the 8th, approved at 02:30 UTC on the 10th = 23:30 on the 9th in Buenos Aires (UTC−3).
    await db.db.updateTable('charges').set({ created_at: '2026-11-08T12:00:00Z' }).where('id', 'in', [a.id, b.id]).execute();
    await movedAt(db, a.id, 'charge.approved', '2026-11-10T02:30:00Z');
    // b: approved at 00:30 on the 10th there, partly refunded on the 11th (UTC 02:00 on the 12th would be the 12th).
    await movedAt(db, b.id, 'charge.approved', '2026-11-10T03:30:00Z');
    await movedAt(db, b.id, 'charge.partially_refunded', '2026-11-12T02:00:00Z');
    // Another seller's sale, in CLP, on the same days: not in the first seller's report.
    const clp = await gw.terminalOf('MLC');
    const c = await paidCharge(gw, clp.key, '1500');
    await movedAt(db, c.id, 'charge.approved', '2026-11-10T12:00:00Z');

    const r = await gw.admin('GET', `/reconciliation?seller=${t.seller.id}&from=2026-11-08&to=2026-11-12`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(reconciliationSchema.safeParse(r.body).success, 'the documented shape');
    assert.equal(r.body.time_zone, 'America/Argentina/Buenos_Aires');
    assert.deepEqual(r.body.days.map((d: any) => d.day), ['2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12'], 'every day of the range');
    assert.deepEqual(day(r.body, '2026-11-08'), { day: '2026-11-08', approved_count: 0, approved_amount: '0.00', refunded_amount: '0.00', net_amount: '0.00' }, 'not the creation day');
    assert.deepEqual(day(r.body, '2026-11-09'), { day: '2026-11-09', approved_count: 1, approved_amount: '100.00', refunded_amount: '0.00', net_amount: '100.00' });
    assert.deepEqual(day(r.body, '2026-11-10'), { day: '2026-11-10', approved_count: 1, approved_amount: '50.00', refunded_amount: '0.00', net_amount: '50.00' });
    assert.deepEqual(day(r.body, '2026-11-11'), { day: '2026-11-11', approved_count: 0, approved_amount: '0.00', refunded_amount: '30.00', net_amount: '-30.00' });
    assert.deepEqual(r.body.totals, { approved_count: 2, approved_amount: '150.00', refunded_amount: '30.00', net_amount: '120.00' });

    const chile = await gw.admin('GET', `/reconciliation?seller=${clp.seller.id}&from=2026-11-10&to=2026-11-10`);
    assert.equal(chile.body.time_zone, 'America/Santiago');
    assert.deepEqual(chile.body.totals, { approved_count: 1, approved_amount: '1500', refunded_amount: '0', net_amount: '1500' }, 'CLP without decimals');

    // The CSV, behind the session, says the same; a nickname that looks like a formula stays text.
    await db.db.updateTable('sellers').set({ nickname: '=HYPERLINK("http://x.example","hi")' }).where('id', '=', t.seller.id).execute();
    const query = `seller=${t.seller.id}&from=2026-11-08&to=2026-11-12`;
    assert.equal((await gw.app.request(`${GATEWAY}/admin/reconciliation.csv?${query}`)).status, 401, 'no session, no CSV');
    const res = await gw.app.request(`${GATEWAY}/admin/reconciliation.csv?${query}`, { headers: { cookie: await session(gw) } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/csv/);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="reconciliation-${t.seller.id}-2026-11-08-to-2026-11-12.csv"`);
    const lines = (await res.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'day,seller,currency,approved_count,approved_amount,refunded_amount,net_amount');
    const nick = `"'=HYPERLINK(""http://x.example"",""hi"")"`;
    const expected = [...r.body.days.map((d: any) => [d.day, nick, 'ARS', d.approved_count, d.approved_amount, d.refunded_amount, d.net_amount].join(',')),
      ['total', nick, 'ARS', 2, '150.00', '30.00', '120.00'].join(',')];
    assert.deepEqual(lines.slice(1), expected);
    assert.ok(lines.includes(`2026-11-11,${nick},ARS,0,0.00,30.00,-30.00`), 'a negative net stays a number');
  });

  test(`${target.name}: a bad seller, date or range is a 400 naming the field; the default range is the seller's last 30 days`, async () => {
    const gw = await testGateway(await target.open(), `rep-2-${target.name}`);
    const { seller } = (await gw.connect(await gw.shop('MLB'))).body;
    const cases: [string, string][] = [
      ['', 'seller'], ['seller=nope', 'seller'], ['seller=sel_unknown0000000000000', 'seller'],
      [`seller=${seller.id}&from=2026-02-30&to=2026-03-01`, 'from'], [`seller=${seller.id}&from=2026-01-01&to=yesterday`, 'to'],
      [`seller=${seller.id}&from=2026-03-02&to=2026-03-01`, 'to'], [`seller=${seller.id}&from=2025-01-01&to=2026-01-02`, 'to'],
      [`seller=${seller.id}&from=2026-01-01`, 'to'], [`seller=${seller.id}&currency=ARS`, 'currency'],
    ];
    for (const [q, field] of cases) {
      const r = await gw.admin('GET', `/reconciliation?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.error.fields[0].field, field, `${q}: ${JSON.stringify(r.body.error)}`);
    }
    const page = await gw.app.request(`${GATEWAY}/admin/reconciliation?seller=${seller.id}&from=2026-01-01&to=2027-06-01`, { headers: { cookie: await session(gw) } });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /role="alert">to: at most 366 days/);
    const full = await gw.admin('GET', `/reconciliation?seller=${seller.id}&from=2025-01-01&to=2026-01-01`);
    assert.equal(full.body.days.length, 366, '366 days is allowed');
    const d = await gw.admin('GET', `/reconciliation?seller=${seller.id}`);
    assert.equal(d.status, 200);
    assert.equal(d.body.time_zone, 'America/Sao_Paulo');
    assert.equal(d.body.days.length, 30);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(gw.now.value);
    assert.equal(d.body.to, today, "ends today in the seller's zone");
  });

  test(`${target.name}: health shows the last verified notification, the queue depth and dead jobs, and Mercado Pago's error rate`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `rep-3-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const quiet = (await gw.connect(await gw.shop('MLU'))).body.seller;
    await paidCharge(gw, t.key, '10.00'); // MP's signed webhooks arrive for this seller
    // The quiet seller's only notification (its mp-connect) came unsigned: a doorbell, not proof the path works.
    const demoted = await db.db.updateTable('webhook_inbox').set({ signature: 'absent' }).where('mp_user_id', '=', quiet.mp_user_id).executeTakeFirst();
    assert.ok(Number(demoted.numUpdatedRows) >= 1);
    await gw.jobs.enqueue(db.db, { queue: 'reports.test', payload: {} });
    await gw.jobs.enqueue(db.db, { queue: 'reports.test', payload: {}, runAt: new Date(gw.now.value.getTime() - 600_000) });
    await gw.jobs.enqueue(db.db, { queue: 'reports.dead', payload: {} });
    await db.db.updateTable('jobs').set({ state: 'dead' }).where('queue', '=', 'reports.dead').execute();
    // The call log: 3 calls in the last hour (one 500, one without an answer), 2 more today (one 404), 1 older.
    // The sale's own calls are buffered and written on a timer: written now, so none lands after the delete.
    await gw.callLog.flush();
    await sql`delete from mp_calls`.execute(db.db);
    const ago = (ms: number) => new Date(gw.now.value.getTime() - ms);
    const call = (status: number | null, at: Date) => ({ method: 'GET', path: '/v1/orders/x', status, attempt: 1, duration_ms: 12, created_at: at, charge_id: null, seller_id: null, mp_request_id: null, error: null });
    await new MpCallsRepository(db.db).insert([call(200, ago(60_000)), call(500, ago(120_000)), call(null, ago(1_800_000)),
      call(404, ago(5 * 3_600_000)), call(201, ago(6 * 3_600_000)), call(500, ago(30 * 3_600_000))]);

    const h = await gw.admin('GET', '/health');
    assert.equal(h.status, 200);
    const parsed = healthSchema.safeParse(h.body);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(h.body.database.kind, target.name === 'pglite' ? 'pglite' : 'postgres');
    const seller = h.body.sellers.find((s: any) => s.id === t.seller.id);
    const inbox = await db.db.selectFrom('webhook_inbox').select((eb) => eb.fn.max('received_at').as('m')).where('signature', '=', 'verified').where('mp_user_id', '=', t.seller.mp_user_id).executeTakeFirstOrThrow();
    assert.ok(inbox.m, 'a verified notification for the seller that sold');
    assert.equal(seller.last_verified_notification_at, new Date(inbox.m as Date).toISOString());
    assert.ok(seller.last_verified_age_s >= 0);
    assert.deepEqual(seller.problems, []);
    const never = h.body.sellers.find((s: any) => s.id === quiet.id);
    assert.equal(never.last_verified_notification_at, null);
    assert.match(never.problems.join(), /relying on polling/);
    const q = h.body.jobs.queues.find((x: any) => x.queue === 'reports.test' && x.state === 'queued');
    assert.equal(q.count, 2);
    assert.equal(q.due, 2);
    assert.equal(q.overdue_s, 600, 'the oldest due job has waited 10 minutes');
    assert.equal(h.body.jobs.dead, 1);
    assert.deepEqual(h.body.mp.last_hour, { calls: 3, failed: 2, percent: 66.7 });
    assert.deepEqual(h.body.mp.last_24h, { calls: 5, failed: 3, percent: 60 });
    assert.ok(h.body.mp.process.calls > 0, "this process's own MP attempts");
    assert.ok(h.body.problems.some((p: string) => /dead job/.test(p)) && h.body.problems.some((p: string) => /reports\.test/.test(p)));

    const page = await gw.app.request(`${GATEWAY}/admin/health`, { headers: { cookie: await session(gw) } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, new RegExp(`data-seller="${quiet.id}">.*?never.*?PROBLEM: no verified notification`, 's'));
    assert.match(html, /PROBLEM: 1 dead job/);
    assert.doesNotMatch(html, /access_token|refresh_token/);
  });
}
