// The virtual clock. Every expiry, retry and timestamp in the sandbox reads `now()` and schedules on this
// clock, so a test can jump 60 days ahead in one call. Two modes:
// - manual (default with a seed): time moves only through `advance()`/`set()`; fully reproducible.
// - realtime (the default of a served sandbox): time follows the wall clock plus an offset that `advance()`
//   grows, and due timers also fire from a real timer, so orders expire while a person watches.

export type ClockMode = 'manual' | 'realtime';

interface Timer { id: number; at: number; seq: number; fn: () => void | Promise<void>; label: string }

export class VirtualClock {
  readonly mode: ClockMode;
  private offset = 0;
  private readonly start: number;
  private timers = new Map<number, Timer>();
  private nextId = 1;
  private seq = 0;
  private wake: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(opts: { mode?: ClockMode; start?: number } = {}) {
    this.mode = opts.mode ?? 'manual';
    this.start = opts.start ?? Date.parse('2026-01-15T12:00:00.000Z');
  }

  now(): number {
    return this.mode === 'realtime' ? Date.now() + this.offset : this.start + this.offset;
  }

  /** Schedule `fn` at absolute virtual time `at` (ms). Returns an id for `cancel`. */
  at(at: number, fn: () => void | Promise<void>, label = ''): number {
    const id = this.nextId++;
    this.timers.set(id, { id, at, seq: this.seq++, fn, label });
    this.arm();
    return id;
  }

  after(ms: number, fn: () => void | Promise<void>, label = ''): number {
    return this.at(this.now() + ms, fn, label);
  }

  cancel(id: number | undefined): void {
    if (id !== undefined) this.timers.delete(id);
  }

  /** Pending timers, soonest first (for the control plane). */
  pending(): { id: number; at: string; label: string }[] {
    return [...this.timers.values()].sort(byDue).map((t) => ({ id: t.id, at: new Date(t.at).toISOString(), label: t.label }));
  }

  /** Move time forward by `ms`, running every timer that falls due, in order, at its own time. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('advance needs a finite, non-negative number of ms');
    return this.serial(async () => {
      const target = this.now() + ms;
      await this.runDue(target);
      this.offset += target - this.now();
    });
  }

  /** Run timers already due (realtime mode, or after external changes). */
  tick(): Promise<void> {
    return this.serial(() => this.runDue(this.now()));
  }

  close(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.timers.clear();
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const p = this.running.then(fn, fn);
    this.running = p.catch(() => {});
    return p;
  }

  private async runDue(target: number): Promise<void> {
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!next || byDue(t, next) < 0)) next = t;
      if (!next) return;
      this.timers.delete(next.id);
      if (next.at > this.now()) this.offset += next.at - this.now();
      try { await next.fn(); } catch (err) { queueMicrotask(() => { throw err; }); }
    }
  }

  private arm(): void {
    if (this.mode !== 'realtime') return;
    if (this.wake) clearTimeout(this.wake);
    let soonest = Infinity;
    for (const t of this.timers.values()) soonest = Math.min(soonest, t.at);
    if (soonest === Infinity) return;
    const delay = Math.min(Math.max(0, soonest - this.now()), 2 ** 31 - 1);
    this.wake = setTimeout(() => { this.wake = undefined; void this.tick().then(() => this.arm()); }, delay);
    this.wake.unref();
  }
}

function byDue(a: Timer, b: Timer): number {
  return a.at - b.at || a.seq - b.seq;
}

/** Parse "90", "90s", "15m", "2h", "60d", or an ISO-8601 duration (PT10M, P1DT2H) into ms. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const s = input.trim();
  const simple = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s);
  if (simple) {
    const n = Number(simple[1]);
    const unit = simple[2] ?? 'ms';
    return n * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[unit]!;
  }
  const ms = isoDurationMs(s);
  if (ms === undefined) throw new RangeError(`not a duration: ${input}`);
  return ms;
}

/** ISO-8601 duration (days and time parts, as MP uses them) in ms, or undefined when malformed. */
export function isoDurationMs(s: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return undefined;
  const [, d, h, mi, sec] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60e3 + Number(sec ?? 0) * 1e3;
}
