// Two gateway processes on one PostgreSQL: a charge created through one, the webhook received by the other,
// and the terminal's SSE stream on the first sees the payment — the NOTIFY crosses processes, the row is the truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, control, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

const pg = testDatabases().find((t) => t.another);

test('postgres: created on A, webhook on B, the SSE stream on A sees approved; jobs are claimed once', { skip: !pg && 'DATABASE_URL is not set' }, async () => {
  const db = await pg!.open();
  const gw = await testGateway(db, 'scale-1');
  const t = await gw.terminalOf();
  const b = await gw.instance(await pg!.another!());
  gw.deliverTo(b);
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': 'two-instances' }, body: '{"amount":"64.00"}',
  });
  const c = await res.json() as any;
  assert.equal(res.status, 201);
  const stream = await gw.app.request(`${GATEWAY}/api/charges/${c.id}/events`, { headers: { authorization: `Bearer ${t.key}`, 'last-event-id': '2' } });
  const reader = stream.body!.getReader();
  const seen = (async () => {
    const dec = new TextDecoder();
    let text = '';
    while (!text.includes('event: end')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    return text;
  })();
  await new Promise((r) => setTimeout(r, 50));
  await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
  // B received the webhook; both processes race for its job: exactly one runs it.
  await control(gw.sb, 'POST', '/__sandbox/webhooks/idle');
  const [ranA, ranB] = await Promise.all([gw.drain(), b.drain()]);
  assert.ok(ranA + ranB >= 1);
  const text = await seen;
  assert.match(text, /event: charge\.approved/);
  assert.match(text, /id: 3\n/);
  const inbox = await db.db.selectFrom('webhook_inbox').select(['topic', 'processed_at']).execute();
  assert.ok(inbox.length >= 1 && inbox.every((r) => r.processed_at !== null));
  const events = await db.db.selectFrom('charge_events').select('type').where('charge_id', '=', c.id).execute();
  assert.equal(events.filter((e) => e.type === 'charge.approved').length, 1, 'one approval, however many processes reconciled');
});
