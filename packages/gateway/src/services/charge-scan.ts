// The daily refund scan. A seller can refund a payment in Mercado Pago directly (the app, the web panel, support),
// and the notification may never reach us; so once a day every charge settled in the last N days (approved or
// partially refunded) is re-fetched, and a refund found is applied through the one reconcile — the same state
// change, event and integrator outbox row as a refund seen by webhook. It runs as jobs of the queue: one page of
// charges per job (each well inside a lease), the next page queued by the one before, and the last page queues
// tomorrow's scan. At most one scan job is queued at a time (its dedupe key), across processes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ChargesRepository } from '../repositories/charges.ts';
import type { ChargesService } from './charges.ts';
import type { JobQueue } from '../jobs/queue.ts';

export const REFUND_SCAN_QUEUE = 'charge.refund_scan';
const DAY_MS = 86_400_000;
const SCAN_KEY = 'daily';

/** A page of the scan: charges created since `since`, after the cursor. */
export interface RefundScanPage { since: string; after?: { created_at: string; id: string } }

export interface RefundScanDeps {
  db: Kysely<Database>;
  repo: ChargesRepository;
  charges: ChargesService;
  jobs: JobQueue;
  now: () => Date;
  /** How far back settled charges are re-fetched. */
  days: number;
  pageSize?: number;
  /** Re-fetches in flight at once within a page (default 8). One at a time, a read of 0.2 s covers ~430k charges
   *  a day: fewer than an integrator settling 15k a day holds in a 30-day window, and the scan would never end. */
  concurrency?: number;
  onError?: (chargeId: string, err: unknown) => void;
}

export class RefundScan {
  constructor(private readonly d: RefundScanDeps) {
    Object.freeze(this);
  }

  /** At start: the next scan is queued a day from now unless one is queued or running already (any process). */
  async schedule(): Promise<boolean> {
    return this.d.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('jobs').select('id').where('queue', '=', REFUND_SCAN_QUEUE).where('state', 'in', ['queued', 'running']).executeTakeFirst();
      if (existing) return false;
      return this.d.jobs.enqueue(tx, { queue: REFUND_SCAN_QUEUE, payload: null, dedupeKey: SCAN_KEY, runAt: new Date(this.d.now().getTime() + DAY_MS) });
    });
  }

  /** The job: one page, then the next page (now) or, after the last, tomorrow's scan. */
  async handle(payload: RefundScanPage | null): Promise<{ scanned: number; changed: number }> {
    const r = await this.page(payload ?? this.firstPage());
    await this.d.db.transaction().execute(async (tx) => {
      await this.d.jobs.enqueue(tx, r.next
        ? { queue: REFUND_SCAN_QUEUE, payload: r.next, dedupeKey: SCAN_KEY }
        : { queue: REFUND_SCAN_QUEUE, payload: null, dedupeKey: SCAN_KEY, runAt: new Date(this.d.now().getTime() + DAY_MS) });
    });
    return { scanned: r.scanned, changed: r.changed };
  }

  /** A whole scan now, page by page (the admin's "scan now", and tests). */
  async runNow(): Promise<{ scanned: number; changed: number }> {
    let page: RefundScanPage | undefined = this.firstPage();
    const total = { scanned: 0, changed: 0 };
    while (page) {
      const r = await this.page(page);
      total.scanned += r.scanned;
      total.changed += r.changed;
      page = r.next;
    }
    return total;
  }

  /** A scan covers the charges created in the `days` before it starts; its later pages keep that bound. */
  private firstPage(): RefundScanPage {
    return { since: new Date(this.d.now().getTime() - this.d.days * DAY_MS).toISOString() };
  }

  private async page(p: RefundScanPage): Promise<{ scanned: number; changed: number; next?: RefundScanPage }> {
    const limit = this.d.pageSize ?? 100;
    const rows = await this.d.repo.settledSince(new Date(p.since), p.after && { createdAt: new Date(p.after.created_at), id: p.after.id }, limit);
    let changed = 0, taken = 0;
    // Each charge is reconciled under its own row lock, so the reads of one page may overlap.
    const reader = async () => {
      while (taken < rows.length) {
        const row = rows[taken++]!;
        const before = await this.d.repo.byId(row.id);
        // A refund found is one more version of the charge; a charge as MP left it is no change at all.
        const after = await this.d.charges.reconcile(row.id).catch((err) => { this.d.onError?.(row.id, err); return undefined; });
        if (before && after && after.version > before.version) changed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.d.concurrency ?? 8, rows.length) }, reader));
    const last = rows.at(-1);
    const next = rows.length === limit && last ? { since: p.since, after: { created_at: new Date(last.created_at).toISOString(), id: last.id } } : undefined;
    return { scanned: rows.length, changed, next };
  }
}
