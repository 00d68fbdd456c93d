// The admin's notifications: Mercado Pago's deliveries as the inbox received them, with replay, and the events
// to the integrator (the outbox), with redelivery. A replay rings the doorbell again — the same coalesced
// "reconcile this resource" job a delivery enqueues — so it is always safe: the gateway re-fetches from Mercado
// Pago and changes nothing when nothing changed there. The pages and the JSON API both call only this.
import type { AdminDeps } from './admin.ts';
import { GatewayError, notFound } from '../errors.ts';
import type { InboxFilter, InboxListRow } from '../repositories/inbox.ts';
import type { OutboxFilter, OutboxRow } from '../repositories/outbox.ts';
import { RESOURCE_QUEUE, type ResourceJob } from './notifications.ts';
import { OUTBOX_QUEUE } from './outbox.ts';
import { iso } from './iso.ts';

/** The inbox's topics (services/notifications.ts `jobOf`). */
export const TOPICS = ['order', 'payment', 'merchant_order', 'mp-connect', 'other'] as const;
/** The events a charge's changes write (`charge.<status>` for each status it can reach, and the two notes). */
export const EVENT_TYPES = ['charge.created', 'charge.pending', 'charge.approved', 'charge.partially_refunded', 'charge.refunded',
  'charge.expired', 'charge.canceled', 'charge.failed', 'charge.unknown', 'charge.attempt_rejected', 'charge.review'] as const;

export interface Page<T> { results: T[]; /** `before` for the next (older) page; null on the last one. */ next_before: string | null }

export interface NotificationView {
  id: string; received_at: string; mp_user_id: string | null; seller: { id: string; nickname: string } | null;
  topic: string; resource_id: string; signature: 'verified' | 'absent'; processed_at: string | null; charge_id: string | null;
}
export interface NotificationDetail extends NotificationView { body: unknown }

export interface EventView {
  id: string; charge_id: string | null; type: string; state: 'delivered' | 'pending' | 'failing'; payload: unknown;
  created_at: string; delivered_at: string | null; attempts: number; last_error: string | null;
}

/** An id as shown (`ntf_12`, `evt_12`) or bare; undefined when it cannot be one. */
const bare = (prefix: string, id: string) => /^\d{1,18}$/.exec(id.startsWith(prefix) ? id.slice(prefix.length) : id)?.[0];

function notificationView(r: InboxListRow): NotificationView {
  return {
    id: `ntf_${r.id}`, received_at: iso(r.received_at), mp_user_id: r.mp_user_id === null ? null : String(r.mp_user_id),
    seller: r.seller_id ? { id: r.seller_id, nickname: r.seller_nickname! } : null, topic: r.topic, resource_id: r.resource_id,
    signature: r.signature, processed_at: iso(r.processed_at), charge_id: r.charge_id,
  };
}

export function eventView(r: OutboxRow): EventView {
  return {
    id: `evt_${r.id}`, charge_id: r.charge_id, type: r.type, state: r.delivered_at ? 'delivered' : r.last_error ? 'failing' : 'pending',
    payload: r.payload, created_at: iso(r.created_at), delivered_at: iso(r.delivered_at), attempts: r.attempts, last_error: r.last_error,
  };
}

/** A page of `limit` rows read as `limit + 1`: the extra one says there is a next page. */
function paged<R extends { id: string | number }, V>(rows: R[], limit: number, view: (r: R) => V): Page<V> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { results: shown.map(view), next_before: more ? String(shown[shown.length - 1]!.id) : null };
}

export class NotificationAdminService {
  constructor(private readonly d: AdminDeps) {
    Object.freeze(this);
  }

  /** Whether events are sent at all (INTEGRATOR_WEBHOOK_URL and its secret set); they are written either way. */
  get eventsEnabled(): boolean {
    return this.d.eventsEnabled ?? false;
  }

  async notifications(f: InboxFilter): Promise<Page<NotificationView>> {
    const rows = await this.d.inbox.list({ ...f, before: f.before && bare('ntf_', f.before), limit: f.limit + 1 });
    return paged(rows, f.limit, notificationView);
  }

  async notification(id: string): Promise<NotificationDetail> {
    const n = bare('ntf_', id);
    const [row] = n ? await this.d.inbox.list({ id: n, limit: 1 }) : [];
    if (!row) throw notFound('notification');
    return { ...notificationView(row), body: (await this.d.inbox.byId(n!))!.body };
  }

  /** Ring the doorbell again: the row shows pending until the reconcile it enqueues has run (now, not after a backoff). */
  async replay(id: string): Promise<{ id: string; queued: true }> {
    const n = bare('ntf_', id);
    await this.d.db.transaction().execute(async (tx) => {
      const row = n ? await this.d.inbox.markPending(tx, n) : undefined;
      if (!row) throw notFound('notification');
      const body = row.body as { action?: unknown } | null;
      const job: ResourceJob = {
        topic: row.topic as ResourceJob['topic'], resourceId: row.resource_id, mpUserId: row.mp_user_id === null ? null : String(row.mp_user_id),
        action: typeof body?.action === 'string' ? body.action : null, replay: true,
      };
      await this.d.jobs.enqueueNow(tx, { queue: RESOURCE_QUEUE, payload: job, dedupeKey: `${job.topic}:${job.resourceId}` });
    });
    return { id: `ntf_${n}`, queued: true };
  }

  async events(f: OutboxFilter): Promise<Page<EventView>> {
    const rows = await this.d.outbox.list({ ...f, before: f.before && bare('evt_', f.before), limit: f.limit + 1 });
    return paged(rows, f.limit, eventView);
  }

  /** Send one event again, delivered or not: the very same body and event id (the integrator de-duplicates on it). */
  async redeliver(id: string): Promise<{ id: string; queued: true }> {
    const n = bare('evt_', id);
    if (!n || !(await this.d.outbox.byId(n))) throw notFound('event');
    if (!this.eventsEnabled) throw new GatewayError(409, 'events_not_configured', 'no integrator endpoint is configured (INTEGRATOR_WEBHOOK_URL and INTEGRATOR_WEBHOOK_SECRET): events are kept but not sent');
    await this.d.jobs.enqueue(this.d.db, { queue: OUTBOX_QUEUE, payload: { outboxId: n, replay: true } });
    return { id: `evt_${n}`, queued: true };
  }
}
