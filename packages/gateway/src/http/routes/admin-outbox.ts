// The admin JSON API's integrator-events outbox (under /admin/api, behind the admin key): what was sent (or not
// yet), newest first and filtered, and the redelivery of one event.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { parse, z } from '../input.ts';
import type { AdminServices } from '../../services/admin.ts';
import type { OutboxFilter } from '../../repositories/outbox.ts';
import { cursor, pageLimit } from './admin-notifications.ts';

export const outboxQuery = z.strictObject({
  type: z.string().max(100).regex(/^[a-z_]+\.[a-z_]+$/, 'an event type such as charge.approved').optional(),
  state: z.enum(['delivered', 'pending', 'failing']).optional(),
  charge_id: z.string().min(1).max(100).optional(),
  before: cursor('evt_').optional(),
  limit: pageLimit,
});

export function outboxFilter(raw: Record<string, string>): OutboxFilter {
  const q = parse(outboxQuery, raw);
  return { type: q.type, state: q.state, chargeId: q.charge_id, before: q.before, limit: q.limit };
}

export function adminOutboxRoutes(admin: AdminServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/outbox', async (c) => c.json(await admin.notifications.events(outboxFilter(c.req.query()))));
  app.post('/outbox/:id/redeliver', async (c) => c.json(await admin.notifications.redeliver(c.req.param('id')), 202));
  return app;
}
