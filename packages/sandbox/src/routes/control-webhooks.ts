// /__sandbox/webhooks: the delivery log (newest first), one delivery, replay, and waiting for quiescence.
import { Hono } from 'hono';
import { readJson, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { deliveries } from '../notifications/deliveries.ts';
import { checkDeliveryFilter } from '../control/webhooks.ts';
import { emitNotification } from '../control/emit.ts';

export function controlWebhookRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const engine = deliveries(state);
  app.get('/__sandbox/webhooks', (c) => {
    return c.json({ results: engine.list(checkDeliveryFilter(c.req.query())) });
  });
  /** Waits until nothing is queued or in flight (see control/webhooks.ts `idle`). */
  app.post('/__sandbox/webhooks/idle', async (c) => {
    await engine.idle();
    return c.json({ in_flight: engine.inFlight });
  });
  app.post('/__sandbox/webhooks/emit', async (c) => c.json(emitNotification(state, await readJson(c, 'classic', { required: true })), 202));
  app.post('/__sandbox/webhooks/release', (c) => c.json({ released: engine.releaseHeld() }));
  app.get('/__sandbox/webhooks/:id', (c) => c.json(found(engine.get(c.req.param('id')), c.req.param('id'))));
  app.post('/__sandbox/webhooks/:id/replay', async (c) => c.json(found(await engine.replay(c.req.param('id')), c.req.param('id'))));
  return app;
}

function found<T>(v: T | undefined, id: string): T {
  if (!v) throw classicError(404, 'not_found', `Delivery ${id} not found.`);
  return v;
}
