// The admin's charges through the JSON API, on PGlite and PostgreSQL: every filter narrows the list to what it
// names (seller, store, POS, status, UTC days with `to` included), keyset pages return every charge exactly once
// and keep the filters, bad filters are 400s naming the field (the page shows why), an unknown id is a 404, no
// admin key is a 401; and one charge's timeline merges its states, MP calls, notifications and integrator events
// in time order. Answers are checked against the documented schemas too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, GATEWAY, LOCATION, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ChargesRepository } from '../src/repositories/charges.ts';
import { MpCallsRepository } from '../src/repositories/mp-calls.ts';
import { adminChargeDetail, adminChargeList } from '../src/http/openapi/ops-admin-charges.ts';

/** A sale by the terminal, a second after the one before (so "newest first" has one answer). */
async function sell(gw: TestGateway, key: string, amount: string, reference?: string) {
  gw.now.value = new Date(gw.now.value.getTime() + 1000);
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `sale-${Math.random()}` },
    body: JSON.stringify({ amount, ...(reference && { external_reference: reference }) }),
  });
  const body = await res.json() as any;
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

async function pay(gw: TestGateway, c: { id: string; qr_data: string }) {
  await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
  await gw.charges.reconcile(c.id);
}

/** Every page of the list for this query, following `next`; each page checked against its documented schema. */
async function walk(gw: TestGateway, query: string): Promise<{ pages: any[][]; all: any[] }> {
  const pages: any[][] = [];
  let path: string | null = `/admin/api/charges${query}`;
  while (path) {
    const r = await gw.app.request(`${GATEWAY}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const body = await r.json() as any;
    assert.equal(r.status, 200, JSON.stringify(body));
    assert.ok(adminChargeList.safeParse(body).success, JSON.stringify(adminChargeList.safeParse(body).error?.issues));
    pages.push(body.results);
    path = body.next;
    assert.ok(pages.length < 20, 'the pages end');
  }
  return { pages, all: pages.flat() };
}

const ids = async (gw: TestGateway, query: string) => (await walk(gw, query)).all.map((c) => c.id).sort();
const sorted = (xs: { id: string }[]) => xs.map((x) => x.id).sort();

/** A second store and POS for the seller, with a device key. */
async function secondPos(gw: TestGateway, sellerId: string) {
  const store = await gw.admin('POST', `/sellers/${sellerId}/stores`, { name: 'Norte', external_id: 'store_norte', location: LOCATION });
  assert.equal(store.status, 201, JSON.stringify(store.body));
  const pos = await gw.admin('POST', `/sellers/${sellerId}/pos`, { name: 'Caja Norte', external_id: 'CAJANORTE', store_external_id: 'store_norte' });
  assert.equal(pos.status, 201, JSON.stringify(pos.body));
  const key = await gw.admin('POST', `/sellers/${sellerId}/pos/${pos.body.id}/device-keys`, {});
  return { store: store.body, pos: pos.body, key: key.body.key as string };
}

/** A session cookie for the admin pages, as a browser gets one: the log-in form (its cookies and hidden fields), then the admin key. */
async function session(gw: TestGateway): Promise<string> {
  const form = await gw.app.request(`${GATEWAY}/admin`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const hidden = [...(await form.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
  const res = await gw.app.request(`${GATEWAY}/admin/login`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams([...hidden, ['password', ADMIN_KEY]]).toString(),
  });
  assert.equal(res.status, 303);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => /^cobro_admin=./.test(c))!;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

for (const target of testDatabases()) {
  test(`${target.name}: each filter narrows the charges to what it names: seller, store, POS, status, UTC days`, async () => {
    const gw = await testGateway(await target.open(), `adm-chg-1-${target.name}`);
    const a = await gw.sellerWithPos();
    const aKey = (await gw.admin('POST', `/sellers/${a.seller.id}/pos/${a.pos.id}/device-keys`, {})).body.key as string;
    const a2 = await secondPos(gw, a.seller.id);
    const b = await gw.terminalOf();
    // Day 1 at noon UTC, then the two days after.
    const d1 = new Date(`${day(gw.now.value)}T12:00:00.000Z`);
    gw.now.value = d1;
    const a1Paid = await sell(gw, aKey, '12.50', 'sale-a1');
    await pay(gw, a1Paid);
    const a1Open = await sell(gw, aKey, '3.00');
    const a2Canceled = await sell(gw, a2.key, '7.00');
    assert.equal((await gw.terminal(a2.key, 'POST', `/charges/${a2Canceled.id}/cancel`)).body.status, 'canceled');
    const b1Open = await sell(gw, b.key, '1.00');
    gw.now.value = new Date(d1.getTime() + 86_400_000);
    const a1PaidDay2 = await sell(gw, aKey, '20.00');
    await pay(gw, a1PaidDay2);
    const b1PaidDay2 = await sell(gw, b.key, '30.00');
    await pay(gw, b1PaidDay2);
    gw.now.value = new Date(d1.getTime() + 2 * 86_400_000 - 12 * 3600_000 - 1000); // sold at the first instant of day 3
    const a2OpenDay3 = await sell(gw, a2.key, '5.00');
    const every = [a1Paid, a1Open, a2Canceled, b1Open, a1PaidDay2, b1PaidDay2, a2OpenDay3];

    const all = (await walk(gw, '')).all;
    assert.deepEqual(all.map((c) => c.id), [a2OpenDay3, b1PaidDay2, a1PaidDay2, b1Open, a2Canceled, a1Open, a1Paid].map((c) => c.id), 'newest first');
    const first = all.find((c) => c.id === a1Paid.id);
    assert.deepEqual({ ...first, seller: first.seller.id, store: first.store.name, pos: first.pos.name }, {
      id: a1Paid.id, status: 'approved', amount: '12.50', currency: 'ARS', reference: 'sale-a1', seller: a.seller.id, store: 'Centro', pos: 'Caja 1', created_at: new Date(d1.getTime() + 1000).toISOString(),
    });
    assert.deepEqual(await ids(gw, `?seller=${a.seller.id}`), sorted([a1Paid, a1Open, a2Canceled, a1PaidDay2, a2OpenDay3]));
    assert.deepEqual(await ids(gw, `?seller=${b.seller.id}`), sorted([b1Open, b1PaidDay2]));
    assert.deepEqual(await ids(gw, `?store=${a2.store.id}`), sorted([a2Canceled, a2OpenDay3]));
    assert.deepEqual(await ids(gw, `?store=${a.store.id}`), sorted([a1Paid, a1Open, a1PaidDay2]));
    assert.deepEqual(await ids(gw, `?pos=${a.pos.id}`), sorted([a1Paid, a1Open, a1PaidDay2]));
    assert.deepEqual(await ids(gw, `?pos=${b.pos.id}`), sorted([b1Open, b1PaidDay2]));
    assert.deepEqual(await ids(gw, '?status=approved'), sorted([a1Paid, a1PaidDay2, b1PaidDay2]));
    assert.deepEqual(await ids(gw, '?status=pending'), sorted([a1Open, b1Open, a2OpenDay3]));
    assert.deepEqual(await ids(gw, '?status=canceled'), sorted([a2Canceled]));
    assert.deepEqual(await ids(gw, '?status=refunded'), []);
    const [day1, day2, day3] = [0, 1, 2].map((n) => day(new Date(d1.getTime() + n * 86_400_000)));
    assert.deepEqual(await ids(gw, `?to=${day1}`), sorted([a1Paid, a1Open, a2Canceled, b1Open]), '`to` includes its whole day');
    assert.deepEqual(await ids(gw, `?from=${day2}`), sorted([a1PaidDay2, b1PaidDay2, a2OpenDay3]));
    assert.deepEqual(await ids(gw, `?from=${day2}&to=${day2}`), sorted([a1PaidDay2, b1PaidDay2]));
    assert.deepEqual(await ids(gw, `?from=${day3}`), sorted([a2OpenDay3]), 'from includes the first instant of its day');
    assert.deepEqual(await ids(gw, `?seller=${a.seller.id}&status=approved&from=${day2}`), sorted([a1PaidDay2]));
    assert.deepEqual(await ids(gw, `?store=${a2.store.id}&status=pending&seller=${a.seller.id}&from=&pos=`), sorted([a2OpenDay3]), 'empty fields are no filter');
    assert.deepEqual(await ids(gw, `?pos=${b.pos.id}&seller=${a.seller.id}`), [], 'filters combine');
    assert.equal(every.length, all.length);
  });

  test(`${target.name}: pages of 50 return every charge exactly once, newest first, and keep the filters`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `adm-chg-2-${target.name}`);
    const a = await gw.terminalOf();
    const b = await gw.terminalOf();
    // Straight into the table: 130 charges, ten to a millisecond (ties broken by id), 110 on one POS.
    const repo = new ChargesRepository(db.db);
    const made: string[] = [];
    for (let i = 0; i < 130; i++) {
      const t = i < 110 ? a : b;
      const id = `chg_page${String(i).padStart(3, '0')}x`;
      await repo.insertOrGet({
        id, sellerId: t.seller.id, posId: t.pos.id, idempotencyKey: `k${i}`, requestHash: 'h', mpIdempotencyKey: `m-${id}`, externalReference: id,
        reference: null, amountMinor: 100 + i, currency: 'ARS', description: null, items: undefined, mode: 'dynamic', flow: 'orders',
        now: new Date(Date.UTC(2026, 0, 1 + (i % 3), 10, 0, 0, Math.floor(i / 10))),
      });
      made.push(id);
    }
    const { pages, all } = await walk(gw, '');
    assert.deepEqual(pages.map((p) => p.length), [50, 50, 30]);
    assert.deepEqual(all.map((c) => c.id).sort(), made.sort(), 'each charge once');
    for (let i = 1; i < all.length; i++) {
      const [p, c] = [all[i - 1], all[i]];
      assert.ok(p.created_at > c.created_at || (p.created_at === c.created_at && p.id > c.id), `${p.id} before ${c.id}`);
    }
    const onA = await walk(gw, `?pos=${a.pos.id}&status=unknown`);
    assert.deepEqual(onA.pages.map((p) => p.length), [50, 50, 10]);
    assert.ok(onA.all.every((c) => c.pos.id === a.pos.id), 'the next link keeps the filters');
    assert.equal(new Set(onA.all.map((c) => c.id)).size, 110);
    const jan2 = await walk(gw, '?from=2026-01-02&to=2026-01-02');
    assert.equal(jan2.all.length, made.filter((_, i) => i % 3 === 1).length);
  });

  test(`${target.name}: bad filters are 400s naming the field; an unknown charge is a 404; no admin key is a 401`, async () => {
    const gw = await testGateway(await target.open(), `adm-chg-3-${target.name}`);
    const t = await gw.terminalOf();
    const c = await sell(gw, t.key, '9.99');
    for (const [query, field] of [
      ['seller=nope', 'seller'], ['store=pos_abc', 'store'], ['pos=1', 'pos'], ['status=paid', 'status'], ['from=2026-13-01', 'from'],
      ['from=2026-02-30', 'from'], ['to=yesterday', 'to'], ['from=2026-03-02&to=2026-03-01', 'to'], ['cursor=not-a-cursor', 'cursor'], ['sort=amount', 'sort'],
    ] as const) {
      const r = await gw.admin('GET', `/charges?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.code, 'invalid_request');
      assert.deepEqual(r.body.error.fields.map((f: any) => f.field), [field], query);
    }
    const unknown = await gw.admin('GET', '/charges/chg_nosuchcharge0000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    assert.equal((await gw.admin('GET', `/charges/${c.id}`)).status, 200);
    for (const path of ['/admin/api/charges', `/admin/api/charges/${c.id}`]) {
      for (const headers of [{}, { authorization: `Bearer ${ADMIN_KEY}x` }, { authorization: `Bearer ${t.key}` }] as Record<string, string>[]) {
        assert.equal((await gw.app.request(`${GATEWAY}${path}`, { headers })).status, 401, `${path} ${JSON.stringify(headers)}`);
      }
    }
    // The pages: no session goes to the log-in; a bad filter shows why (400); an unknown id is a 404 page.
    for (const path of ['/admin/charges', `/admin/charges/${c.id}`]) {
      const r = await gw.app.request(`${GATEWAY}${path}`, { redirect: 'manual' });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/admin');
    }
    const cookie = await session(gw);
    const bad = await gw.app.request(`${GATEWAY}/admin/charges?status=paid&from=2026-01-01`, { headers: { cookie } });
    assert.equal(bad.status, 400);
    const page = await bad.text();
    assert.match(page, /role="alert">status: /);
    assert.match(page, /value="2026-01-01"/, 'the form keeps what was typed');
    const missing = await gw.app.request(`${GATEWAY}/admin/charges/chg_nosuchcharge0000000`, { headers: { cookie } });
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<title>Charge not found · cobro admin<\/title>[\s\S]*chg_nosuchcharge0000000/);
    const ok = await gw.app.request(`${GATEWAY}/admin/charges`, { headers: { cookie } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), new RegExp(`href="/admin/charges/${c.id}"`));
  });

  test(`${target.name}: a charge's timeline: created, MP calls, a rejected attempt, the notifications, approved and the integrator's event, in time order`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `adm-chg-4-${target.name}`);
    const t = await gw.terminalOf();
    const c = await sell(gw, t.key, '150.00', 'ticket-77');
    const t0 = gw.now.value.getTime();
    const calls = new MpCallsRepository(db.db);
    const call = (at: number, method: string, path: string, status: number | null, rid: string, error: string | null = null) => calls.insert([{
      charge_id: c.id, seller_id: t.seller.id, method, path, status, mp_request_id: rid, attempt: 1, duration_ms: 42, error, created_at: new Date(t0 + at),
    }]);
    await call(1000, 'POST', '/v1/orders', 201, 'req-create-1');
    // A first card is rejected (the charge stays pending, the attempt is reported once).
    gw.now.value = new Date(t0 + 1500);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'OTHE' });
    await control(gw.sb, 'POST', '/__sandbox/webhooks/idle');
    gw.now.value = new Date(t0 + 1700);
    await gw.charges.reconcile(c.id);
    // The buyer pays; MP's notification arrives two seconds in.
    gw.now.value = new Date(t0 + 2000);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await control(gw.sb, 'POST', '/__sandbox/webhooks/idle');
    await call(3000, 'GET', `/v1/orders/${c.mp_order_id}`, null, 'req-fetch-1', 'timeout after 10000 ms');
    gw.now.value = new Date(t0 + 4000);
    await gw.charges.reconcile(c.id);
    await gw.drain();

    const r = await gw.admin('GET', `/charges/${c.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(adminChargeDetail.safeParse(r.body).success, JSON.stringify(adminChargeDetail.safeParse(r.body).error?.issues));
    const { charge, timeline } = r.body;
    assert.equal(charge.status, 'approved');
    assert.equal(charge.amount, '150.00');
    assert.equal(charge.reference, 'ticket-77');
    assert.equal(charge.mp_order_id, c.mp_order_id);
    assert.ok(charge.mp_payment_id);
    assert.deepEqual([charge.seller.id, charge.pos.id, charge.store.name, charge.flow], [t.seller.id, t.pos.id, 'Centro', 'orders']);
    const at = timeline.map((e: any) => Date.parse(e.at));
    assert.deepEqual(at, [...at].sort((x, y) => x - y), 'oldest first');
    const find = (what: string, pred: (e: any) => boolean) => {
      const i = timeline.findIndex(pred);
      assert.ok(i >= 0, `${what} is in the timeline: ${JSON.stringify(timeline.map((e: any) => e.summary))}`);
      return i;
    };
    const created = find('charge.created', (e) => e.kind === 'state' && e.details.type === 'charge.created');
    const create = find('the create call', (e) => e.kind === 'mp_call' && e.details.mp_request_id === 'req-create-1');
    const rejected = find('the rejected attempt', (e) => e.kind === 'state' && e.details.type === 'charge.attempt_rejected');
    const rejectedId = timeline[rejected].details.data.mp_payment_ids[0];
    assert.equal(timeline[rejected].summary, `Card attempt rejected (payment ${rejectedId})`);
    const rejectedNote = find("the rejected payment's notification", (e) => e.kind === 'notification' && e.details.topic === 'payment' && e.details.resource_id === rejectedId);
    find("the approved payment's notification", (e) => e.kind === 'notification' && e.details.topic === 'payment' && e.details.resource_id === charge.mp_payment_id);
    const notified = find('the order notification', (e) => e.kind === 'notification' && e.details.topic === 'order' && e.details.resource_id === c.mp_order_id);
    const fetched = find('the failed fetch', (e) => e.kind === 'mp_call' && e.details.mp_request_id === 'req-fetch-1');
    const approved = find('charge.approved', (e) => e.kind === 'state' && e.details.type === 'charge.approved');
    const event = find('the approved event', (e) => e.kind === 'event' && e.details.type === 'charge.approved');
    assert.deepEqual([created, create, rejectedNote, rejected, notified, fetched, approved, event], [created, create, rejectedNote, rejected, notified, fetched, approved, event].sort((x, y) => x - y),
      timeline.map((e: any) => `${e.at} ${e.kind} ${e.summary}`).join('\n'));
    assert.equal(timeline[rejected].at, new Date(t0 + 1700).toISOString());
    assert.equal(timeline[notified].at, new Date(t0 + 2000).toISOString());
    assert.equal(timeline[approved].at, new Date(t0 + 4000).toISOString());
    assert.equal(timeline[fetched].summary, `GET /v1/orders/${c.mp_order_id} → no answer in 42 ms: timeout after 10000 ms`);
    assert.match(timeline[notified].summary, /reconciled/);
    assert.deepEqual({ delivered_at: timeline[event].details.delivered_at, attempts: timeline[event].details.attempts }, { delivered_at: null, attempts: 0 });
    assert.match(timeline[event].summary, /not delivered \(0 attempts\)/);
    // Another charge's calls and notifications are not in it.
    const other = await sell(gw, t.key, '1.00');
    await calls.insert([{ charge_id: other.id, seller_id: t.seller.id, method: 'POST', path: '/v1/orders', status: 201, mp_request_id: 'req-other', attempt: 1, duration_ms: 5, error: null, created_at: new Date(t0 + 5000) }]);
    const again = (await gw.admin('GET', `/charges/${c.id}`)).body.timeline;
    assert.ok(!again.some((e: any) => e.details.mp_request_id === 'req-other' || JSON.stringify(e).includes(other.id)));
    assert.ok(!JSON.stringify(r.body).match(/access_token|APP_USR|cbk_/), 'no token or key');
  });
}
