// The notification inbox: every delivery from Mercado Pago as received, once (unique dedupe key), and when the
// reconcile it rang for has run.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WebhookInboxTable } from '../db/schema.ts';

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

  /**
   * The insert of a delivery, returning its id, or no row when it was already received (a retry or a duplicate).
   * Not run here: the caller sends it with the job it rings for (JobQueue.enqueueAfter), as one statement.
   */
  insert(e: InboxEntry) {
    return this.db.insertInto('webhook_inbox').values({
      dedupe_key: e.dedupeKey, mp_user_id: e.mpUserId, topic: e.topic, resource_id: e.resourceId, signature: e.signature,
      body: JSON.stringify(e.body), received_at: e.receivedAt, processed_at: null,
    }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id');
  }

  /** Everything received for this resource up to `upTo` has been acted on; returns when each was received (the lag). */
  async markProcessed(topic: string, resourceId: string, upTo: Date, now: Date): Promise<Date[]> {
    const rows = await this.db.updateTable('webhook_inbox').set({ processed_at: now })
      .where('topic', '=', topic).where('resource_id', '=', resourceId).where('processed_at', 'is', null).where('received_at', '<=', upTo)
      .returning('received_at').execute();
    return rows.map((r) => new Date(r.received_at));
  }

  /** What was received about these resources (a charge's order and payments), oldest first: its timeline. */
  forResources(refs: readonly { topic: string; resourceId: string }[], limit = 500): Promise<{ id: string; topic: string; resource_id: string; signature: string; received_at: Date; processed_at: Date | null }[]> {
    if (!refs.length) return Promise.resolve([]);
    return this.db.selectFrom('webhook_inbox').select(['id', 'topic', 'resource_id', 'signature', 'received_at', 'processed_at'])
      .where((eb) => eb.or(refs.map((r) => eb.and([eb('topic', '=', r.topic), eb('resource_id', '=', r.resourceId)]))))
      .orderBy('id').limit(limit).execute();
  }

  recent(limit: number): Promise<{ id: string; topic: string; resource_id: string; signature: string; received_at: Date; processed_at: Date | null }[]> {
    return this.db.selectFrom('webhook_inbox').select(['id', 'topic', 'resource_id', 'signature', 'received_at', 'processed_at'])
      .orderBy('id', 'desc').limit(limit).execute();
  }

  /** The admin's inbox: newest first, filtered, a page of `limit` after the keyset `before` (an id). */
  list(f: InboxFilter): Promise<InboxListRow[]> {
    let q = this.db.selectFrom('webhook_inbox as w').leftJoin('sellers as s', 's.mp_user_id', 'w.mp_user_id')
      .select(['w.id', 'w.mp_user_id', 's.id as seller_id', 's.nickname as seller_nickname', 'w.topic', 'w.resource_id', 'w.signature', 'w.received_at', 'w.processed_at'])
      // The charge this resource is (an order, or a payment): each lookup on its own index.
      .select(sql<string | null>`case w.topic
        when 'order' then (select c.id from charges c where c.mp_order_id = w.resource_id limit 1)
        when 'payment' then (select c.id from charges c where c.mp_payment_id = w.resource_id limit 1) end`.as('charge_id'));
    if (f.id) q = q.where('w.id', '=', f.id);
    if (f.mpUserId) q = q.where('w.mp_user_id', '=', f.mpUserId);
    if (f.topic) q = q.where('w.topic', '=', f.topic);
    if (f.signature) q = q.where('w.signature', '=', f.signature);
    if (f.state) q = q.where('w.processed_at', f.state === 'processed' ? 'is not' : 'is', null);
    if (f.before) q = q.where('w.id', '<', f.before);
    return q.orderBy('w.id', 'desc').limit(f.limit).execute();
  }

  byId(id: string): Promise<InboxRow | undefined> {
    return this.db.selectFrom('webhook_inbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A replay: the delivery shows pending again until its reconcile has run (markProcessed). */
  async markPending(tx: Kysely<Database>, id: string): Promise<InboxRow | undefined> {
    return tx.updateTable('webhook_inbox').set({ processed_at: null }).where('id', '=', id).returningAll().executeTakeFirst();
  }
}

export type InboxRow = Selectable<WebhookInboxTable>;

export interface InboxFilter {
  id?: string;
  mpUserId?: string;
  topic?: string;
  signature?: 'verified' | 'absent';
  state?: 'processed' | 'pending';
  before?: string;
  limit: number;
}

export interface InboxListRow {
  id: string; mp_user_id: string | null; seller_id: string | null; seller_nickname: string | null; topic: string; resource_id: string;
  signature: 'verified' | 'absent'; received_at: Date; processed_at: Date | null; charge_id: string | null;
}
