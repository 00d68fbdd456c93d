// Refunds (partial then total, idempotent per key, never more than what is left), and the integrator's events:
// signed, retried while the integrator's endpoint is down, delivered once it is back, replayable from the admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { control, testGateway } from './gateway-helpers.ts';
import { paidCharge, post } from './sale-helpers.ts';
import { testDatabases } from './db-helpers.ts';

for (const target of testDatabases()) {
  test(`${target.name}: a partial then a total refund; a retried refund refunds once; no more than what is left`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `ref-1-${target.name}`);
    const t = await gw.terminalOf();
    const c = await paidCharge(gw, t.key, '100.00');
    const part = await post(gw, t.key, `/charges/${c.id}/refunds`, { amount: '30.00' }, 'refund-1');
    assert.equal(part.status, 202, JSON.stringify(part.body));
    assert.equal(part.body.refund.amount, '30.00');
    const retried = await post(gw, t.key, `/charges/${c.id}/refunds`, { amount: '30.00' }, 'refund-1');
    assert.equal(retried.body.refund.id, part.body.refund.id, 'the same key refunds once');
    // MP completes the refund a little later; the poll (or the webhook) sees it.
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT10S' });
    await gw.drain();
    gw.now.value = new Date(gw.now.value.getTime() + 10_000);
    await gw.charges.pollDue();
    let got = (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal(got.status, 'partially_refunded');
    assert.equal(got.refunded_amount, '30.00');
    const tooMuch = await post(gw, t.key, `/charges/${c.id}/refunds`, { amount: '80.00' }, 'refund-2');
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.body.error.fields[0].field, 'amount');
    const rest = await post(gw, t.key, `/charges/${c.id}/refunds`, {}, 'refund-3');
    assert.equal(rest.status, 202, JSON.stringify(rest.body));
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT10S' });
    await gw.drain();
    gw.now.value = new Date(gw.now.value.getTime() + 10_000);
    await gw.charges.pollDue();
    got = (await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body;
    assert.equal(got.status, 'refunded');
    assert.equal(got.refunded_amount, '100.00');
    const { body: pending } = await post(gw, t.key, '/charges', { amount: '5.00' }, 'unpaid');
    assert.equal((await post(gw, t.key, `/charges/${pending.id}/refunds`, {}, 'refund-4')).status, 409);
  });

  test(`${target.name}: the integrator's endpoint is down, then up: every event arrives once, signed, and replays on demand`, async () => {
    const db = await target.open();
    let up = false;
    const got: { headers: Headers; body: string }[] = [];
    const secret = 'integrator-secret-0123456789';
    const gw = await testGateway(db, `out-1-${target.name}`, {
      integrator: {
        url: 'http://integrator.test/cobro-events', secret,
        fetch: async (_url, init) => {
          if (!up) return new Response('down', { status: 503 });
          got.push({ headers: new Headers(init.headers), body: String(init.body) });
          return new Response('ok');
        },
      },
    });
    const t = await gw.terminalOf();
    const c = await paidCharge(gw, t.key, '10.00');
    assert.equal(got.length, 0);
    const undelivered = await db.db.selectFrom('outbox').selectAll().where('charge_id', '=', c.id).execute();
    assert.ok(undelivered.every((r) => r.delivered_at === null && r.attempts >= 1 && /503/.test(r.last_error ?? '')));
    up = true;
    gw.now.value = new Date(gw.now.value.getTime() + 3600_000);
    await gw.drain();
    const types = got.map((g) => JSON.parse(g.body).type);
    assert.deepEqual(types, ['charge.created', 'charge.pending', 'charge.approved']);
    for (const g of got) {
      const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(g.headers.get('x-cobro-signature')!)!;
      assert.equal(v1, createHmac('sha256', secret).update(`${ts}.${g.body}`).digest('hex'));
      assert.equal(g.headers.get('x-cobro-event-id'), JSON.parse(g.body).id);
    }
    await gw.drain();
    assert.equal(got.length, 3, 'delivered events are not sent again');
    const approved = JSON.parse(got[2].body);
    const replay = await gw.admin('POST', `/outbox/${approved.id}/redeliver`);
    assert.equal(replay.status, 202);
    await gw.drain();
    assert.equal(got.length, 4);
    assert.equal(got[3].body, got[2].body, 'a replay sends the same event');
    assert.equal((await gw.admin('POST', '/outbox/evt_999999/redeliver')).status, 404);
  });
}
