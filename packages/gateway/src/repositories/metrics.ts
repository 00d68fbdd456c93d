// The counts /metrics reads from the database at scrape time, so every process reports the same truth: charges
// per status and jobs per queue and state. Charges per status are kept by triggers (migration 0011): totals as of
// the last fold plus the deltas appended since, so a scrape reads a few rows whatever the number of charges. The
// jobs table holds only work not yet done (completed jobs are deleted), so its grouped count stays small.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Exact in any snapshot: a fold deletes deltas and adds them to the totals in one statement, so a read sees
   *  either both before or both after it. */
  async chargesByStatus(): Promise<Record<string, number>> {
    await this.foldChargeCounts();
    const { rows } = await sql<{ status: string; n: string }>`select status, sum(n) as n
      from (select status, n from charge_status_counts union all select status, n from charge_status_deltas) counted
      group by status`.execute(this.db);
    return Object.fromEntries(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.status, Number(r.n)]));
  }

  /** Move the deltas into the totals (each scrape does, and main.ts on a timer, so they stay few between scrapes).
   *  Concurrent folds are safe: a delta another fold deleted first is skipped, and the totals' upsert waits its turn. */
  async foldChargeCounts(): Promise<void> {
    await sql`with moved as (delete from charge_status_deltas returning status, n)
      insert into charge_status_counts (status, n) select status, sum(n) from moved group by status
      on conflict (status) do update set n = charge_status_counts.n + excluded.n`.execute(this.db);
  }

  async jobsByQueueAndState(): Promise<{ queue: string; state: string; n: number }[]> {
    const rows = await this.db.selectFrom('jobs').select(['queue', 'state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy(['queue', 'state']).execute();
    return rows.map((r) => ({ queue: r.queue, state: r.state, n: Number(r.n) }));
  }
}
