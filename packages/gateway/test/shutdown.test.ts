// Graceful shutdown. The worker: a job running when stop() is called finishes and its result is committed, and no
// job starts after it (not even one whose claim was on its way back). The whole gateway: close() lets a request in
// flight answer, ends SSE streams and long-polls instead of hanging on them, then refuses new connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { testDatabases } from './db-helpers.ts';
import { crashTarget } from './crash-helpers.ts';
import { JobQueue, type Job } from '../src/jobs/queue.ts';
import { Worker } from '../src/jobs/worker.ts';
import { startGateway } from '../src/main.ts';
import { createLogger } from '../src/log.ts';
import type { Db } from '../src/db/database.ts';

function gate(): { open(): void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((r) => { open = r; });
  return { open, wait };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const jobRows = (db: Db) => db.db.selectFrom('jobs').select(['id', 'queue', 'state', 'attempts', 'locked_by']).orderBy('id').execute();

for (const target of testDatabases()) {
  test(`${target.name}: a job running at stop() finishes and commits; none starts after`, async () => {
    const db = await target.open();
    const queue = new JobQueue(db.db);
    const started: string[] = [];
    const release = gate();
    const worker = new Worker(queue, {
      slow: async (job) => {
        started.push((job.payload as { n: string }).n);
        await release.wait;
        await db.db.insertInto('outbox').values({ charge_id: null, type: 'test.done', payload: JSON.stringify(job.payload), created_at: new Date(), delivered_at: null, last_error: null }).execute();
      },
    }, { pollMs: 20 });
    await queue.enqueue(db.db, { queue: 'slow', payload: { n: 'first' } });
    await worker.start();
    await until('the first job to start', () => started.length === 1);
    const stopping = worker.stop();
    await queue.enqueue(db.db, { queue: 'slow', payload: { n: 'second' } });
    worker.wake();
    await new Promise((r) => setTimeout(r, 100));
    release.open();
    await stopping;
    assert.deepEqual(started, ['first'], 'nothing started after stop()');
    const done = await db.db.selectFrom('outbox').select('payload').where('type', '=', 'test.done').execute();
    assert.deepEqual(done.map((r) => r.payload), [{ n: 'first' }], 'the running job\'s result is committed');
    const rows = await jobRows(db);
    assert.equal(rows.length, 1, 'the finished job left the table');
    assert.equal(rows[0]!.state, 'queued');
    assert.equal(rows[0]!.attempts, 0);
  });

  test(`${target.name}: jobs claimed while stop() was called are given back, not run`, async () => {
    const db = await target.open();
    const queue = new JobQueue(db.db);
    const inClaim = gate();
    const answer = gate();
    // The same queue, with its claim held on the way back until stop() has been called.
    const slowClaim: JobQueue = Object.create(queue);
    (slowClaim as { claim: JobQueue['claim'] }).claim = async (queues, limit) => {
      const jobs = await queue.claim(queues, limit);
      if (jobs.length) { inClaim.open(); await answer.wait; }
      return jobs;
    };
    const ran: Job[] = [];
    const worker = new Worker(slowClaim, { q: async (job) => { ran.push(job); } }, { pollMs: 20 });
    await queue.enqueue(db.db, { queue: 'q', payload: 1 });
    await queue.enqueue(db.db, { queue: 'q', payload: 2, dedupeKey: 'charge-2' });
    await worker.start();
    await inClaim.wait;
    // While claimed, the same work is asked for again: given back, the claimed one goes to its queued twin.
    await queue.enqueue(db.db, { queue: 'q', payload: 2, dedupeKey: 'charge-2' });
    const stopping = worker.stop();
    answer.open();
    await stopping;
    assert.equal(ran.length, 0);
    const rows = await jobRows(db);
    assert.deepEqual(rows.map((r) => [r.state, r.attempts, r.locked_by]), [['queued', 0, null], ['queued', 0, null]], 'back in the queue, the claim not counted as an attempt');
    assert.equal(new Set(rows.map((r) => r.id)).size, 2);
  });
}

const quiet = () => createLogger('warn', new Writable({ write(_c, _e, cb) { cb(); } }) as never);

for (const databaseUrl of [undefined, process.env.DATABASE_URL].filter((u, i) => i === 0 || u)) {
  const name = databaseUrl ? 'postgres' : 'pglite';
  test(`${name}: close() answers the request in flight, ends SSE and long-poll, then refuses connections`, async () => {
    const t = await crashTarget(databaseUrl, 'shutdown');
    const gw = await startGateway({ env: { ...t.env, METRICS_TOKEN: 'metrics-token-0123456789' }, port: 0, dataDir: t.dataDir, logger: quiet() });
    let closed = false;
    try {
      // /metrics is behind METRICS_TOKEN when it is set.
      assert.equal((await fetch(`${gw.url}/metrics`)).status, 401);
      const metrics = await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /cobro_charges\{status="pending"\} 0/);

      const auth = { authorization: `Bearer ${gw.demo!.pos.device_key!}` };
      const create = (idem: string) => fetch(`${gw.url}/api/charges`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idem }, body: '{"amount":"25.00"}' });
      const first = await (await create('shutdown-1')).json() as any;
      assert.equal(first.status, 'pending');
      // A terminal watching by SSE (its replay read), and another by long-poll.
      const sse = await fetch(`${gw.url}/api/charges/${first.id}/events`, { headers: auth });
      const reader = sse.body!.getReader();
      const chunk = new TextDecoder().decode((await reader.read()).value);
      assert.match(chunk, /^id: 1/m);
      const longPoll = fetch(`${gw.url}/api/charges/${first.id}/events?wait=60&after=${first.version}`, { headers: auth });
      // A create held for a second inside Mercado Pago.
      const sandbox = (path: string, body?: unknown) => fetch(`${gw.sandboxUrl}/__sandbox${path}`, { method: body ? 'POST' : 'GET', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.json()) as Promise<any>;
      const fault = await sandbox('/faults', { method: 'POST', path: '/v1/orders', latency_ms: 1000, once: true });
      const inFlight = create('shutdown-2');
      await until('the create to reach MP', async () => ((await sandbox('/faults')).results.find((r: any) => r.id === fault.id)?.hits ?? 1) >= 1);

      const closing = gw.close().then(() => { closed = true; });
      const answered = await inFlight;
      assert.equal(answered.status, 201, 'the request in flight got its answer');
      assert.match((await answered.json() as any).qr_data, /^000201/);
      const polled = await longPoll;
      assert.equal(polled.status, 200);
      assert.equal((await polled.json() as any).charge.id, first.id);
      for (;;) if ((await reader.read()).done) break; // the SSE stream ends
      const hung = new Promise((_, reject) => setTimeout(() => reject(new Error('close() hung')), 15_000));
      await Promise.race([closing, hung]);
      await assert.rejects(fetch(`${gw.url}/healthz`), 'no new connections after close()');
    } finally {
      if (!closed) await gw.close();
      await t.drop();
    }
  });
}
