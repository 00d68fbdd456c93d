// The log of calls to Mercado Pago (table mp_calls): written in batches by services/mp-call-log.ts, read for a
// charge's timeline and the health page's error rate, pruned by age.
import type { Kysely, Insertable, Selectable } from 'kysely';
import type { Database, MpCallsTable } from '../db/schema.ts';

export type MpCallRow = Selectable<MpCallsTable>;
export type NewMpCall = Insertable<MpCallsTable>;

export class MpCallsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rows: readonly NewMpCall[]): Promise<void> {
    if (rows.length) await this.db.insertInto('mp_calls').values([...rows]).execute();
  }

  /** A charge's calls, oldest first (at most `limit`, the newest kept when there are more). */
  async forCharge(chargeId: string, limit = 500): Promise<MpCallRow[]> {
    const rows = await this.db.selectFrom('mp_calls').selectAll().where('charge_id', '=', chargeId).orderBy('id', 'desc').limit(limit).execute();
    return rows.reverse();
  }

  /** Calls logged since `since`, and how many of them failed (no answer, or an answer of 400 or more). */
  async errorRate(since: Date): Promise<{ calls: number; failed: number }> {
    const r = await this.db.selectFrom('mp_calls').where('created_at', '>=', since)
      .select((eb) => [eb.fn.countAll<string>().as('calls'), eb.fn.countAll<string>().filterWhere((w) => w.or([w('status', 'is', null), w('status', '>=', 400)])).as('failed')])
      .executeTakeFirstOrThrow();
    return { calls: Number(r.calls), failed: Number(r.failed) };
  }

  /** Delete what is older than `before`; returns how many rows went. */
  async prune(before: Date): Promise<number> {
    const r = await this.db.deleteFrom('mp_calls').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
