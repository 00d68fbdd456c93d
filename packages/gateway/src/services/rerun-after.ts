// Work per key where a call that comes while one is running does not run beside it: it waits for the running one,
// then runs once more, fresh — shared by every call that came meanwhile. Used for reconciles: the one that runs
// after still sees whatever made the later calls (it starts after they came), and none races another to a row lock.
export class RerunAfter<T> {
  private readonly running = new Map<string, { done: Promise<T>; rerun?: Promise<T> }>();

  /** `now` when nothing runs for `key`; else `again` once the running call settles (either way). */
  run(key: string, now: () => Promise<T>, again: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return (running.rerun ??= running.done.then(again, again));
    const slot: { done: Promise<T>; rerun?: Promise<T> } = { done: now() };
    this.running.set(key, slot);
    // Removed before the rerun starts (this callback was registered first), so the rerun takes the slot itself.
    void slot.done.finally(() => { if (this.running.get(key) === slot) this.running.delete(key); }).catch(() => {});
    return slot.done;
  }

  /** Keys running now (tests). */
  get size(): number {
    return this.running.size;
  }
}
