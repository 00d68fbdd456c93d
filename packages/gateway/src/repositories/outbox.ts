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

  /** The admin's events: newest first, filtered, a page of `limit` after the keyset `before` (an id). */
  list(f: OutboxFilter): Promise<OutboxRow[]> {
    let q = this.db.selectFrom('outbox').selectAll();
    if (f.type) q = q.where('type', '=', f.type);
    if (f.chargeId) q = q.where('charge_id', '=', f.chargeId);
    // Failing: tried and refused (last_error set); pending: not delivered and not refused yet.
    if (f.state === 'delivered') q = q.where('delivered_at', 'is not', null);
    else if (f.state) q = q.where('delivered_at', 'is', null).where('last_error', f.state === 'failing' ? 'is not' : 'is', null);
    if (f.before) q = q.where('id', '<', f.before);
    return q.orderBy('id', 'desc').limit(f.limit).execute();
  }
}

export interface OutboxFilter {
  type?: string;
  state?: 'delivered' | 'pending' | 'failing';
  chargeId?: string;
  before?: string;
  limit: number;
}
