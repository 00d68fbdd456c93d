// The integrator-events outbox: rows written with each charge change (repositories/charges.ts), their delivery
// attempts, and what the admin sees and replays.
import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.ts';

export type OutboxRow = Selectable<OutboxTable>;

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  get database(): Kysely<Database> {
    return this.db;
  }

  byId(id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async attempted(id: string, result: { delivered: boolean; error?: string }, now: Date): Promise<void> {
    await this.db.updateTable('outbox').set((eb) => ({
      attempts: eb('attempts', '+', 1), last_error: result.error ?? null, ...(result.delivered && { delivered_at: now }),
    })).where('id', '=', id).execute();
  }

  recent(limit: number, chargeId?: string): Promise<OutboxRow[]> {
    let q = this.db.selectFrom('outbox').selectAll();
    if (chargeId) q = q.where('charge_id', '=', chargeId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }
}
