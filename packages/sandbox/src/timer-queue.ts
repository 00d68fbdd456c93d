// The clock's pending timers: a binary min-heap on (due time, arming order) with each timer's heap index kept
// on it, plus a map from the timer's key. Arming, cancelling and taking the soonest are O(log n); a lookup by
// key is O(1). The soak that motivated it: arming rescanned every timer, so creating orders slowed from ~1,500/s
// to ~500/s as pending orders piled up, and a clock advance over 41k of them took 17 s.

/** What a timer does, as data: the clock's handler for `kind` is called with `ref` (so timers persist). */
export interface TimerSpec { kind: string; ref: string }

export interface Timer extends TimerSpec { key: string; at: number; seq: number; index: number }

/** `kind:ref`, joined into one flat string: a template literal of this length is a rope, which the queue's map
 *  would flatten on every lookup and keep (header and pieces) for the timer's life. */
export const timerKey = (kind: string, ref: string): string => [kind, ref].join(':');

export class TimerQueue {
  private readonly heap: Timer[] = [];
  private readonly byKey = new Map<string, Timer>();

  get size(): number {
    return this.heap.length;
  }

  get(key: string): Timer | undefined {
    return this.byKey.get(key);
  }

  /** Add a timer; one with the same key is replaced (a resource has at most one timer per kind). */
  push(t: Omit<Timer, 'index' | 'key'>): Timer {
    const key = timerKey(t.kind, t.ref);
    this.remove(key);
    // Fields written out (not spread): every timer then shares one hidden class and the heap's compares stay fast.
    const timer: Timer = { kind: t.kind, ref: t.ref, at: t.at, seq: t.seq, key, index: this.heap.length };
    this.heap.push(timer);
    this.byKey.set(key, timer);
    this.up(timer.index);
    return timer;
  }

  remove(key: string): boolean {
    const t = this.byKey.get(key);
    if (!t) return false;
    this.byKey.delete(key);
    const last = this.heap.pop()!;
    if (last !== t) {
      this.heap[t.index] = last;
      last.index = t.index;
      this.down(last.index);
      this.up(last.index);
    }
    return true;
  }

  peek(): Timer | undefined {
    return this.heap[0];
  }

  /** The soonest timer if it is due at or before `at`, taken out of the queue. */
  takeDue(at: number): Timer | undefined {
    const t = this.heap[0];
    if (!t || t.at > at) return undefined;
    this.remove(t.key);
    return t;
  }

  /** The `k` soonest timers in due order, in O(k log k): a walk of the heap's top that never sorts it all. */
  soonest(k: number): Timer[] {
    const out: Timer[] = [];
    const frontier: number[] = this.heap.length ? [0] : [];
    while (out.length < k && frontier.length) {
      let best = 0;
      for (let i = 1; i < frontier.length; i++) if (this.less(this.heap[frontier[i]], this.heap[frontier[best]])) best = i;
      const idx = frontier.splice(best, 1)[0];
      out.push(this.heap[idx]);
      for (const c of [2 * idx + 1, 2 * idx + 2]) if (c < this.heap.length) frontier.push(c);
    }
    return out;
  }

  /** Every timer, in no particular order (persistence and listings sort what they need). */
  all(): readonly Timer[] {
    return this.heap;
  }

  clear(): void {
    this.heap.length = 0;
    this.byKey.clear();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  // Sifting moves the timer through a hole (one write per level, no swaps): a clock advance over 100k pending
  // orders takes each of them out once, so this loop is the whole cost of the heap.
  private up(i: number): void {
    const h = this.heap;
    const t = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(t, h[parent])) break;
      h[i] = h[parent];
      h[i].index = i;
      i = parent;
    }
    h[i] = t;
    t.index = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[m], t)) break;
      h[i] = h[m];
      h[i].index = i;
      i = m;
    }
    h[i] = t;
    t.index = i;
  }
}
