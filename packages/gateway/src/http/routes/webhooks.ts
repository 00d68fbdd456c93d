// `POST /webhooks/mercadopago`: one URL for every seller (MP sends the integrator's application's notifications
// there, routed by the body's user_id). Answers within milliseconds: the work happens in the job it enqueues.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { boundedText } from '../input.ts';
import type { NotificationsService } from '../../services/notifications.ts';

export function webhookRoutes(d: { notifications: NotificationsService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/webhooks/mercadopago', async (c) => {
    const text = await boundedText(c);
    const r = await d.notifications.receive({ url: c.req.url, headers: c.req.raw.headers, body: text });
    return c.json({ received: true, duplicate: r.duplicate }, 200);
  });
  return app;
}
