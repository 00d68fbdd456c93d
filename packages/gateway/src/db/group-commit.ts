// Group commit: concurrent callers' writes of one kind sent as ONE multi-row statement, each caller released only
// when the statement holding its row has returned (committed: every statement here commits on its own or in its
// own transaction), so nothing is deferred and no guarantee is traded. Natural batching, no timer: the first call
// is sent at once, alone; calls that arrive while a statement is in flight wait and go together when it returns. At
// low load a call costs what it did; under load PostgreSQL runs one statement and one commit for many rows, where
// each statement is a round trip, a parse/plan, a WAL flush and a wake-up of two processes (decision 0008).
export interface GroupCommitOptions<I, O> {
  /** All of `items` in one statement; the result of each, in order. Throws: nothing of it was written. */
  many(items: readonly I[]): Promise<O[]>;
  /** One item alone (a batch of one, and each item again after its batch failed). */
  one(item: I): Promise<O>;
  /** Items with the same key never share a statement (the later waits for the next one). */
  key?(item: I): string;
  /** Most items in one statement. */
  max?: number;
}

interface Waiter<I, O> { item: I; resolve(o: O): void; reject(err: unknown): void }

export class GroupCommit<I, O> {
  private queue: Waiter<I, O>[] = [];
  private busy = false;
  private readonly max: number;

  constructor(private readonly o: GroupCommitOptions<I, O>) {
    this.max = o.max ?? 100;
  }

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length) await this.send(this.take());
    } finally {
      this.busy = false;
    }
  }

  /** The next batch: up to `max` waiters in arrival order, none sharing a key with an earlier one in it. */
  private take(): Waiter<I, O>[] {
    if (!this.o.key) return this.queue.splice(0, this.max);
    const keys = new Set<string>();
    const batch: Waiter<I, O>[] = [];
    const rest: Waiter<I, O>[] = [];
    for (const w of this.queue) {
      const k = this.o.key(w.item);
      if (batch.length < this.max && !keys.has(k)) { keys.add(k); batch.push(w); } else rest.push(w);
    }
    this.queue = rest;
    return batch;
  }

  private async send(batch: Waiter<I, O>[]): Promise<void> {
    if (batch.length > 1) {
      let results: O[] | undefined;
      try {
        results = await this.o.many(batch.map((w) => w.item));
      } catch {
        // Each row again on its own, so a row PostgreSQL refuses fails its own caller only. A refused statement
        // wrote nothing (one statement, one commit); one whose answer was lost may have committed, so `one` must
        // also be right for a row already written (the insert finds its own id, the update a newer version).
      }
      if (results) {
        batch.forEach((w, i) => w.resolve(results[i]));
        return;
      }
    }
    await Promise.all(batch.map((w) => this.o.one(w.item).then(w.resolve, w.reject)));
  }
}
