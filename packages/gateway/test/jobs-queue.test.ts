// The job queue on both databases: enqueue in the caller's transaction, coalescing, claims taken once across
// workers, lease expiry after a crash, retry with backoff, dead after the last attempt, and the worker loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobQueue, backoffMs } from '../src/jobs/queue.ts';
import { Worker } from '../src/jobs/worker.ts';
import { testDatabases } from './db-helpers.ts';
import { sql } from 'kysely';
import { vacuumQueues } from '../src/db/maintenance.ts';

for (const target of testDatabases()) {
  test(`${target.name}: a job exists only if the enqueueing transaction committed; equal queued jobs coalesce`, async () => {
    const { db } = await target.open();
    const q = new JobQueue(db);
    await assert.rejects(db.transaction().execute(async (tx) => {
      await q.enqueue(tx, { queue: 'reconcile', payload: { charge: 'a' }, dedupeKey: 'a' });
      throw new Error('rolled back');
    }));
    assert.deepEqual(await q.depth(), {});
    assert.equal(await q.enqueue(db, { queue: 'reconcile', payload: { charge: 'a' }, dedupeKey: 'a' }), true);
    assert.equal(await q.enqueue(db, { queue: 'reconcile', payload: { charge: 'a' }, dedupeKey: 'a' }), false);
    assert.equal(await q.enqueue(db, { queue: 'reconcile', payload: { charge: 'b' }, dedupeKey: 'b' }), true);
    assert.deepEqual(await q.depth(), { reconcile: 2 });
    // While `a` runs, a new doorbell for it queues again: the run that started may have read stale state.
    const [a] = await q.claim(['reconcile'], 1);
    assert.deepEqual(a.payload, { charge: 'a' });
    assert.equal(await q.enqueue(db, { queue: 'reconcile', payload: { charge: 'a' }, dedupeKey: 'a' }), true);
  });

  test(`${target.name}: a job that outlives its lease keeps it while it runs; a worker never re-takes its own running job`, async () => {
    const { db } = await target.open();
    const slow = new JobQueue(db, { leaseMs: 300, workerId: 'slow' });
    const other = new JobQueue(db, { leaseMs: 300, workerId: 'other' });
    await slow.enqueue(db, { queue: 'slowq', payload: 1 });
    let runs = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const worker = new Worker(slow, { slowq: async () => { runs++; await held; } }, { pollMs: 50 });
    await worker.start();
    for (let i = 0; i < 100 && runs === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(runs, 1);
    // Three leases long, another process keeps looking: the running job's lease is extended, so it finds nothing.
    for (let i = 0; i < 9; i++) {
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await other.claim(['slowq'], 5), [], `look ${i}`);
    }
    release();
    await worker.stop();
    assert.equal(runs, 1);
    assert.deepEqual(await other.claim(['slowq'], 5), [], 'completed');
    // A jump of the clock (the embedded sandbox's): the lease looks lapsed, but not to the worker running the job.
    let now = new Date('2026-12-01T00:00:00Z');
    const w1 = new JobQueue(db, { now: () => now, leaseMs: 30_000, workerId: 'w1' });
    const w2 = new JobQueue(db, { now: () => now, leaseMs: 30_000, workerId: 'w2' });
    await w1.enqueue(db, { queue: 'jump', payload: 1 });
    const [mine] = await w1.claim(['jump'], 1);
    now = new Date(now.getTime() + 16 * 60_000);
    assert.deepEqual(await w1.claim(['jump'], 1), [], 'not its own running job');
    assert.equal((await w2.claim(['jump'], 1))[0]?.id, mine!.id, 'another process takes a lapsed lease over');
  });

  test(`${target.name}: two workers never claim the same job; a lapsed lease is taken over`, async () => {
    const { db } = await target.open();
    let now = new Date('2026-12-01T00:00:00Z');
    const w1 = new JobQueue(db, { now: () => now, leaseMs: 30_000, workerId: 'w1' });
    const w2 = new JobQueue(db, { now: () => now, leaseMs: 30_000, workerId: 'w2' });
    for (let i = 0; i < 20; i++) await w1.enqueue(db, { queue: 'q', payload: i });
    const [c1, c2] = await Promise.all([w1.claim(['q'], 15), w2.claim(['q'], 15)]);
    const ids = [...c1, ...c2].map((j) => j.id);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
    // w1 "dies" holding its jobs; after the lease w2 takes them over and w1's late completion changes nothing.
    for (const j of c2) await w2.complete(j);
    assert.deepEqual(await w2.claim(['q'], 50), []);
    now = new Date(now.getTime() + 31_000);
    const taken = await w2.claim(['q'], 50);
    assert.deepEqual(taken.map((j) => j.id).sort(), c1.map((j) => j.id).sort());
    assert.ok(taken.every((j) => j.attempts === 2));
    await w1.complete(c1[0]);
    assert.equal((await w2.claim(['q'], 50)).length, 0);
    for (const j of taken) await w2.complete(j);
    assert.equal(Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 0);
  });

  test(`${target.name}: a failed job is retried after its backoff and is dead after its last attempt`, async () => {
    const { db } = await target.open();
    let now = new Date('2026-12-01T00:00:00Z');
    const q = new JobQueue(db, { now: () => now });
    await q.enqueue(db, { queue: 'q', payload: null, maxAttempts: 2 });
    const [first] = await q.claim(['q'], 1);
    await q.fail(first, new Error('MP answered 503'), 10_000);
    assert.deepEqual(await q.claim(['q'], 1), [], 'not before its backoff');
    now = new Date(now.getTime() + 10_000);
    const [second] = await q.claim(['q'], 1);
    assert.equal(second.attempts, 2);
    await q.fail(second, new Error('MP answered 503 again'));
    now = new Date(now.getTime() + 86400_000);
    assert.deepEqual(await q.claim(['q'], 1), []);
    const dead = await db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    assert.equal(dead.state, 'dead');
    assert.equal(dead.last_error, 'MP answered 503 again');
  });

  test(`${target.name}: the worker runs enqueued jobs at once when notified, and stop waits for the one in flight`, async () => {
    const d = await target.open();
    const q = new JobQueue(d.db);
    const seen: unknown[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => { release = r; });
    let slowStarted = false;
    const worker = new Worker(q, {
      fast: async (job) => { seen.push(job.payload); },
      slow: async () => { slowStarted = true; await slow; seen.push('slow done'); },
    }, { pollMs: 60_000 });
    await worker.start((onMessage) => d.listen('cobro_jobs', onMessage));
    await q.enqueue(d.db, { queue: 'fast', payload: 1 });
    await waitFor(() => seen.length === 1);
    await q.enqueue(d.db, { queue: 'slow', payload: null });
    // Wait for the handler itself, not for the row to leave `queued`: between the claim's commit and its return a
    // stop releases the claimed job unrun (no job starts after stop), which is not the case this test is about.
    await waitFor(() => slowStarted);
    const stopping = worker.stop();
    release();
    await stopping;
    assert.deepEqual(seen, [1, 'slow done']);
    assert.equal((await d.db.selectFrom('jobs').selectAll().execute()).length, 0);
  });

  test(`${target.name}: a NOTIFY that arrives while the worker is claiming is not lost: it claims again at once`, async () => {
    const d = await target.open();
    // The worker's claim ran (and found nothing) but has not returned yet when a job is enqueued and rings.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let claims = 0;
    class HeldClaim extends JobQueue {
      override async claim(queues: readonly string[], limit: number) {
        const jobs = await super.claim(queues, limit);
        if (++claims === 1) await held;
        return jobs;
      }
    }
    const q = new HeldClaim(d.db);
    const seen: unknown[] = [];
    const worker = new Worker(q, { fast: async (job) => { seen.push(job.payload); } }, { pollMs: 60_000 });
    await worker.start((onMessage) => d.listen('cobro_jobs', onMessage));
    await waitFor(() => claims === 1);
    await q.enqueue(d.db, { queue: 'fast', payload: 'rang during the claim' });
    await new Promise((r) => setTimeout(r, 50)); // the NOTIFY is delivered while the claim is held
    release();
    // Without the remembered wake the worker would sleep its 60 s poll interval with the job queued.
    await waitFor(() => seen.length === 1, 2000);
    await worker.stop();
    assert.deepEqual(seen, ['rang during the claim']);
  });

  test(`${target.name}: a PGlite restart releases the dead process's leases at once; jobs that coalesce go back as one`, async () => {
    const { db } = await target.open();
    const now = new Date('2026-12-01T00:00:00Z');
    const dead = new JobQueue(db, { now: () => now, workerId: 'killed' });
    const ring = (payload: string, dedupeKey: string) => dead.enqueue(db, { queue: 'q', payload, dedupeKey });
    await ring('alone', 'a');
    await ring('b1', 'b');
    await ring('c1', 'c');
    assert.equal((await dead.claim(['q'], 5)).length, 3);
    // While they ran, b rang twice more and c once more, and those ran too.
    await ring('b2', 'b');
    await ring('c2', 'c');
    assert.equal((await dead.claim(['q'], 1))[0].payload, 'b2');
    await ring('b3', 'b');
    assert.equal((await dead.claim(['q'], 5)).length, 2);
    // The process is killed. The next one on the folder sees every lease as held, until it releases them.
    const restarted = new JobQueue(db, { now: () => now, workerId: 'restarted' });
    assert.deepEqual(await restarted.claim(['q'], 10), []);
    assert.equal(await restarted.releaseLeasesOfDeadProcesses(), 6);
    const again = await restarted.claim(['q'], 10);
    assert.deepEqual(again.map((j) => j.payload).sort(), ['alone', 'b3', 'c2']);
  });
}

test('backoff doubles from 1 s up to an hour, with jitter', () => {
  assert.equal(backoffMs(1, () => 0.5), 1000);
  assert.equal(backoffMs(4, () => 0.5), 8000);
  assert.equal(backoffMs(40, () => 0.5), 3600_000);
  assert.equal(backoffMs(1, () => 0), 800);
});

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// PGlite runs no autovacuum: without vacuumQueues the space of every completed job stays taken for ever.
test('pglite: the queue tables get the space of deleted rows back from vacuumQueues', async () => {
  const target = testDatabases().find((d) => d.name === 'pglite')!;
  const { db } = await target.open();
  const q = new JobQueue(db);
  const size = async () => Number((await sql<{ n: string }>`select pg_relation_size('jobs') + pg_indexes_size('jobs') as n`.execute(db)).rows[0]!.n);
  const churn = async () => {
    for (let i = 0; i < 2000; i++) await q.enqueue(db, { queue: 'done', payload: { i }, dedupeKey: `k${i}` });
    await db.deleteFrom('jobs').execute();
  };
  await churn();
  const once = await size();
  await churn();
  assert.ok(await size() > once * 1.5, 'without a vacuum, a second round takes new space');
  const sizes: number[] = [];
  for (let round = 0; round < 4; round++) {
    await vacuumQueues(db);
    await churn();
    sizes.push(await size());
  }
  assert.ok(sizes[3]! <= sizes[1]!, `with a vacuum between rounds, the space is reused: ${sizes.join(' → ')} bytes`);
});
