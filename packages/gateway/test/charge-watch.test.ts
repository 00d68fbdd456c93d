// A terminal watching a charge gets it re-fetched every few seconds, not on the normal backoff: with MP's
// notifications lost, the buyer's payment still shows at the terminal within one short interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { GATEWAY, control, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { ChargesRepository } from '../src/repositories/charges.ts';
import { WATCHED_POLL_MS, WatchedPoller } from '../src/services/charge-watch.ts';

for (const target of testDatabases()) {
  test(`${target.name}: no webhook comes; a long-polling terminal sees approved after one short interval, before the backoff would look`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `watch-${target.name}`);
    await control(gw.sb, 'POST', '/__sandbox/faults', { target: 'webhook', fault: 'drop' });
    const t = await gw.terminalOf();
    // The terminal talks to one gateway instance; that instance's hub knows what it watches.
    const instance = await gw.instance(db);
    const poller = new WatchedPoller({ hub: instance.hub, charges: instance.charges, repo: new ChargesRepository(db.db), now: () => gw.now.value });
    const create = async (key: string) => (await instance.app.request(`${GATEWAY}/api/charges`, {
      method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'idempotency-key': key }, body: '{"amount":"18.00"}',
    })).json() as Promise<any>;
    const watched = await create('watched');
    const unwatched = await create('unwatched');
    for (const c of [watched, unwatched]) await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
    await gw.drain();
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${watched.id}`)).body.status, 'pending', 'no notification rang');

    const answer = Promise.resolve(instance.app.request(`${GATEWAY}/api/charges/${watched.id}/events?wait=30&after=${watched.version}`, { headers: { authorization: `Bearer ${t.key}` } }))
      .then((r) => r.json() as Promise<any>);
    while (!instance.hub.watched().includes(watched.id)) await tick();
    assert.equal(await poller.tick(), 0, 'the watch has just begun');
    gw.now.value = new Date(gw.now.value.getTime() + WATCHED_POLL_MS - 1000);
    assert.equal(await poller.tick(), 0, 'not an interval yet');
    gw.now.value = new Date(gw.now.value.getTime() + 1000);
    assert.equal(await gw.charges.pollDue(), 0, 'the normal backoff would not look yet (5 s after creation)');
    assert.equal(await poller.tick(), 1, 'only the watched charge is re-fetched');
    const seen = await answer;
    assert.equal(seen.charge.status, 'approved');
    assert.deepEqual(seen.events.map((e: any) => e.type), ['charge.approved']);
    assert.equal((await gw.terminal(t.key, 'GET', `/charges/${unwatched.id}`)).body.status, 'pending', 'nobody watches it: it waits for its backoff');
    // The watch ended with the answer: nothing is re-fetched for it any more.
    gw.now.value = new Date(gw.now.value.getTime() + WATCHED_POLL_MS);
    assert.equal(await poller.tick(), 0);
  });
}

test('500 watched charges are re-fetched at most 20 a tick, oldest first, and every one of them in turn', async () => {
  const ids = Array.from({ length: 500 }, (_, i) => `chg_${i}`);
  let t = 0;
  const fetched: string[] = [];
  const poller = new WatchedPoller({
    hub: { watched: () => ids }, repo: { withStatus: async (due: string[]) => due },
    charges: { reconcile: async (id: string) => { fetched.push(id); return undefined; } }, now: () => new Date(t),
  });
  assert.equal(await poller.tick(), 0, 'a watch that just began waits an interval');
  t += WATCHED_POLL_MS;
  assert.equal(await poller.tick(), 20);
  for (let s = 0; s < 30; s++) { t += 1000; await poller.tick(); }
  assert.equal(fetched.length, 20 * 31);
  assert.equal(new Set(fetched.slice(0, 500)).size, 500, 'the first 500 re-fetches cover all 500 charges');
});
