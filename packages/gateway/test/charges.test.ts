// Charges end to end against the sandbox: create → the buyer pays → approved; rejected attempts then approval;
// expiry; cancel (also while the buyer pays); an idempotent create; lost answers on create (exactly one MP order);
// MP's definitive refusals; amount rules; and scoping to the terminal's POS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

async function charge(gw: TestGateway, key: string, body: unknown, idem = `sale-${Math.random()}`) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any };
}

for (const target of testDatabases()) {
  test(`${target.name}: a charge is created with its QR, paid by the buyer, and reconciled to approved`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-1-${target.name}`);
    const t = await gw.terminalOf('MLA');
    const r = await charge(gw, t.key, { amount: '1234.50', description: 'Café y medialunas' }, 'sale-1');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'pending');
    assert.equal(r.body.amount, '1234.50');
    assert.equal(r.body.currency, 'ARS');
    assert.match(r.body.qr_data, /^000201/);
    assert.equal(r.body.qr_svg_url, `/api/charges/${r.body.id}/qr.svg`);
    const again = await charge(gw, t.key, { amount: '1234.50', description: 'Café y medialunas' }, 'sale-1');
    assert.equal(again.status, 200);
    assert.equal(again.body.id, r.body.id);
    const other = await charge(gw, t.key, { amount: '99.00' }, 'sale-1');
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'idempotency_key_reused');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: r.body.qr_data, card: 'APRO' });
    await gw.charges.reconcile(r.body.id);
    const got = await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`);
    assert.equal(got.body.status, 'approved');
    assert.ok(got.body.mp_payment_id);
    // The MP order carries our reference and the integrator as sponsor.
    const order = await gw.sb.fetch(`https://api.mercadopago.com/v1/orders/${got.body.mp_order_id}`, { headers: { authorization: `Bearer ${t.shop.access_token}` } }).then((x) => x.json());
    assert.equal(order.external_reference, r.body.id);
    assert.ok(order.integration_data?.sponsor?.id);
    // A duplicate or stale re-fetch changes nothing.
    const before = got.body.version;
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.version, before);
    const svg = await gw.app.request(`http://gateway.test/api/charges/${r.body.id}/qr.svg`, { headers: { authorization: `Bearer ${t.key}` } });
    assert.match(await svg.text(), /<svg/);
  });

  test(`${target.name}: a rejected card keeps the charge pending and is reported once; then the buyer pays`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-2-${target.name}`);
    const t = await gw.terminalOf();
    const { body: c } = await charge(gw, t.key, { amount: '50.00' });
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'OTHE' });
    await gw.charges.reconcile(c.id);
    await gw.charges.reconcile(c.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'pending');
    const events = await db.db.selectFrom('charge_events').select(['type']).where('charge_id', '=', c.id).orderBy('version').execute();
    assert.deepEqual(events.map((e) => e.type), ['charge.created', 'charge.pending', 'charge.attempt_rejected']);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.charges.reconcile(c.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'approved');
  });

  test(`${target.name}: a charge nobody pays expires; cancel cancels, but not while the buyer is paying`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-3-${target.name}`);
    const t = await gw.terminalOf();
    const { body: c } = await charge(gw, t.key, { amount: '10.00' });
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT16M' });
    await gw.charges.reconcile(c.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}`)).body.status, 'expired');
    const { body: d } = await charge(gw, t.key, { amount: '11.00' });
    const canceled = await gw.terminal(t.key, 'POST', `/charges/${d.id}/cancel`);
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    assert.equal(canceled.body.status, 'canceled');
    assert.equal((await gw.terminal(t.key, 'POST', `/charges/${d.id}/cancel`)).status, 409);
    const { body: e } = await charge(gw, t.key, { amount: '12.00' });
    await control(gw.sb, 'POST', '/__sandbox/scan', { qr_data: e.qr_data });
    const paying = await gw.terminal(t.key, 'POST', `/charges/${e.id}/cancel`);
    assert.equal(paying.status, 409);
    assert.equal(paying.body.error.code, 'buyer_paying');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: e.qr_data, card: 'APRO' });
    // The terminal has not heard of the payment yet: its cancel reaches MP, and the payment wins.
    const late = await gw.terminal(t.key, 'POST', `/charges/${e.id}/cancel`);
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'charge_already_paid');
    assert.equal(late.body.charge.status, 'approved');
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${e.id}`)).body.status, 'approved');
  });

  test(`${target.name}: lost answers on create leave exactly one Mercado Pago order`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-4-${target.name}`);
    const t = await gw.terminalOf();
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: '/v1/orders', fault: 'commit_then_drop', once: true });
    const dropped = await charge(gw, t.key, { amount: '20.00' });
    assert.equal(dropped.status, 201);
    assert.equal(dropped.body.status, 'pending', 'the client retried with the same key and got the same order');
    assert.equal(gw.sb.state.orders.size, 1);
    await gw.terminal(t.key, 'POST', `/charges/${dropped.body.id}/cancel`);
    // MP keeps failing after committing: the charge is unknown (never paid), then the recovery finds the one order.
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: '/v1/orders', fault: 'commit_then_error', status: 503, times: 3 });
    const lost = await charge(gw, t.key, { amount: '21.00' });
    assert.equal(lost.status, 201);
    assert.equal(lost.body.status, 'unknown');
    assert.equal(lost.body.qr_data, null);
    assert.equal(gw.sb.state.orders.size, 2);
    const [job] = await gw.jobs.claim(['charge.recover'], 1).then(async (j) => j.length ? j : (gw.now.value = new Date(gw.now.value.getTime() + 3000), gw.jobs.claim(['charge.recover'], 1)));
    assert.deepEqual(job.payload, { chargeId: lost.body.id });
    await gw.charges.recover(lost.body.id);
    const after = await gw.terminal(t.key, 'GET', `/charges/${lost.body.id}`);
    assert.equal(after.body.status, 'pending');
    assert.match(after.body.qr_data, /^000201/);
    assert.equal(gw.sb.state.orders.size, 2, 'still one MP order for this charge');
  });

  test(`${target.name}: Mercado Pago's refusal fails the charge with its message; amounts follow the currency`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-5-${target.name}`);
    const t = await gw.terminalOf();
    // A static QR shows one order at a time: MP refuses a second one on the same POS.
    await charge(gw, t.key, { amount: '5.00', mode: 'static' });
    const busy = await charge(gw, t.key, { amount: '6.00', mode: 'static' });
    assert.equal(busy.status, 422, JSON.stringify(busy.body));
    assert.equal(busy.body.status, 'failed');
    assert.match(busy.body.failure.message, /pending order|already/i);
    const comma = await charge(gw, t.key, { amount: '12,50' });
    assert.equal(comma.status, 400);
    assert.equal(comma.body.error.fields[0].field, 'amount');
    assert.match(comma.body.error.fields[0].rule, /use a dot for decimals: 12\.50/);
    for (const bad of ['0', '-5', 'abc', '1.234']) assert.equal((await charge(gw, t.key, { amount: bad })).status, 400, bad);
    const clp = await gw.terminalOf('MLC');
    assert.equal((await charge(gw, clp.key, { amount: '1500.50' })).status, 400);
    const ok = await charge(gw, clp.key, { amount: '1500' });
    assert.equal(ok.body.currency, 'CLP');
    assert.equal(ok.body.amount, '1500');
    const noKey = await gw.app.request('http://gateway.test/api/charges', { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body: '{"amount":"1.00"}' });
    assert.equal(noKey.status, 400);
  });

  test(`${target.name}: a terminal sees only its own POS's charges`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `chg-6-${target.name}`);
    const a = await gw.terminalOf();
    const b = await gw.terminalOf();
    const { body: c } = await charge(gw, a.key, { amount: '7.00' });
    for (const [m, p] of [['GET', `/charges/${c.id}`], ['POST', `/charges/${c.id}/cancel`], ['GET', `/charges/${c.id}/qr.png`]] as const) {
      const r = await gw.terminal(b.key, m, p);
      assert.equal(r.status, 404, `${m} ${p}`);
    }
    assert.equal((await gw.terminal(a.key, 'GET', `/charges/${c.id}`)).body.status, 'pending');
  });
}
