// The integrator-events outbox for the admin: what was sent (or not yet), and redelivery of one event.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { OutboxRepository } from '../../repositories/outbox.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { OUTBOX_QUEUE } from '../../services/outbox.ts';
import { notFound } from '../../errors.ts';

export function adminOutboxRoutes(d: { outbox: OutboxRepository; jobs: JobQueue }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/outbox', async (c) => {
    const rows = await d.outbox.recent(100, c.req.query('charge_id'));
    return c.json({ results: rows.map((r) => ({ ...r, id: `evt_${r.id}` })) });
  });
  app.post('/outbox/:id/redeliver', async (c) => {
    const id = c.req.param('id').replace(/^evt_/, '');
    if (!/^\d{1,18}$/.test(id) || !(await d.outbox.byId(id))) throw notFound('event');
    await d.jobs.enqueue(d.outbox.database, { queue: OUTBOX_QUEUE, payload: { outboxId: id, replay: true } });
    return c.json({ id: `evt_${id}`, queued: true }, 202);
  });
  return app;
}
