// cobro orders / payments / merchant-orders / pos unblock: the resources a developer looks at all day, with
// both payment ids labelled, MP errors that carry a fix, and a POS freed from the order that holds it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MercadoPagoClient } from '@cobro/client';
import { cobro, initDemo, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
before(async () => {
  t = await startSandbox('cli-resources');
  home = tempHome();
  await initDemo(home.dir, t);
});
after(async () => { await t.close(); home.cleanup(); });

const charge = async (amount: string, mode = 'dynamic') => {
  const r = await cobro(['charge', amount, '--pos', 'CAJA1', '--mode', mode, '--no-wait', '--json'], home.dir);
  assert.equal(r.code, 0, r.stderr);
  return r.lines()[0] as { order: { id: string; external_reference: string }; qr_data: string };
};

describe('cobro orders and pos unblock', () => {
  it('a held POS: the 409 names the fix, pos unblock cancels the order, orders list shows it canceled', async () => {
    const held = await charge('20', 'static');
    const blocked = await cobro(['charge', '21', '--pos', 'CAJA1', '--no-wait', '--json'], home.dir);
    assert.equal(blocked.code, 1);
    const err = blocked.json().error;
    assert.equal(err.code, 'already_queued_order_on_pos');
    assert.match(err.fix, /(npx )?cobro pos unblock <pos>/);
    const freed = await cobro(['pos', 'unblock', 'CAJA1', '--json'], home.dir);
    assert.deepEqual(freed.json().canceled, [held.order.id]);
    const list = (await cobro(['orders', 'list', '--json'], home.dir)).json();
    assert.deepEqual(list.results.map((o: { id: string; status: string }) => [o.id, o.status]), [[held.order.id, 'canceled']]);
    const again = await cobro(['pos', 'unblock', 'CAJA1'], home.dir);
    assert.match(again.stdout, /holds no pending order/);
  });

  it('on the sandbox, pos unblock also frees a POS held by an order another program created', async () => {
    const client = new MercadoPagoClient({ accessToken: t.demo.seller.access_token, baseUrl: t.url });
    const theirs = await client.orders.createQr({ amount: '9.00', site: 'MLA', externalPosId: 'CAJA1', mode: 'static', externalReference: 'their-app-1' });
    const freed = await cobro(['pos', 'unblock', 'CAJA1', '--json'], home.dir);
    assert.deepEqual(freed.json().canceled, [theirs.id]);
    assert.equal((await client.orders.get(theirs.id)).status, 'canceled');
  });

  it('get labels both payment ids; refund checks the amount, then refunds; cancel of a paid order says why not', async () => {
    const { order, qr_data } = await charge('30');
    const paid = t.sb.control.buyer.pay({ qr_data, card: 'APRO' });
    const got = await cobro(['orders', 'get', order.id], home.dir);
    assert.match(got.stdout, new RegExp(`order ${order.id} — 30.00 processed \\(processed\\) on POS CAJA1 \\(dynamic\\)`));
    assert.match(got.stdout, new RegExp(`transaction PAY\\w+ \\(Orders API\\), classic payment id ${paid.payment_id}: 30.00 processed`));
    const comma = await cobro(['orders', 'refund', order.id, '--amount', '5,00'], home.dir);
    assert.equal(comma.code, 2);
    assert.match(comma.stderr, /use a dot for decimals: 5\.00/);
    const refund = await cobro(['orders', 'refund', order.id, '--amount', '5.00', '--json'], home.dir);
    assert.equal(refund.code, 0, refund.stderr);
    assert.equal(refund.json().transactions.refunds[0].amount, '5.00');
    const cancel = await cobro(['orders', 'cancel', order.id, '--json'], home.dir);
    assert.equal(cancel.code, 1);
    assert.ok(cancel.json().error.fix, cancel.stdout);
    assert.equal((await cobro(['orders', 'get', 'ORD123'], home.dir)).code, 2);
  });
});

describe('cobro payments and merchant-orders', () => {
  it('a legacy dynamic QR paid: merchant order search/get, payment get/search/refund', async () => {
    const client = new MercadoPagoClient({ accessToken: t.demo.seller.access_token, baseUrl: t.url });
    const qr = await client.instoreOrders.createDynamic(t.demo.seller.user_id, 'CAJA1', {
      external_reference: 'legacy-1', total_amount: '12.00', title: 'Cafe', description: 'Cafe', site: 'MLA', items: [{ title: 'Cafe', description: 'Cafe', unit_price: '12.00', quantity: 1, unit_measure: 'unit' }],
    });
    const paid = t.sb.control.buyer.pay({ qr_data: qr.qr_data, card: 'APRO' });
    const mos = (await cobro(['merchant-orders', 'search', '--external-reference', 'legacy-1', '--json'], home.dir)).json();
    assert.equal(mos.elements.length, 1);
    const mo = await cobro(['merchant-orders', 'get', String(mos.elements[0].id)], home.dir);
    assert.match(mo.stdout, new RegExp(`merchant order \\d+ — 12 closed \\(paid\\), paid 12 of 12, external_reference legacy-1\\n {2}payment ${paid.payment_id} \\(classic id\\): 12 approved`));
    const p = await cobro(['payments', 'get', String(paid.payment_id)], home.dir);
    assert.match(p.stdout, new RegExp(`payment ${paid.payment_id} \\(classic id\\) — 12 ARS approved \\(accredited\\)`));
    const search = (await cobro(['payments', 'search', '--external-reference', 'legacy-1', '--json'], home.dir)).json();
    assert.deepEqual(search.results.map((x: { id: number }) => x.id), [paid.payment_id]);
    const refund = await cobro(['payments', 'refund', String(paid.payment_id), '--amount', '2', '--json'], home.dir);
    assert.equal(refund.code, 0, refund.stderr);
    assert.equal(refund.json().amount, 2);
    const bad = await cobro(['payments', 'get', 'abc', '--json'], home.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.json().error.fix, /classic payment id/);
    const missing = await cobro(['payments', 'get', '1', '--json'], home.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.json().error.fix, /check the id/);
  });

  it('payments cancel cancels a pending payment (MP\'s PUT {"status":"cancelled"}) and refuses an approved one', async () => {
    const c = await charge('9');
    const pending = t.sb.control.buyer.pay({ qr_data: c.qr_data, card: 'CONT' });
    const r = await cobro(['payments', 'cancel', String(pending.payment_id)], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`payment ${pending.payment_id} cancelled`));
    const got = (await cobro(['payments', 'get', String(pending.payment_id), '--json'], home.dir)).json();
    assert.equal(got.status, 'cancelled');
    await cobro(['orders', 'cancel', c.order.id], home.dir);
    const paidOrder = await charge('8');
    const approved = t.sb.control.buyer.pay({ qr_data: paidOrder.qr_data, card: 'APRO' });
    const refused = await cobro(['payments', 'cancel', String(approved.payment_id), '--json'], home.dir);
    assert.notEqual(refused.code, 0);
    assert.ok(refused.json().error.fix, refused.stdout);
  });
});
