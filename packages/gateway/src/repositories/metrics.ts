// The counts /metrics reads from the database at scrape time, so every process reports the same truth: charges
// per status and jobs per queue and state. Both are one grouped count; the jobs table holds only work not yet
// done (completed jobs are deleted), so it stays small.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async chargesByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('charges').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async jobsByQueueAndState(): Promise<{ queue: string; state: string; n: number }[]> {
    const rows = await this.db.selectFrom('jobs').select(['queue', 'state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy(['queue', 'state']).execute();
    return rows.map((r) => ({ queue: r.queue, state: r.state, n: Number(r.n) }));
  }
}
