// Runs jobs: claims due jobs in batches, runs each through its queue's handler, completes or fails it. Woken at
// once by NOTIFY when a job is enqueued anywhere (so the hot path webhook → reconcile does not wait for a poll),
// and polls on a timer as well, for scheduled retries and for jobs whose lease lapsed in a process that died.
import type { Job, JobQueue } from './queue.ts';

export type JobHandler = (job: Job) => Promise<void>;

/** Thrown by a handler to be retried after a chosen delay instead of the default backoff. */
export class RetryLater extends Error {
  constructor(readonly delayMs: number, message = `retry in ${delayMs} ms`) {
    super(message);
  }
}

export interface WorkerOptions {
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** Poll interval when no NOTIFY arrives. */
  pollMs?: number;
  /** Called with a handler's error (logging); the job is failed either way. */
  onError?: (job: Job, err: unknown) => void;
}

export class Worker {
  private readonly concurrency: number;
  private readonly pollMs: number;
  private running = new Set<Promise<void>>();
  private stopped = true;
  private wakeUp: (() => void) | undefined;
  /** A wake that came while the loop was not asleep (a NOTIFY during a claim, which may have missed that job). */
  private woken = false;
  private loop: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly opts: WorkerOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 8;
    this.pollMs = opts.pollMs ?? 1000;
  }

  /** Start claiming; `listen` subscribes to the enqueue NOTIFY channel (Db.listen). */
  async start(listen?: (onMessage: () => void) => Promise<() => Promise<void>>): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (listen) this.unlisten = await listen(() => this.wake());
    this.loop = this.run();
  }

  /** Wake the loop now (an enqueue in this process, or a NOTIFY). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  /** Stop claiming (no job starts after this call) and wait for the jobs in flight to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.all(this.running);
    await this.unlisten?.();
  }

  private async run(): Promise<void> {
    const queues = Object.keys(this.handlers);
    while (!this.stopped) {
      const free = this.concurrency - this.running.size;
      const jobs = free > 0 ? await this.queue.claim(queues, free).catch((err) => { this.opts.onError?.(undefined as never, err); return []; }) : [];
      if (this.stopped) {
        // stop() came while this claim was in flight: no job starts after stop; another process (or the next start) runs them.
        await Promise.all(jobs.map((j) => this.queue.release(j).catch(() => {})));
        break;
      }
      for (const job of jobs) this.track(this.runOne(job));
      if (jobs.length === free && free > 0) continue; // more may be due
      await this.sleep(free > 0 ? this.pollMs : undefined);
    }
  }

  private async runOne(job: Job): Promise<void> {
    // A job that outlives its lease (MP slow, retrying) would be run again by another process: extend it while it runs.
    const keep = setInterval(() => { void this.queue.extend(job).catch(() => {}); }, Math.max(50, this.queue.lease / 3));
    keep.unref();
    try {
      await this.handlers[job.queue]!(job);
      await this.queue.complete(job);
    } catch (err) {
      this.opts.onError?.(job, err);
      await this.queue.fail(job, err, err instanceof RetryLater ? err.delayMs : undefined).catch(() => {});
    } finally {
      clearInterval(keep);
    }
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => { this.running.delete(p); this.wake(); });
  }

  /** Until woken, or `ms` passed (undefined: until a running job ends or a wake). */
  private sleep(ms: number | undefined): Promise<void> {
    // Woken while claiming: that claim's snapshot may predate the job that rang, so claim again before sleeping.
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() { if (timer) clearTimeout(timer); resolve(); }
      this.wakeUp = () => { this.wakeUp = undefined; done(); };
    });
  }
}
