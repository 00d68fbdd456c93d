// The admin JSON API's notification inbox (under /admin/api, behind the admin key): Mercado Pago's deliveries as
// received, newest first and filtered, one with its body, and the replay of one (its reconcile rung again).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { parse, z } from '../input.ts';
import type { AdminServices } from '../../services/admin.ts';
import { TOPICS } from '../../services/notification-admin.ts';
import type { InboxFilter } from '../../repositories/inbox.ts';

/** A keyset cursor: the `next_before` of the page before. */
export const cursor = (prefix: string) => z.string().regex(new RegExp(`^(${prefix})?\\d{1,18}$`), `the next_before of the previous page (${prefix}…)`);
export const pageLimit = z.coerce.number().int().min(1).max(200).default(50);

export const inboxQuery = z.strictObject({
  mp_user_id: z.string().regex(/^\d{1,18}$/, "digits only: the seller's Mercado Pago user id").optional(),
  topic: z.enum(TOPICS).optional(),
  signature: z.enum(['verified', 'absent']).optional(),
  state: z.enum(['processed', 'pending']).optional(),
  before: cursor('ntf_').optional(),
  limit: pageLimit,
});

/** The query string (or the filter form) as the inbox's filter; a bad field is a 400 naming it. */
export function inboxFilter(raw: Record<string, string>): InboxFilter {
  const q = parse(inboxQuery, raw);
  return { mpUserId: q.mp_user_id, topic: q.topic, signature: q.signature, state: q.state, before: q.before, limit: q.limit };
}

export function adminNotificationRoutes(admin: AdminServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/inbox', async (c) => c.json(await admin.notifications.notifications(inboxFilter(c.req.query()))));
  app.get('/inbox/:id', async (c) => c.json(await admin.notifications.notification(c.req.param('id'))));
  app.post('/inbox/:id/replay', async (c) => c.json(await admin.notifications.replay(c.req.param('id')), 202));
  return app;
}
