// The legacy in-store QR flows, chosen per POS (`flow`), end to end against the sandbox: a dynamic QR per charge
// and an attended order on the POS's printed QR; the buyer's rejected attempt then approval through the merchant
// order; the sponsor as MP's legacy API wants it; refunds of the classic payment; expiry; cancel (attended only:
// MP cannot delete a dynamic legacy order); a lost create answer recovered to one payable order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

async function legacyTerminal(gw: TestGateway, flow: 'legacy_dynamic' | 'legacy_attended') {
  const s = await gw.sellerWithPos('MLA');
  const pos = await gw.admin('POST', `/sellers/${s.seller.id}/pos`, { name: `Caja ${flow}`, external_id: `L${flow === 'legacy_dynamic' ? 'DYN' : 'ATT'}${Date.now() % 100000}`, store_external_id: s.store.external_id, flow });
  assert.equal(pos.status, 201, JSON.stringify(pos.body));
  const k = await gw.admin('POST', `/sellers/${s.seller.id}/pos/${pos.body.id}/device-keys`, {});
  return { ...s, pos: pos.body, key: k.body.key as string };
}

async function charge(gw: TestGateway, key: string, body: unknown, idem = `sale-${Math.random()}`) {
  const res = await gw.app.request('http://gateway.test/api/charges', {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any };
}

async function refund(gw: TestGateway, key: string, id: string, body: unknown) {
  const res = await gw.app.request(`http://gateway.test/api/charges/${id}/refunds`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `refund-${Math.random()}` }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any };
}

for (const target of testDatabases()) {
  test(`${target.name}: legacy dynamic — QR per charge, a rejected attempt, approval through the merchant order, sponsor, refunds`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `legacy-1-${target.name}`);
    const t = await legacyTerminal(gw, 'legacy_dynamic');
    const r = await charge(gw, t.key, { amount: '250.00', description: 'Empanadas' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'pending');
    assert.match(r.body.qr_data, /^000201/);
    assert.ok(r.body.mp_order_id, 'the in_store_order_id');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: r.body.qr_data, card: 'OTHE' });
    await gw.drain();
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.status, 'pending');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: r.body.qr_data, card: 'APRO' });
    await gw.drain(); // the merchant_order and payment notifications reconcile it
    const paid = (await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body;
    assert.equal(paid.status, 'approved');
    assert.ok(paid.mp_payment_id);
    const types = (await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', r.body.id).orderBy('version').execute()).map((e) => e.type);
    assert.deepEqual(types.filter((x) => x !== 'charge.created'), ['charge.pending', 'charge.attempt_rejected', 'charge.approved']);
    // The legacy API's sponsor: a number in sponsor_id, on the merchant order MP made.
    const mos = await gw.sb.fetch(`https://api.mercadopago.com/merchant_orders/search?external_reference=${r.body.id}`, { headers: { authorization: `Bearer ${t.shop.access_token}` } }).then((x) => x.json()) as any;
    assert.equal(typeof mos.elements[0].sponsor_id, 'number');
    assert.notEqual(mos.elements[0].sponsor_id, t.seller.mp_user_id, 'the integrator, not the seller');
    // Cancel: MP has no delete for a dynamic legacy order.
    const other = await charge(gw, t.key, { amount: '10.00' });
    const cancel = await gw.terminal(t.key, 'POST', `/charges/${other.body.id}/cancel`);
    assert.equal(cancel.status, 409);
    assert.match(cancel.body.error.message, /legacy dynamic QR, which Mercado Pago cannot cancel/);
    // Refunds through the classic payment: partial, then the rest.
    const part = await refund(gw, t.key, r.body.id, { amount: '50.00' });
    assert.equal(part.status, 202, JSON.stringify(part.body));
    assert.equal(part.body.charge.status, 'partially_refunded');
    assert.equal(part.body.charge.refunded_amount, '50.00');
    const rest = await refund(gw, t.key, r.body.id, {});
    assert.equal(rest.body.charge.status, 'refunded');
  });

  test(`${target.name}: legacy attended — the order waits on the POS's printed QR; paid by the POS; cancel takes it off; expiry`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `legacy-2-${target.name}`);
    const t = await legacyTerminal(gw, 'legacy_attended');
    const r = await charge(gw, t.key, { amount: '99.90' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'pending');
    assert.equal(r.body.qr_data, null, 'the buyer scans the POS QR');
    const onPos = await gw.sb.fetch(`https://api.mercadopago.com/instore/qr/seller/collectors/${t.seller.mp_user_id}/pos/${t.pos.external_id}/orders`, { headers: { authorization: `Bearer ${t.shop.access_token}` } }).then((x) => x.json()) as any;
    assert.equal((Array.isArray(onPos) ? onPos[0] : onPos).external_reference, r.body.id);
    await control(gw.sb, 'POST', '/__sandbox/pay', { pos_id: t.pos.mp_pos_id, card: 'APRO' });
    await gw.drain();
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.status, 'approved');

    const c = await charge(gw, t.key, { amount: '15.00' });
    const canceled = await gw.terminal(t.key, 'POST', `/charges/${c.body.id}/cancel`);
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    assert.equal(canceled.body.status, 'canceled');
    const empty = await gw.sb.fetch(`https://api.mercadopago.com/instore/qr/seller/collectors/${t.seller.mp_user_id}/pos/${t.pos.external_id}/orders`, { headers: { authorization: `Bearer ${t.shop.access_token}` } });
    assert.equal(empty.status, 404, 'the order is off the POS');

    const e = await charge(gw, t.key, { amount: '20.00' });
    await control(gw.sb, 'POST', '/__sandbox/clock/advance', { duration: 'PT16M' });
    gw.now.value = new Date(gw.now.value.getTime() + 16 * 60_000);
    await gw.charges.reconcile(e.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${e.body.id}`)).body.status, 'expired');
  });

  test(`${target.name}: legacy dynamic — a lost create answer leaves the charge unknown, recovery makes one payable QR`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `legacy-3-${target.name}`);
    const t = await legacyTerminal(gw, 'legacy_dynamic');
    await control(gw.sb, 'POST', '/__sandbox/faults', { method: 'POST', path: `/instore/orders/qr/seller/collectors/${t.seller.mp_user_id}/pos/${t.pos.external_id}/qrs`, fault: 'commit_then_drop', once: true });
    const r = await charge(gw, t.key, { amount: '42.00' }, 'lost-1');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'unknown');
    assert.equal(r.body.qr_data, null, 'never a QR for an unknown charge');
    await gw.charges.recover(r.body.id);
    const got = (await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body;
    assert.equal(got.status, 'pending');
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: got.qr_data, card: 'APRO' });
    await gw.charges.reconcile(r.body.id);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${r.body.id}`)).body.status, 'approved');
    const approvals = await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', r.body.id).where('type', '=', 'charge.approved').execute();
    assert.equal(approvals.length, 1);
  });
}
