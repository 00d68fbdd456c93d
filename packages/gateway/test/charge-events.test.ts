// A terminal watches its charge live: Server-Sent Events replay from Last-Event-ID, deliver the change a webhook
// caused without a reload, and close on the final state; the long-poll fallback answers as soon as there is news.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

async function charge(gw: TestGateway, key: string) {
  const res = await gw.app.request(`${GATEWAY}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}` }, body: '{"amount":"42.00"}',
  });
  return await res.json() as any;
}

/** Read SSE messages from a streaming response until `until` says stop or the stream ends. */
async function read(res: Response, until: (msgs: { id?: string; event?: string; data: any }[]) => boolean) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const msgs: { id?: string; event?: string; data: any }[] = [];
  let ended = false;
  while (!until(msgs)) {
    const { value, done } = await reader.read();
    if (done) { ended = true; break; }
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(':')) continue;
      const m: { id?: string; event?: string; data: any } = { data: undefined };
      for (const line of block.split('\n')) {
        const [k, ...rest] = line.split(': ');
        const v = rest.join(': ');
        if (k === 'id') m.id = v;
        else if (k === 'event') m.event = v;
        else if (k === 'data') m.data = JSON.parse(v);
      }
      msgs.push(m);
    }
  }
  if (!ended) await reader.cancel();
  return { msgs, ended };
}

for (const target of testDatabases()) {
  test(`${target.name}: SSE replays, shows the payment as it happens, and closes on approved`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sse-1-${target.name}`);
    const t = await gw.terminalOf();
    const c = await charge(gw, t.key);
    const res = await gw.app.request(`${GATEWAY}/api/charges/${c.id}/events`, { headers: { authorization: `Bearer ${t.key}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reading = read(res, (m) => m.some((x) => x.event === 'end'));
    await new Promise((r) => setTimeout(r, 50));
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.drain();
    const { msgs, ended } = await reading;
    assert.deepEqual(msgs.map((m) => m.event), ['charge.created', 'charge.pending', 'charge.approved', 'end']);
    assert.deepEqual(msgs.slice(0, 3).map((m) => m.id), ['1', '2', '3']);
    assert.equal(msgs[2].data.data.status, 'approved');
    assert.equal(ended || msgs.at(-1)!.event === 'end', true);
    // Reconnecting with Last-Event-ID replays only what was missed, then closes (the charge is final).
    const again = await gw.app.request(`${GATEWAY}/api/charges/${c.id}/events`, { headers: { authorization: `Bearer ${t.key}`, 'last-event-id': '2' } });
    const resumed = await read(again, () => false);
    assert.deepEqual(resumed.msgs.map((m) => m.event), ['charge.approved', 'end']);
    assert.equal(resumed.ended, true);
  });

  test(`${target.name}: long-poll answers with the next change, another POS's key gets 404`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sse-2-${target.name}`);
    const t = await gw.terminalOf();
    const other = await gw.terminalOf();
    const c = await charge(gw, t.key);
    const poll = gw.terminal(t.key, 'GET', `/charges/${c.id}/events?wait=10&after=2`);
    await new Promise((r) => setTimeout(r, 50));
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.drain();
    const r = await poll;
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.events.map((e: any) => e.type), ['charge.approved']);
    assert.equal(r.body.charge.status, 'approved');
    assert.equal((await gw.terminal(other.key, 'GET', `/charges/${c.id}/events`)).status, 404);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${c.id}/events?wait=999`)).status, 400);
  });
}
