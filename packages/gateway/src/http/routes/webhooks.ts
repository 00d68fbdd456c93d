// `POST /webhooks/mercadopago`: one URL for every seller (MP sends the integrator's application's notifications
// there, routed by the body's user_id). Answers within milliseconds: the work happens in the job it enqueues.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { MAX_BODY_BYTES } from '../input.ts';
import { GatewayError } from '../../errors.ts';
import type { NotificationsService } from '../../services/notifications.ts';

export function webhookRoutes(d: { notifications: NotificationsService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/webhooks/mercadopago', async (c) => {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new GatewayError(413, 'body_too_large', `a notification must be at most ${MAX_BODY_BYTES} bytes`);
    const r = await d.notifications.receive({ url: c.req.url, headers: c.req.raw.headers, body: text });
    return c.json({ received: true, duplicate: r.duplicate }, 200);
  });
  return app;
}
