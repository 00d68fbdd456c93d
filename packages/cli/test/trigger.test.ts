// cobro trigger / events / sandbox clock: sandbox events on demand (like `stripe trigger`), the delivery
// log with resend, and the virtual clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cobro, initDemo, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
let receiver: Server;
const received: string[] = [];
before(async () => {
  t = await startSandbox('cli-trigger');
  home = tempHome();
  await initDemo(home.dir, t);
  receiver = createServer((req, res) => { received.push(req.url ?? ''); res.writeHead(200).end('{}'); });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const r = await fetch(`${t.url}/__sandbox/apps/${t.demo.seller.client_id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook_url: url }) });
  assert.equal(r.status, 200);
});
after(async () => { await t.close(); receiver.close(); home.cleanup(); });

describe('cobro trigger', () => {
  const cases: Array<[string, string, string]> = [
    ['order.processed', 'processed', 'order.processed'],
    ['order.expired', 'expired', 'order.expired'],
    ['order.canceled', 'canceled', 'order.canceled'],
    ['order.refunded', 'refunded', 'order.refunded'],
    ['payment.rejected', 'canceled', 'payment.created'],
  ];
  for (const [event, status, action] of cases) {
    it(`${event}: the order ends ${status} and the deliveries include ${action}`, async () => {
      const r = await cobro(['trigger', event, '--json'], home.dir);
      assert.equal(r.code, 0, r.stderr);
      const out = r.json();
      assert.equal(out.order.status, status);
      assert.ok(out.deliveries.some((d: { action: string }) => d.action === action), JSON.stringify(out.deliveries.map((d: { action: string }) => d.action)));
      if (event === 'payment.rejected') assert.equal(out.payments[0].payment_status, 'rejected');
    });
  }

  it('an unknown event is a usage error with a one-line suggestion; off the sandbox it says so', async () => {
    const r = await cobro(['trigger', 'processed'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^cobro: unknown event "processed"; did you mean order\.processed\? — one of order\.processed, /);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    const off = await cobro(['trigger', 'order.processed', '--base-url', 'http://127.0.0.1:9', '--json'], home.dir);
    assert.equal(off.code, 2);
    assert.match(off.json().error.message, /not a cobro sandbox/);
  });
});

describe('cobro events and sandbox clock', () => {
  it('events list shows what was delivered; resend sends it again; an unknown id is a JSON error with a fix', async () => {
    const list = await cobro(['events', 'list', '--limit', '2'], home.dir);
    assert.match(list.stdout, /^id +created +event +resource +status +attempts +answer +url\n/);
    assert.match(list.stdout, /wh_\d+ .* delivered +1 +200 +http:\/\/127\.0\.0\.1:\d+\/hooks/);
    const id = (await cobro(['events', 'list', '--json'], home.dir)).json().results[0].id;
    const before = received.length;
    const resent = await cobro(['events', 'resend', id], home.dir);
    assert.equal(resent.code, 0, resent.stderr);
    assert.match(resent.stdout, new RegExp(`✔ resent ${id} .*: 200`));
    assert.equal(received.length, before + 1);
    const nope = await cobro(['events', 'resend', 'nope', '--json'], home.dir);
    assert.equal(nope.code, 2);
    assert.match(nope.json().error.fix, /cobro events list/);
  });

  it('sandbox clock shows, advances and sets the virtual time; a bad duration or a past time is refused', async () => {
    const now = Date.parse((await cobro(['sandbox', 'clock', '--json'], home.dir)).json().now);
    const adv = await cobro(['sandbox', 'clock', 'advance', '15m', '--json'], home.dir);
    assert.equal(Date.parse(adv.json().now) - now, 15 * 60_000);
    const set = await cobro(['sandbox', 'clock', 'set', new Date(now + 3_600_000).toISOString()], home.dir);
    assert.match(set.stdout, /^sandbox clock: .* \(manual\), was /);
    assert.equal((await cobro(['sandbox', 'clock', 'advance', 'soon'], home.dir)).code, 2);
    const past = await cobro(['sandbox', 'clock', 'set', new Date(now).toISOString(), '--json'], home.dir);
    assert.equal(past.code, 2);
    assert.match(past.json().error.message, /in the past/);
  });
});
