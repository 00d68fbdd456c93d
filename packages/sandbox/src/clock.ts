// The virtual clock. Every expiry, retry and timestamp in the sandbox reads `now()` and schedules on this
// clock, so a test can jump 60 days ahead in one call. Two modes:
// - manual (default with a seed): time moves only through `advance()`/`set()`; fully reproducible.
// - realtime (the default of a served sandbox): time follows the wall clock plus an offset that `advance()`
//   grows, and due timers also fire from a real timer, so orders expire while a person watches.
// A timer is data (`kind` + `ref`, run by the handler registered for its kind), never a closure: that is what
// lets the persisted sandbox keep its pending expiries and retries across a restart.
import { TimerQueue, timerKey, type TimerSpec } from './timer-queue.ts';

export type ClockMode = 'manual' | 'realtime';
export type TimerHandler = (ref: string) => void | Promise<void>;

/** What persistence keeps of the clock: the offset and every pending timer. */
export interface ClockSnapshot { offset: number; seq: number; timers: (TimerSpec & { at: number; seq: number })[] }

/** A long advance hands the event loop back every this many timers, so requests are served while thousands of
 *  timers run. Counted, not timed: where the yields fall must not depend on the machine's speed, or two runs
 *  of one seeded script would interleave their webhook deliveries differently. */
const YIELD_EVERY_TIMERS = 256;

export class VirtualClock {
  readonly mode: ClockMode;
  private offset = 0;
  private readonly start: number;
  private readonly queue = new TimerQueue();
  private readonly handlers = new Map<string, TimerHandler>();
  private seq = 0;
  private wake: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private running: Promise<void> = Promise.resolve();
  /** Keys of timers armed, cancelled or run since persistence last flushed; undefined while nothing persists. */
  dirtyTimers: Set<string> | undefined = undefined;

  constructor(opts: { mode?: ClockMode; start?: number } = {}) {
    this.mode = opts.mode ?? 'manual';
    this.start = opts.start ?? Date.parse('2026-01-15T12:00:00.000Z');
  }

  now(): number {
    return this.mode === 'realtime' ? Date.now() + this.offset : this.start + this.offset;
  }

  /** Say what timers of `kind` do. Registered once per kind, at sandbox creation. */
  on(kind: string, handler: TimerHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Run `kind`'s handler with `ref` at virtual time `at` (ms). Re-arming the same kind+ref replaces it. */
  at(at: number, kind: string, ref: string): void {
    if (!this.handlers.has(kind)) throw new Error(`no timer handler for ${kind}`);
    const t = this.queue.push({ kind, ref, at, seq: this.seq++ });
    // The queue's own key string, not a new one: its hash is computed once, for the queue, this set and the flush.
    this.dirtyTimers?.add(t.key);
    this.arm();
  }

  after(ms: number, kind: string, ref: string): void {
    this.at(this.now() + ms, kind, ref);
  }

  cancel(kind: string, ref: string): void {
    const key = timerKey(kind, ref);
    if (this.queue.remove(key)) this.dirtyTimers?.add(key);
  }

  /** A pending timer as data, by its key (`kind:ref`): the queue's own object (no copy per journaled timer),
   *  so read-only. */
  timer(key: string): Readonly<TimerSpec & { at: number; seq: number }> | undefined {
    return this.queue.get(key);
  }

  /** The offset and arming counter: the clock's part of persistence besides its timers. */
  position(): { offset: number; seq: number } {
    return { offset: this.offset, seq: this.seq };
  }

  /** When `kind`+`ref` is due, or undefined when no such timer is pending. */
  dueAt(kind: string, ref: string): number | undefined {
    return this.queue.get(timerKey(kind, ref))?.at;
  }

  get pendingCount(): number {
    return this.queue.size;
  }

  /** The soonest pending timers (for the control plane), at most `limit`. */
  pending(limit = 100): { id: string; at: string; kind: string; ref: string }[] {
    return this.queue.soonest(limit).map((t) => ({ id: t.key, at: new Date(t.at).toISOString(), kind: t.kind, ref: t.ref }));
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

  snapshot(): ClockSnapshot {
    return { offset: this.offset, seq: this.seq, timers: this.queue.all().map(({ kind, ref, at, seq }) => ({ kind, ref, at, seq })) };
  }

  restore(s: ClockSnapshot): void {
    this.queue.clear();
    this.offset = s.offset;
    this.seq = s.seq;
    for (const t of s.timers) this.queue.push(t);
    this.arm();
  }

  close(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeAt = Infinity;
    this.queue.clear();
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const p = this.running.then(fn, fn);
    this.running = p.catch(() => {});
    return p;
  }

  private async runDue(target: number): Promise<void> {
    let ran = 0;
    for (let t = this.queue.takeDue(target); t; t = this.queue.takeDue(target)) {
      this.dirtyTimers?.add(t.key);
      if (t.at > this.now()) this.offset += t.at - this.now();
      try {
        await this.handlers.get(t.kind)!(t.ref);
      } catch (err) {
        queueMicrotask(() => { throw err; });
      }
      if (++ran % YIELD_EVERY_TIMERS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Realtime mode: one real timer for the soonest virtual one, re-armed only when that changes. */
  private arm(): void {
    if (this.mode !== 'realtime') return;
    const soonest = this.queue.peek()?.at ?? Infinity;
    if (soonest === this.wakeAt && this.wake) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeAt = soonest;
    if (soonest === Infinity) return;
    const delay = Math.min(Math.max(0, soonest - this.now()), 2 ** 31 - 1);
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAt = Infinity;
      void this.tick().then(() => this.arm());
    }, delay);
    this.wake.unref();
  }
}

/** Parse "90", "90s", "15m", "2h", "60d", or an ISO-8601 duration (PT10M, P1DT2H) into ms. Not trimmed: an
 *  ISO string is read exactly as `isoDurationMs` (and the client) read it. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') return input;
  const simple = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(input);
  if (simple) {
    const n = Number(simple[1]);
    const unit = simple[2] ?? 'ms';
    return n * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[unit]!;
  }
  const ms = isoDurationMs(input);
  if (ms === undefined) throw new RangeError(`not a duration: ${input}`);
  return ms;
}

// The sandbox may not import the client, so this is its own copy of the client's parser (client/src/duration.ts):
// both accept and refuse exactly the same strings with the same values, which one table of cases proves in
// each package (test/fixtures/iso-durations.ts). MP documents `expiration_time` as an ISO-8601 duration from
// PT30S to PT3600H; days, hours, minutes and seconds are what its examples use. Years, months and weeks are
// refused (a month's length depends on the calendar).
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/;

/**
 * ISO-8601 duration in ms, or undefined when malformed: days, hours, minutes and seconds, the seconds with up
 * to nine decimals after `.` or `,` (as ISO allows), rounded to the millisecond; undefined past 2^53 ms.
 */
export function isoDurationMs(value: string): number | undefined {
  const m = ISO_DURATION.exec(value);
  // `P` and `PT` alone match the pattern but name no duration.
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [, d = '0', h = '0', mi = '0', s = '0', frac = ''] = m;
  const whole = ((Number(d) * 24 + Number(h)) * 60 + Number(mi)) * 60 + Number(s);
  const fraction = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const ms = whole * 1000 + fraction;
  return Number.isSafeInteger(ms) ? ms : undefined;
}
