// cobro charge and cobro sandbox pay: a QR order with the sponsor id, paid by the scriptable buyer; bad
// amounts rejected before anything is created; expiry; the exit codes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cobro, initDemo, Live, Pty, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
before(async () => {
  t = await startSandbox('cli-charge');
  home = tempHome();
  await initDemo(home.dir, t);
  await initDemo(home.dir, t, 'chile', ['--site', 'MLC']);
});
after(async () => { await t.close(); home.cleanup(); });

describe('cobro charge', () => {
  it('static: creates the order with the sponsor id, waits, and exits 0 once the buyer pays the POS QR', async () => {
    const live = new Live(['charge', '150.50', '--pos', 'CAJA1', '--json', '--poll-interval', '100'], home.dir);
    const created = await live.line((l) => l.event === 'created');
    assert.equal(created.order.total_amount, '150.50');
    assert.equal(created.order.config.qr.mode, 'static');
    assert.equal(created.order.integration_data.sponsor.id, String(t.demo.sponsor_id));
    assert.equal(created.qr_data, t.demo.pos.qr_code);
    const pay = await cobro(['sandbox', 'pay', String(t.demo.pos.id), '--card', 'APRO', '--json'], home.dir);
    assert.equal(pay.code, 0, pay.stderr);
    assert.equal(pay.json().order_id, created.order.id);
    const done = await live.done;
    assert.equal(done.code, 0, done.stderr);
    const final = done.lines().at(-1);
    assert.equal(final.event, 'final');
    assert.equal(final.status, 'processed');
  });

  it('dynamic: shows qr_data; a declined card leaves it payable (pay exits 1), then APRO pays it', async () => {
    const live = new Live(['charge', '20', '--pos', 'CAJA1', '--mode', 'dynamic', '--json', '--poll-interval', '100'], home.dir);
    const created = await live.line((l) => l.event === 'created');
    assert.match(created.qr_data, /^000201/);
    assert.equal(created.qr_data, created.order.type_response.qr_data);
    const declined = await cobro(['sandbox', 'pay', created.qr_data, '--card', 'OTHE', '--json'], home.dir);
    assert.equal(declined.code, 1);
    assert.equal(declined.json().payment_status, 'rejected');
    const attempt = await live.line((l) => l.event === 'payment_attempt');
    assert.deepEqual([attempt.payment.id, attempt.payment.status], [declined.json().payment_id, 'rejected']);
    const paid = await cobro(['sandbox', 'pay', created.qr_data, '--json'], home.dir);
    assert.equal(paid.code, 0);
    assert.equal((await live.done).code, 0);
  });

  it('an order that expires ends with exit 1 and its final status', async () => {
    const live = new Live(['charge', '10', '--pos', 'CAJA1', '--mode', 'dynamic', '--json', '--poll-interval', '100'], home.dir);
    await live.line((l) => l.event === 'created');
    await t.sb.control.clock.advance('PT16M');
    const done = await live.done;
    assert.equal(done.code, 1);
    assert.equal(done.lines().at(-1).status, 'expired');
  });

  it('at a terminal: draws the QR, spins with a countdown, shows a declined attempt, and ends with the final status', async () => {
    const tty = new Pty(['charge', '33', '--pos', 'CAJA1', '--poll-interval', '100'], home.dir);
    await tty.expect('▄');
    await tty.expect('waiting for the buyer — ');
    await tty.expect(' left');
    t.sb.control.buyer.pay({ pos_id: t.demo.pos.id, card: 'OTHE' });
    await tty.expect('✘ declined: payment ');
    await tty.expect('the order stays payable');
    t.sb.control.buyer.pay({ pos_id: t.demo.pos.id, card: 'APRO' });
    await tty.expect('paid: order ORD');
    assert.equal(await tty.done, 0, tty.output);
    assert.match(tty.output, /waiting for the buyer — (9|10):\d\d left/);
  });

  it('Ctrl-C at a terminal cancels the order and exits 130; the POS takes the next charge', async () => {
    const tty = new Pty(['charge', '45', '--pos', 'CAJA1', '--mode', 'dynamic', '--poll-interval', '100'], home.dir);
    await tty.expect(' left', '\x03');
    await tty.expect('canceled order ORD');
    assert.equal(await tty.done, 130, tty.output);
    const id = /order (ORD\w+) —/.exec(tty.output)![1];
    assert.equal(t.sb.state.orders.get(id)?.status, 'canceled');
    const next = await cobro(['charge', '46', '--pos', 'CAJA1', '--mode', 'dynamic', '--no-wait'], home.dir);
    assert.equal(next.code, 0, next.stderr);
    await cobro(['pos', 'unblock', 'CAJA1'], home.dir);
  });

  it('Ctrl-C while the buyer is paying says the order was NOT canceled and exits 1', async () => {
    const tty = new Pty(['charge', '47', '--pos', 'CAJA1', '--mode', 'dynamic', '--poll-interval', '100'], home.dir);
    await tty.expect('qr_data: ');
    await tty.expect(' left');
    const qr = /qr_data: (0002[^\r\n]+)/.exec(tty.output)![1];
    const scan = t.sb.control.buyer.scan({ qr_data: qr });
    tty.child.stdin!.write('\x03');
    await tty.expect('instore_order_locked_error');
    assert.equal(await tty.done, 1, tty.output);
    assert.match(tty.output, /NOT canceled/);
    t.sb.control.buyer.abandon({ scan_id: scan.scan_id });
    assert.equal((await cobro(['pos', 'unblock', 'CAJA1', '--json'], home.dir)).json().canceled.length, 1);
  });

  it('Ctrl-C while waiting (no terminal) cancels the order and exits 130', async () => {
    const live = new Live(['charge', '44', '--pos', 'CAJA1', '--mode', 'dynamic', '--json', '--poll-interval', '100'], home.dir);
    const { order } = await live.line((l) => l.event === 'created');
    await live.stop('SIGINT');
    assert.equal(live.child.exitCode, 130);
    assert.equal(t.sb.state.orders.get(order.id)?.status, 'canceled');
  });

  it('--no-wait prints the order and exits 0; human output names the order and how to pay it', async () => {
    const r = await cobro(['charge', '5', '--pos', 'CAJA1', '--mode', 'dynamic', '--no-wait'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /order ORD\w+ — 5\.00 ARS on POS CAJA1 \(dynamic\), sponsor \d+/);
    const id = /order (ORD\w+)/.exec(r.stdout)![1];
    const qr = t.sb.state.orders.get(id)!;
    // The hint runs as printed: the order's real qr_data (and `npx cobro` unless cobro is on PATH).
    const printed = /(?:npx )?cobro sandbox pay '(000201[^']+)' --card APRO/.exec(r.stdout);
    assert.ok(printed, r.stdout);
    assert.equal(qr.status, 'created');
    assert.equal((await cobro(['sandbox', 'pay', printed[1], '--card', 'APRO'], home.dir)).code, 0);
  });

  for (const [what, args, code, needle] of [
    ['decimals for CLP', ['1500.50', '--pos', 'CAJA1', '--profile', 'chile'], 2, 'must be integers'],
    ['a non-number', ['abc', '--pos', 'CAJA1'], 2, 'is not a number: amounts are numbers greater than zero with a dot for decimals, e.g. 150.50'],
    ['a decimal comma', ['12,50', '--pos', 'CAJA1'], 2, 'use a dot for decimals: 12.50'],
    ['a negative amount', ['-5', '--pos', 'CAJA1'], 2, 'is negative: amounts are numbers greater than zero'],
    ['three decimals', ['1.005', '--pos', 'CAJA1'], 2, 'more than 2 decimals'],
    ['zero', ['0', '--pos', 'CAJA1'], 2, 'is zero: amounts are numbers greater than zero'],
    ['an unknown site in the environment', ['10', '--pos', 'CAJA1'], 2, 'unknown site "XX"'],
    ['a bad mode', ['10', '--pos', 'CAJA1', '--mode', 'qr'], 2, 'mode'],
  ] as const) {
    it(`rejects ${what}: one line, exit ${code}, no order created`, async () => {
      const before = t.sb.state.orders.size;
      const r = await cobro(['charge', ...args], home.dir, what.includes('environment') ? { COBRO_SITE: 'XX' } : {});
      assert.equal(r.code, code);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.ok(r.stderr.includes(needle), r.stderr);
      assert.equal(t.sb.state.orders.size, before);
    });
  }

  it('an unknown POS is MP\'s error in one line (exit 2), and a refused token is exit 3', async () => {
    const r = await cobro(['charge', '10', '--pos', 'NOPE', '--json'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pos_not_found/);
    const h = tempHome();
    await cobro(['init', '--access-token', 'APP_USR-1-000000-deadbeef-2', '--site', 'MLA', '--base-url', t.url], h.dir);
    const denied = await cobro(['charge', '10', '--pos', 'CAJA1'], h.dir);
    assert.equal(denied.code, 3);
    assert.match(denied.stderr, /refused the access token.*cobro init/);
    h.cleanup();
  });
});

describe('cobro sandbox pay', () => {
  it('pays by POS external_id with the profile\'s seller', async () => {
    const live = new Live(['charge', '7', '--pos', 'CAJA1', '--json', '--poll-interval', '100'], home.dir);
    await live.line((l) => l.event === 'created');
    const r = await cobro(['sandbox', 'pay', 'CAJA1'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✔ payment \d+ \(classic id\) approved \(accredited\); order ORD\w+ is processed/);
    const done = await live.done;
    assert.equal(done.code, 0);
    const final = done.lines().at(-1).order.transactions.payments[0];
    assert.match(final.id, /^PAY/);
    assert.match(r.stdout, new RegExp(`payment ${final.reference_id} `));
  });

  it('CONT leaves the payment pending: shown as pending with what happens next, not as a failure (exit 0)', async () => {
    const live = new Live(['charge', '8', '--pos', 'CAJA1', '--mode', 'dynamic', '--json', '--poll-interval', '100'], home.dir);
    const { qr_data } = await live.line((l) => l.event === 'created');
    const r = await cobro(['sandbox', 'pay', qr_data, '--card', 'CONT'], home.dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /! payment \d+ \(classic id\) pending \(pending_contingency\); order ORD\w+ is created\n {2}Mercado Pago is still deciding/);
    assert.equal((await live.line((l) => l.event === 'payment_attempt')).payment.status, 'in_process');
    await t.sb.control.clock.advance('PT16M');
    assert.equal((await live.done).code, 1);
  });

  it('nothing to pay → exit 2 with the sandbox\'s reason; a bad card name → exit 2; not a sandbox → exit 2', async () => {
    const none = await cobro(['sandbox', 'pay', String(t.demo.pos.id), '--json'], home.dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /404/);
    assert.match(none.json().error.fix, /there must be an order waiting: start one with `(npx )?cobro charge 10 --pos <pos>`/);
    const card = await cobro(['sandbox', 'pay', String(t.demo.pos.id), '--card', 'A1'], home.dir);
    assert.equal(card.code, 2);
    const notSandbox = await cobro(['sandbox', 'pay', '123', '--base-url', 'http://127.0.0.1:9'], home.dir);
    assert.equal(notSandbox.code, 2);
    assert.match(notSandbox.stderr, /not a cobro sandbox/);
  });
});
