// The notification inbox: every delivery from Mercado Pago as received, once (unique dedupe key), and when the
// reconcile it rang for has run.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface InboxEntry {
  dedupeKey: string;
  mpUserId: string | null;
  topic: string;
  resourceId: string;
  signature: 'verified' | 'absent';
  body: unknown;
  receivedAt: Date;
}

export class InboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** False when this delivery was already received (a retry or a duplicate). */
  async add(tx: Kysely<Database>, e: InboxEntry): Promise<boolean> {
    const r = await tx.insertInto('webhook_inbox').values({
      dedupe_key: e.dedupeKey, mp_user_id: e.mpUserId, topic: e.topic, resource_id: e.resourceId, signature: e.signature,
      body: JSON.stringify(e.body), received_at: e.receivedAt, processed_at: null,
    }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
    return r !== undefined;
  }

  /** Everything received for this resource up to `upTo` has been acted on; returns when each was received (the lag). */
  async markProcessed(topic: string, resourceId: string, upTo: Date, now: Date): Promise<Date[]> {
    const rows = await this.db.updateTable('webhook_inbox').set({ processed_at: now })
      .where('topic', '=', topic).where('resource_id', '=', resourceId).where('processed_at', 'is', null).where('received_at', '<=', upTo)
      .returning('received_at').execute();
    return rows.map((r) => new Date(r.received_at));
  }

  recent(limit: number): Promise<{ id: string; topic: string; resource_id: string; signature: string; received_at: Date; processed_at: Date | null }[]> {
    return this.db.selectFrom('webhook_inbox').select(['id', 'topic', 'resource_id', 'signature', 'received_at', 'processed_at'])
      .orderBy('id', 'desc').limit(limit).execute();
  }
}
