// The admin's notification inbox and events outbox through the JSON API: each filter narrows to what it names,
// keyset pages add up to the whole list, a bad query is a 400 naming the field (and changes nothing); a replay
// re-runs the reconcile (the same truth again: no new charge event), a replay after Mercado Pago answered 5xx gets
// the charge to its true state at once, and a redelivery after the integrator's endpoint was down delivers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { adminLogin } from './admin-login-helpers.ts';
import { event as eventSchema, notification as notificationSchema } from '../src/http/openapi/ops-admin-notifications.ts';

async function paid(gw: TestGateway, key: string, amount: string) {
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}` }, body: JSON.stringify({ amount }),
  });
  const c = await res.json() as any;
  assert.equal(res.status, 201, JSON.stringify(c));
  await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
  await gw.drain();
  return c;
}

/** Every page of a list, following next_before. */
async function all(gw: TestGateway, path: string, query: string, limit: number): Promise<any[]> {
  const out: any[] = [];
  let before = '';
  for (let pages = 0; pages < 100; pages++) {
    const r = await gw.admin('GET', `${path}?limit=${limit}${query}${before && `&before=${before}`}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.results.length <= limit);
    out.push(...r.body.results);
    if (!r.body.next_before) return out;
    before = r.body.next_before;
  }
  throw new Error('paging never ended');
}

const ids = (rows: any[]) => rows.map((r) => r.id);
/** How many notifications the webhook-lag histogram has observed. */
const lagCount = async (gw: TestGateway) => Number(/^cobro_webhook_lag_seconds_count(?:\{\})? (\d+)$/m.exec(await gw.metrics.render())?.[1]);

async function badQuery(gw: TestGateway, path: string, query: string, field: string) {
  const r = await gw.admin('GET', `${path}?${query}`);
  assert.equal(r.status, 400, query);
  assert.equal(r.body.error.code, 'invalid_request');
  assert.ok(r.body.error.fields.some((f: any) => f.field === field), `${query}: ${JSON.stringify(r.body.error.fields)}`);
}

for (const target of testDatabases()) {
  test(`${target.name}: the inbox newest first; seller, topic, signature and state each narrow; pages add up; bad queries are 400`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `adm-ntf-1-${target.name}`);
    const a = await gw.terminalOf();
    const b = await gw.terminalOf();
    const ca = await paid(gw, a.key, '10.00');
    await paid(gw, b.key, '11.00');
    // An IPN (no user id, no signature) and an unsigned webhook for a's order, left pending (not drained).
    assert.equal((await gw.app.request(`${GATEWAY}/webhooks/mercadopago?topic=payment&id=123`, { method: 'POST' })).status, 200);
    const unsigned = await gw.app.request(`${GATEWAY}/webhooks/mercadopago?data.id=${ca.mp_order_id}&type=order`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'order', action: 'order.updated', data: { id: ca.mp_order_id }, user_id: String(a.shop.user_id) }),
    });
    assert.equal(unsigned.status, 200);

    const everything = await all(gw, '/inbox', '', 200);
    assert.ok(everything.length >= 5, JSON.stringify(everything));
    for (const n of everything) assert.ok(notificationSchema.safeParse(n).success, JSON.stringify(n));
    const numeric = everything.map((n) => Number(n.id.slice(4)));
    assert.deepEqual(numeric, [...numeric].sort((x, y) => y - x), 'newest first');
    assert.deepEqual(ids(await all(gw, '/inbox', '', 2)), ids(everything), 'pages of 2 add up to the whole inbox, once each');

    const narrows = async (query: string, holds: (n: any) => boolean) => {
      const got = await all(gw, '/inbox', query, 3);
      assert.ok(got.length > 0 && got.length < everything.length, `${query}: ${got.length} of ${everything.length}`);
      assert.ok(got.every(holds), query);
      assert.deepEqual(ids(got), ids(everything.filter(holds)), `${query} is exactly the matching ones`);
    };
    await narrows(`&mp_user_id=${a.shop.user_id}`, (n) => n.mp_user_id === String(a.shop.user_id));
    await narrows('&topic=payment', (n) => n.topic === 'payment');
    await narrows('&signature=absent', (n) => n.signature === 'absent');
    await narrows('&signature=verified', (n) => n.signature === 'verified');
    await narrows('&state=pending', (n) => n.processed_at === null);
    await narrows('&state=processed', (n) => n.processed_at !== null);
    await narrows(`&mp_user_id=${a.shop.user_id}&state=pending`, (n) => n.mp_user_id === String(a.shop.user_id) && n.processed_at === null);

    const ofA = everything.find((n) => n.topic === 'order' && n.resource_id === ca.mp_order_id && n.signature === 'verified');
    assert.ok(ofA, 'the signed order notification of a\'s sale');
    assert.equal(ofA.charge_id, ca.id, 'linked to its charge');
    assert.equal(ofA.seller.id, a.seller.id);
    const one = await gw.admin('GET', `/inbox/${ofA.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.body.data.id, ca.mp_order_id, 'the body as received');
    assert.equal(everything.find((n) => n.topic === 'payment' && n.resource_id === '123').charge_id, null);

    const before = await db.db.selectFrom('jobs').select('id').execute();
    await badQuery(gw, '/inbox', 'topic=refund', 'topic');
    await badQuery(gw, '/inbox', 'state=done', 'state');
    await badQuery(gw, '/inbox', 'mp_user_id=abc', 'mp_user_id');
    await badQuery(gw, '/inbox', 'mp_user_id=12345678901234567890', 'mp_user_id');
    await badQuery(gw, '/inbox', 'limit=0', 'limit');
    await badQuery(gw, '/inbox', 'before=yesterday', 'before');
    await badQuery(gw, '/inbox', 'colour=red', 'colour');
    await badQuery(gw, '/outbox', 'state=lost', 'state');
    for (const id of ['ntf_999999', 'nope']) {
      assert.equal((await gw.admin('GET', `/inbox/${id}`)).status, 404);
      assert.equal((await gw.admin('POST', `/inbox/${id}/replay`)).status, 404);
    }
    // Without an integrator endpoint, a redelivery is refused rather than queued to do nothing.
    const anEvent = (await gw.admin('GET', '/outbox?limit=1')).body.results[0];
    const off = await gw.admin('POST', `/outbox/${anEvent.id}/redeliver`);
    assert.equal(off.status, 409);
    assert.equal(off.body.error.code, 'events_not_configured');
    assert.deepEqual(await db.db.selectFrom('jobs').select('id').execute(), before, 'nothing was queued');
  });

  test(`${target.name}: replaying a processed notification re-runs its reconcile: processed again, the charge unchanged, no new event`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `adm-ntf-2-${target.name}`);
    const t = await gw.terminalOf();
    const c = await paid(gw, t.key, '12.00');
    const charge = (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal(charge.status, 'approved');
    const [n] = (await gw.admin('GET', `/inbox?topic=order&state=processed&mp_user_id=${t.shop.user_id}&limit=1`)).body.results;
    assert.equal(n.charge_id, c.id);
    const events = await db.db.selectFrom('charge_events').select(['version', 'type']).where('charge_id', '=', c.id).execute();
    const outbox = await db.db.selectFrom('outbox').select('id').execute();
    const lag = await lagCount(gw);
    assert.ok(lag >= 1);

    const r = await gw.admin('POST', `/inbox/${n.id}/replay`);
    assert.equal(r.status, 202);
    assert.deepEqual(r.body, { id: n.id, queued: true });
    assert.equal((await gw.admin('GET', `/inbox/${n.id}`)).body.processed_at, null, 'pending until the job has run');
    const queued = await db.db.selectFrom('jobs').select(['dedupe_key', 'state']).execute();
    assert.deepEqual(queued, [{ dedupe_key: `order:${c.mp_order_id}`, state: 'queued' }]);
    gw.now.value = new Date(gw.now.value.getTime() + 1000);
    assert.ok(await gw.drain() >= 1);
    const after = (await gw.admin('GET', `/inbox/${n.id}`)).body;
    assert.ok(after.processed_at && after.processed_at > n.processed_at, 'processed again, later');
    assert.deepEqual((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body, charge, 'the charge is as it was');
    assert.deepEqual(await db.db.selectFrom('charge_events').select(['version', 'type']).where('charge_id', '=', c.id).execute(), events, 'no duplicate charge event');
    assert.deepEqual(await db.db.selectFrom('outbox').select('id').execute(), outbox, 'no new integrator event');
    assert.equal(await lagCount(gw), lag, 'a replayed delivery\'s age is not counted as webhook lag');
  });

  test(`${target.name}: a notification whose reconcile met MP's 5xx, replayed once MP is back, gets the charge approved at once`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `adm-ntf-3-${target.name}`);
    const t = await gw.terminalOf();
    const res = await gw.app.request(`${GATEWAY}/api/charges`, {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': 'sale-5xx' }, body: '{"amount":"13.00"}',
    });
    const c = await res.json() as any;
    await gw.drain();
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'GET', path: `/v1/orders/${c.mp_order_id}`, status: 503 });
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.drain();
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'pending', 'the re-fetch failed');
    const [n] = (await gw.admin('GET', `/inbox?topic=order&state=pending&mp_user_id=${t.shop.user_id}`)).body.results;
    assert.equal(n.charge_id, c.id);
    const waiting = await db.db.selectFrom('jobs').select(['state', 'run_at', 'last_error']).where('dedupe_key', '=', `order:${c.mp_order_id}`).execute();
    assert.equal(waiting.length, 1);
    assert.ok(new Date(waiting[0]!.run_at) > gw.now.value, 'its retry waits out a backoff');
    await control(gw.sb, 'DELETE', '/__sandbox/faults');
    assert.equal(await gw.drain(), 0, 'nothing is due yet');
    assert.equal((await gw.admin('POST', `/inbox/${n.id}/replay`)).status, 202);
    assert.ok(await gw.drain() >= 1, 'the replay made it due now');
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'approved');
    assert.notEqual((await gw.admin('GET', `/inbox/${n.id}`)).body.processed_at, null);
    assert.deepEqual(await db.db.selectFrom('jobs').select('id').where('dedupe_key', '=', `order:${c.mp_order_id}`).execute(), [], 'one job did it');
  });

  test(`${target.name}: events filtered by type, state and charge, pages add up; a redelivery after the endpoint was down delivers`, async () => {
    const db = await target.open();
    let up = false;
    const got: any[] = [];
    const gw = await testGateway(db, `adm-ntf-4-${target.name}`, {
      integrator: {
        url: 'http://integrator.test/events', secret: 'integrator-secret-0123456789',
        fetch: async (_url, init) => {
          if (!up) return new Response('down', { status: 503 });
          got.push(JSON.parse(String(init.body)));
          return new Response('ok');
        },
      },
    });
    const t = await gw.terminalOf();
    const c1 = await paid(gw, t.key, '14.00');
    const c2 = await paid(gw, t.key, '15.00');
    const everything = await all(gw, '/outbox', '', 200);
    assert.ok(everything.length >= 6);
    for (const e of everything) assert.ok(eventSchema.safeParse(e).success, JSON.stringify(e));
    assert.ok(everything.every((e) => e.state === 'failing' && /503/.test(e.last_error)), 'every event was refused');
    assert.deepEqual(ids(await all(gw, '/outbox', '', 2)), ids(everything), 'pages of 2 add up');
    const approved = await all(gw, '/outbox', '&type=charge.approved', 5);
    assert.deepEqual(approved.map((e) => e.charge_id).sort(), [c1.id, c2.id].sort());
    const ofC1 = await all(gw, '/outbox', `&charge_id=${c1.id}`, 5);
    assert.ok(ofC1.length > 0 && ofC1.length < everything.length && ofC1.every((e) => e.charge_id === c1.id));
    assert.deepEqual((await gw.admin('GET', '/outbox?state=delivered')).body.results, []);

    up = true;
    const target1 = approved.find((e) => e.charge_id === c1.id);
    const r = await gw.admin('POST', `/outbox/${target1.id}/redeliver`);
    assert.equal(r.status, 202);
    assert.deepEqual(r.body, { id: target1.id, queued: true });
    await gw.drain(); // the backoff of the first attempts has not passed: only the redelivery is due
    assert.deepEqual(got.map((e) => e.id), [target1.id], 'the redelivered event arrived');
    const delivered = (await gw.admin('GET', '/outbox?state=delivered')).body.results;
    assert.deepEqual(ids(delivered), [target1.id]);
    assert.equal(delivered[0].last_error, null);
    assert.ok(delivered[0].attempts >= 2 && delivered[0].delivered_at);
    assert.ok(!ids((await gw.admin('GET', '/outbox?state=failing&limit=200')).body.results).includes(target1.id));
    assert.equal((await gw.admin('POST', '/outbox/evt_999999/redeliver')).status, 404);

    // The same from the Events page: its Redeliver form (with the session's CSRF token) queues it, back to the page.
    const cookie = await adminLogin(gw.app);
    const page = async (path: string) => {
      const res = await gw.app.request(`${GATEWAY}${path}`, { headers: { cookie } });
      return { status: res.status, html: await res.text() };
    };
    const target2 = approved.find((e) => e.charge_id === c2.id);
    const listed = await page(`/admin/events?type=charge.approved&charge_id=${c2.id}`);
    assert.equal(listed.status, 200);
    assert.ok(!listed.html.includes('id="events-off"'), 'events are sent: no "not configured" notice');
    assert.ok(listed.html.includes(`action="/admin/events/${target2.id}/redeliver"`));
    assert.ok(!listed.html.includes(`data-id="${target1.id}"`), 'filtered to c2');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(listed.html)![1]!;
    const posted = await gw.app.request(`${GATEWAY}/admin/events/${target2.id}/redeliver`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(posted.status, 303);
    assert.equal(posted.headers.get('location'), `/admin/events?redelivered=${target2.id}`);
    await gw.drain();
    assert.deepEqual(got.map((e) => e.id), [target1.id, target2.id]);
    const back = await page(`/admin/events?redelivered=${target2.id}&state=delivered`);
    assert.match(back.html, new RegExp(`role="status"[^>]*>Redelivery of ${target2.id} queued`));
    assert.equal((back.html.match(/<tr data-id=/g) ?? []).length, 2, 'both delivered now');
    const refused = await page('/admin/events?state=lost');
    assert.equal(refused.status, 400);
    assert.match(refused.html, /role="alert">state: /);
  });
}
