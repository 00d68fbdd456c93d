// The job queue: one table (db/migrations.ts `jobs`), claimed with FOR UPDATE SKIP LOCKED so N gateway
// processes on one PostgreSQL each take a job exactly once, and the same SQL on PGlite. A job is enqueued in the
// caller's transaction, so it exists if and only if the state change that asked for it committed. A claim holds a
// lease: a process that dies mid-job loses it when the lease lapses and another process runs the job again, so
// handlers must be idempotent (reconcile is: it re-reads Mercado Pago and moves state forward only).
import { sql, type Compilable, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const JOBS_CHANNEL = 'cobro_jobs';
/** The jobs table's default (db/migrations.ts). */
const DEFAULT_MAX_ATTEMPTS = 12;

export interface NewJob {
  queue: string;
  payload: unknown;
  /** While a job with this key is queued, enqueueing it again is a no-op (e.g. `reconcile:<charge id>`). */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export interface Job {
  id: string;
  queue: string;
  payload: unknown;
  dedupeKey: string | null;
  attempts: number;
  maxAttempts: number;
}

export interface QueueOptions {
  /** The gateway's clock (tests move it); defaults to the wall clock. */
  now?: () => Date;
  /** How long a claim is held before another process may take the job again. */
  leaseMs?: number;
  /** Who holds a claim: one id per process. */
  workerId?: string;
}

/** Retry delay after `attempts` failures: exponential from 1 s, capped at 1 h, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(3600_000, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class JobQueue {
  readonly workerId: string;
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly db: Kysely<Database>, opts: QueueOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.workerId = opts.workerId ?? `w-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    Object.freeze(this);
  }

  /** Add a job inside `tx` (the caller's transaction). Returns false when an identical queued job absorbed it. */
  async enqueue(tx: Kysely<Database>, job: NewJob): Promise<boolean> {
    const now = this.now();
    // The NOTIFY rides in the insert's statement (one round trip, not two), for a row actually inserted only.
    const rows = await tx.with('j', (db) => db.insertInto('jobs').values({
      queue: job.queue,
      payload: JSON.stringify(job.payload ?? null),
      dedupe_key: job.dedupeKey ?? null,
      state: 'queued',
      run_at: job.runAt ?? now,
      ...(job.maxAttempts !== undefined && { max_attempts: job.maxAttempts }),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
    })
      // The partial index's predicate as literals: a prepared text's generic plan cannot match `state = $1` to it.
      .onConflict((oc) => oc.columns(['queue', 'dedupe_key']).where(sql<boolean>`state = 'queued' and dedupe_key is not null`).doNothing())
      .returning('id'))
      // Delivered at commit, so a worker never wakes for a job it cannot see yet.
      .selectFrom('j').select(['j.id', sql<string>`pg_notify(${JOBS_CHANNEL}, ${job.queue})`.as('notified')]).execute();
    return rows.length > 0;
  }

  /**
   * `first` (an insert returning `id`) and, only when it inserted a row, this job, as ONE statement: the
   * webhook's inbox row and its reconcile job commit together without a transaction around two statements (a
   * notification's receipt is on MP's clock). Returns whether `first` inserted; the job may still be absorbed by an
   * equal queued one, as with enqueue().
   */
  async enqueueAfter(db: Kysely<Database>, first: Compilable<{ id: unknown }>, job: NewJob): Promise<boolean> {
    const now = this.now();
    const { rows } = await sql<{ notified: unknown }>`with written as (${first}), j as (
        insert into jobs (queue, payload, dedupe_key, state, run_at, max_attempts, created_at)
        select ${job.queue}::text, ${JSON.stringify(job.payload ?? null)}::jsonb, ${job.dedupeKey ?? null}::text, 'queued', ${job.runAt ?? now}::timestamptz,
          ${job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS}::integer, ${now}::timestamptz from written
        on conflict (queue, dedupe_key) where state = 'queued' and dedupe_key is not null do nothing
        returning id
      )
      select (select pg_notify(${JOBS_CHANNEL}, ${job.queue}) from j) as notified from written`.execute(db);
    return rows.length > 0;
  }

  /**
   * Enqueue to run now: when an equal queued job absorbs it (one waiting out its backoff after a failure), that
   * one is made due now instead — what an operator's "run it again" means.
   */
  async enqueueNow(tx: Kysely<Database>, job: NewJob & { dedupeKey: string }): Promise<void> {
    if (await this.enqueue(tx, job)) return;
    const now = this.now();
    const moved = await tx.updateTable('jobs').set({ run_at: now })
      .where('queue', '=', job.queue).where('dedupe_key', '=', job.dedupeKey).where('state', '=', 'queued').where('run_at', '>', now)
      .returning('id').execute();
    if (moved.length) await sql`select pg_notify(${JOBS_CHANNEL}, ${job.queue})`.execute(tx);
  }

  /**
   * Take up to `limit` due jobs of `queues` (and jobs whose lease lapsed in another process), leased to this worker.
   * Never a job this worker holds itself: it is still running it (the worker extends its leases while a job runs, but
   * a jump of the clock — the embedded sandbox's, moved from the admin — can make a lease look lapsed at once).
   */
  async claim(queues: readonly string[], limit: number): Promise<Job[]> {
    if (!queues.length || limit < 1) return [];
    const now = this.now();
    const until = new Date(now.getTime() + this.leaseMs);
    const { rows } = await sql<{ id: string; queue: string; payload: unknown; dedupe_key: string | null; attempts: number; max_attempts: number }>`
      update jobs set state = 'running', attempts = attempts + 1, locked_by = ${this.workerId}, locked_until = ${until}
      where id in (
        select id from jobs
        where queue in (${sql.join(queues)})
          and ((state = 'queued' and run_at <= ${now}) or (state = 'running' and locked_until < ${now} and locked_by <> ${this.workerId}))
        order by run_at, id
        limit ${limit}
        for update skip locked
      )
      returning id, queue, payload, dedupe_key, attempts, max_attempts`.execute(this.db);
    return rows.map((r) => ({
      id: String(r.id), queue: r.queue, payload: r.payload, dedupeKey: r.dedupe_key, attempts: r.attempts, maxAttempts: r.max_attempts,
    }));
  }

  /** A job still running here keeps its claim another lease from now; false when it was lost (taken over). */
  async extend(job: Job): Promise<boolean> {
    const r = await this.db.updateTable('jobs').set({ locked_until: new Date(this.now().getTime() + this.leaseMs) })
      .where('id', '=', job.id).where('locked_by', '=', this.workerId).where('state', '=', 'running').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** How long a claim lasts unless extended. */
  get lease(): number {
    return this.leaseMs;
  }

  /** Done: the job leaves the table. A claim that was lost (lease lapsed, taken over) changes nothing. */
  async complete(job: Job): Promise<void> {
    await this.db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', this.workerId).execute();
  }

  /**
   * Failed: back to the queue after a backoff, or `dead` after its last attempt (kept for the admin to see).
   * When an equal job was queued meanwhile, this one just goes: the queued one will do the same work.
   */
  async fail(job: Job, error: unknown, retryInMs = backoffMs(job.attempts)): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    await this.db.transaction().execute(async (tx) => {
      if (await this.goneToTwin(tx, job)) return;
      const dead = job.attempts >= job.maxAttempts;
      await tx.updateTable('jobs').set({
        state: dead ? 'dead' : 'queued',
        run_at: new Date(this.now().getTime() + retryInMs),
        locked_by: null,
        locked_until: null,
        last_error: message,
      }).where('id', '=', job.id).where('locked_by', '=', this.workerId).execute();
    });
  }

  /** Give back a claim without running it (a claim that returned while the worker was stopping): not an attempt. */
  async release(job: Job): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (await this.goneToTwin(tx, job)) return;
      await tx.updateTable('jobs').set((eb) => ({ state: 'queued', attempts: eb('attempts', '-', 1), locked_by: null, locked_until: null }))
        .where('id', '=', job.id).where('locked_by', '=', this.workerId).where('state', '=', 'running').execute();
    });
  }

  /** When an equal job was queued meanwhile, this one just goes (the queued one will do the same work). */
  private async goneToTwin(tx: Kysely<Database>, job: Job): Promise<boolean> {
    if (job.dedupeKey === null) return false;
    const twin = await tx.selectFrom('jobs').select('id')
      .where('queue', '=', job.queue).where('dedupe_key', '=', job.dedupeKey).where('state', '=', 'queued').executeTakeFirst();
    if (twin) await tx.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', this.workerId).execute();
    return twin !== undefined;
  }

  /**
   * Give back every lease at once. Only for a PGlite start: the data-folder lock proves no other process is alive,
   * so the jobs a killed process held run now instead of after their lease lapses. Never on PostgreSQL, where a
   * lease may belong to a live process (there they lapse). Jobs that would coalesce once queued go as one.
   */
  async releaseLeasesOfDeadProcesses(): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      // Back in the queue they may coalesce: keep a queued twin, or else the newest of the running ones.
      const twins = await sql`delete from jobs r where r.state = 'running' and r.dedupe_key is not null and exists (
        select 1 from jobs o where o.queue = r.queue and o.dedupe_key = r.dedupe_key
          and (o.state = 'queued' or (o.state = 'running' and o.id > r.id)))`.execute(tx);
      const released = await tx.updateTable('jobs').set({ state: 'queued', locked_by: null, locked_until: null })
        .where('state', '=', 'running').returning('id').execute();
      return released.length + Number(twins.numAffectedRows ?? 0);
    });
  }

  /** Jobs waiting per queue (the metrics' queue depth). */
  async depth(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('jobs').select(['queue', (eb) => eb.fn.countAll<string>().as('n')])
      .where('state', '=', 'queued').groupBy('queue').execute();
    return Object.fromEntries(rows.map((r) => [r.queue, Number(r.n)]));
  }
}
