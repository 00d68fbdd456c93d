// The sandbox as one Hono app: body limits and fault rules first, then every MP endpoint, then MP-shaped 404s and errors.
import { Hono, type Context } from 'hono';
import type { Env } from './http.ts';
import type { SandboxState } from './state.ts';
import { MpError, classicError, unknownPath } from './errors.ts';
import { faultMiddleware } from './middleware/faults.ts';
import { bodyLimitsMiddleware } from './middleware/body-limits.ts';
import { requestIdMiddleware } from './middleware/request-id.ts';
import { chain } from './middleware/chain.ts';
import { RememberingRouter } from './router.ts';
import { testUserRoutes } from './routes/test-users.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { userRoutes } from './routes/users.ts';
import { storeRoutes } from './routes/stores.ts';
import { posRoutes } from './routes/pos.ts';
import { qrImageRoutes } from './routes/qr-images.ts';
import { instoreRoutes } from './routes/instore.ts';
import { merchantOrderRoutes } from './routes/merchant-orders.ts';
import { paymentRoutes } from './routes/payments.ts';
import { orderRoutes } from './routes/orders.ts';
import { controlAccountRoutes } from './routes/control-accounts.ts';
import { controlBuyerRoutes } from './routes/control-buyer.ts';
import { controlClockRoutes } from './routes/control-clock.ts';
import { controlFaultRoutes } from './routes/control-faults.ts';
import { controlWebhookRoutes } from './routes/control-webhooks.ts';
import { controlStatsRoutes } from './routes/control-stats.ts';

export function buildApp(state: SandboxState): Hono<Env> {
  // strict: false — MP answers `/path/` like `/path` (the official SDK lists refunds with a trailing slash).
  const app = new Hono<Env>({ strict: false, router: new RememberingRouter() });
  // In this order, as one middleware (chain.ts: no async frame per layer when each just passes on).
  app.use('*', chain([
    requestIdMiddleware(state),
    bodyLimitsMiddleware(),
    // The options a route's plumbing reads without the state at hand (readJson: requireJsonContentType).
    (c, next) => { c.set('opts', state.opts); return next(); },
    faultMiddleware(state),
  ], answerError));
  for (const routes of [
    orderRoutes, testUserRoutes, oauthRoutes, userRoutes, storeRoutes, posRoutes, qrImageRoutes, instoreRoutes,
    merchantOrderRoutes, paymentRoutes, controlAccountRoutes, controlBuyerRoutes, controlClockRoutes,
    controlFaultRoutes, controlWebhookRoutes, controlStatsRoutes,
  ]) {
    app.route('/', routes(state));
  }
  app.notFound((c) => {
    const e = unknownPath(c.req.method, c.req.path);
    return c.json(e.body, 404);
  });
  app.onError(answerError);
  return app;
}

/** Every error's answer: an MpError as MP shapes it, anything else a logged 500. */
function answerError(err: Error, c: Context<Env>): Response {
  if (err instanceof MpError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(err.body, err.status as 500);
  }
  const e = classicError(500, 'internal_error', 'Internal server error.');
  console.error('[sandbox] unexpected error', err);
  return c.json(e.body, 500);
}
