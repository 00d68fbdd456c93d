// What the gateway asked Mercado Pago, kept for the admin (a charge's timeline, the health page's error rate):
// the client's attempt reports (method, path, status, duration, MP's request id; never a header, body or token),
// tagged with the charge they were made for. A diagnostic log, not state: rows are buffered and written in one
// insert every few hundred milliseconds, so a create pays no extra statement; a crash may lose the last batch.
// To keep it readable and small, a charge's repeated successful reads (the poller's every few seconds) are
// logged once a minute; every write, every failure and every change of answer is logged.
import type { AttemptInfo, MercadoPagoClient } from '@cobro/client';
import type { MpCallsRepository, NewMpCall } from '../repositories/mp-calls.ts';

interface CallScope { chargeId: string; sellerId: string }
/** The charge an attempt was made for, on the attempt the client reports (see forCharge). */
const SCOPE = Symbol('charge');
type ScopedAttempt = AttemptInfo & { [SCOPE]?: CallScope };

/**
 * `mp` (a seller's client) with the calls made through it logged as made for this charge: a client layered over
 * it (same token, same transport) whose attempt reports carry the charge. Passed explicitly rather than held in an
 * AsyncLocalStorage, which on Node 20 puts a hook on every promise of the process (measured: ~9% of a create's CPU).
 */
export function forCharge(row: { id: string; seller_id: string }, mp: MercadoPagoClient): MercadoPagoClient {
  const report = mp.config.onAttempt;
  if (!report) return mp;
  const s: CallScope = { chargeId: row.id, sellerId: row.seller_id };
  return mp.withOptions({ onAttempt: (a) => report(Object.assign(a, { [SCOPE]: s })) });
}

export interface MpCallLogOptions {
  /** How long a row waits in the buffer before its batch is written. */
  flushMs?: number;
  /** Past this many unwritten rows (the database is down), the oldest are dropped. */
  maxBuffered?: number;
  /** A charge's same successful read is logged again only after this long. */
  repeatReadMs?: number;
}

const ERROR_CHARS = 300;

export class MpCallLog {
  private buffer: NewMpCall[] = [];
  /** chargeId + path → the last logged read's status and time (bounded; the oldest entries go first). */
  private readonly reads = new Map<string, { status: number | undefined; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly o: Required<MpCallLogOptions>;

  constructor(private readonly repo: MpCallsRepository, private readonly now: () => Date, o: MpCallLogOptions = {}) {
    this.o = { flushMs: 250, maxBuffered: 5000, repeatReadMs: 60_000, ...o };
  }

  /** The client's `onAttempt`. */
  readonly record = (a: ScopedAttempt): void => {
    const s = a[SCOPE];
    const failed = a.status === undefined || a.status >= 400;
    const at = this.now();
    if (a.method === 'GET' && !failed) {
      if (!s) return; // an application-level read that worked (users/me, a payment looked up by a doorbell)
      const key = `${s.chargeId} ${a.path}`;
      const last = this.reads.get(key);
      if (last && last.status === a.status && at.getTime() - last.at < this.o.repeatReadMs) return;
      this.reads.delete(key);
      this.reads.set(key, { status: a.status, at: at.getTime() });
      if (this.reads.size > 10_000) this.reads.delete(this.reads.keys().next().value!);
    }
    this.buffer.push({
      charge_id: s?.chargeId ?? null, seller_id: s?.sellerId ?? null, method: a.method, path: a.path, status: a.status ?? null,
      mp_request_id: a.requestId ?? null, attempt: a.attempt, duration_ms: Math.round(a.durationMs), error: failed ? errorText(a) : null, created_at: at,
    });
    if (this.buffer.length > this.o.maxBuffered) this.buffer.splice(0, this.buffer.length - this.o.maxBuffered);
    this.timer ??= setTimeout(() => void this.flush(), this.o.flushMs).unref();
  };

  /** Write what is buffered (also what close() does); a failed write keeps the rows for the next one. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      const rows = this.buffer;
      if (!rows.length) return;
      this.buffer = [];
      try {
        await this.repo.insert(rows);
      } catch {
        this.buffer = [...rows, ...this.buffer].slice(-this.o.maxBuffered);
        this.timer ??= setTimeout(() => void this.flush(), this.o.flushMs * 4).unref();
      }
    });
    return this.writing;
  }
}

function errorText(a: AttemptInfo): string {
  const e = a.error as { name?: string; message?: string } | undefined;
  const text = e?.message ? `${e.name ?? 'Error'}: ${e.message}` : a.status === undefined ? 'no answer' : `HTTP ${a.status}`;
  return text.length > ERROR_CHARS ? `${text.slice(0, ERROR_CHARS - 1)}…` : text;
}
