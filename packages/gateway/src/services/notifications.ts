// Notifications from Mercado Pago are doorbells, never the truth. A delivery whose signature is present must
// verify (either data.id casing, ts in s or ms, within the tolerance, compared in constant time: the client's
// verifier) or it is refused with nothing stored; an unsigned webhook or an IPN is accepted as a doorbell only.
// Each delivery is written to the inbox and a coalesced "reconcile this resource" job is enqueued in one statement
// (so one transaction), then MP gets its 200 at once. The job re-fetches; the body is never trusted.
import { createHash } from 'node:crypto';
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, parseNotification, verifyWebhookRequest, type Notification } from '@cobro/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { GatewayError } from '../errors.ts';
import type { InboxRepository } from '../repositories/inbox.ts';
import type { JobQueue } from '../jobs/queue.ts';

export const RESOURCE_QUEUE = 'mp.resource';

export interface ResourceJob {
  topic: 'order' | 'payment' | 'merchant_order' | 'mp-connect' | 'other'; resourceId: string; mpUserId: string | null; action: string | null;
  /** Rung again by an operator (the admin's replay): its delivery's age is no webhook lag. */
  replay?: true;
}

export interface NotificationsDeps {
  db: Kysely<Database>;
  inbox: InboxRepository;
  jobs: JobQueue;
  now: () => Date;
  /** The application's webhook secret; without it a signature cannot be checked and counts as absent. */
  webhookSecret: string | undefined;
  toleranceSeconds?: number | null;
}

export class NotificationsService {
  constructor(private readonly d: NotificationsDeps) {
    Object.freeze(this);
  }

  async receive(delivery: { url: string; headers: Headers; body: string }): Promise<{ duplicate: boolean; job: ResourceJob }> {
    let n: Notification;
    try {
      n = parseNotification(delivery.url, delivery.body);
    } catch (e) {
      throw new GatewayError(400, 'invalid_notification', `not a Mercado Pago notification: ${(e as Error).message}`);
    }
    const signature = this.verify(delivery, n);
    const job = jobOf(n);
    const requestId = delivery.headers.get('x-request-id');
    // MP's own advice: de-duplicate on the delivery's x-request-id, not type + id (that would drop the refund
    // notification that follows a payment's).
    const dedupeKey = requestId && /^[\x21-\x7e]{1,200}$/.test(requestId)
      ? `rid:${requestId}`
      : `h:${job.topic}:${job.resourceId}:${createHash('sha256').update(delivery.body).digest('hex')}`;
    const now = this.d.now();
    const entry = { dedupeKey, mpUserId: job.mpUserId, topic: job.topic, resourceId: job.resourceId, signature, body: n.body, receivedAt: now };
    const added = await this.d.jobs.enqueueAfter(this.d.db, this.d.inbox.insert(entry), { queue: RESOURCE_QUEUE, payload: job, dedupeKey: `${job.topic}:${job.resourceId}` });
    return { duplicate: !added, job };
  }

  private verify(delivery: { url: string; headers: Headers }, n: Notification): 'verified' | 'absent' {
    if (!delivery.headers.get('x-signature') || !this.d.webhookSecret || n.kind === 'ipn') return 'absent';
    const v = verifyWebhookRequest(this.d.webhookSecret, { url: delivery.url, headers: delivery.headers }, {
      now: this.d.now(), toleranceSeconds: this.d.toleranceSeconds === undefined ? DEFAULT_WEBHOOK_TOLERANCE_SECONDS : this.d.toleranceSeconds,
    });
    if (!v.ok) throw new GatewayError(401, 'invalid_signature', `the x-signature does not verify (${v.reason}); nothing was stored`);
    return 'verified';
  }
}

function jobOf(n: Notification): ResourceJob {
  if (n.kind === 'ipn') return { topic: topicOf(n.ref.type), resourceId: n.ref.id, mpUserId: null, action: null };
  if (n.type === 'mp-connect') return { topic: 'mp-connect', resourceId: n.userId ?? n.dataId, mpUserId: n.userId ?? null, action: n.action ?? null };
  return { topic: topicOf(n.ref.type), resourceId: n.ref.id, mpUserId: n.userId ?? null, action: n.action ?? null };
}

function topicOf(t: string): ResourceJob['topic'] {
  return t === 'order' || t === 'payment' || t === 'merchant_order' ? t : 'other';
}
