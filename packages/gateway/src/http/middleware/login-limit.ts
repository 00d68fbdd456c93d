// Guessing the admin key through the log-in form: after 5 wrong keys from one address within 15 minutes that
// address waits until the window has passed (429 with Retry-After), and after 50 wrong keys from anywhere within
// the window every address does, so spreading the guesses over many addresses gains little. A right key clears its
// address. Counted per process: N gateway processes allow N times as many guesses, still far too few for a key of
// 32 random characters (the generated admin key) and a brake on a weak COBRO_ADMIN_PASSWORD.
export interface LoginLimitOptions { perAddress?: number; overall?: number; windowMs?: number }

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly all: number[] = [];
  private readonly o: Required<LoginLimitOptions>;

  constructor(o: LoginLimitOptions = {}) {
    this.o = { perAddress: 5, overall: 50, windowMs: 15 * 60_000, ...o };
  }

  /** Seconds this address must wait before its next try, or 0. */
  retryAfter(address: string, now: number): number {
    const since = now - this.o.windowMs;
    const mine = (this.failures.get(address) ?? []).filter((t) => t > since);
    drop(this.all, since);
    const blockedUntil = Math.max(
      mine.length >= this.o.perAddress ? mine[mine.length - this.o.perAddress]! + this.o.windowMs : 0,
      this.all.length >= this.o.overall ? this.all[this.all.length - this.o.overall]! + this.o.windowMs : 0,
    );
    return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : 0;
  }

  failed(address: string, now: number): void {
    const since = now - this.o.windowMs;
    const mine = (this.failures.get(address) ?? []).filter((t) => t > since);
    mine.push(now);
    this.failures.set(address, mine.slice(-this.o.perAddress));
    this.all.push(now);
    drop(this.all, since);
    if (this.all.length > this.o.overall) this.all.splice(0, this.all.length - this.o.overall);
    // Bounded: addresses with nothing in the window are forgotten once the table grows.
    if (this.failures.size > 10_000) for (const [k, v] of this.failures) if (v.every((t) => t <= since)) this.failures.delete(k);
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }
}

function drop(times: number[], since: number): void {
  let i = 0;
  while (i < times.length && times[i]! <= since) i++;
  if (i) times.splice(0, i);
}
