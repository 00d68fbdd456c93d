// buildApp(deps): the gateway's HTTP surface as a value — call it in-process (`app.request()`) or serve it.
// Middleware order: request id first (every answer carries one), then routes; one GatewayError mapped to the one
// JSON error shape in onError, anything else a 500 that says nothing of the cause.
import { Hono } from 'hono';
import type { AppEnv } from './http/env.ts';
import { requestId } from './http/middleware/request-id.ts';
import { connectRoutes } from './http/routes/connect.ts';
import { adminCatalogRoutes } from './http/routes/admin-catalog.ts';
import { terminalRoutes } from './http/routes/terminal.ts';
import { adminAuth } from './http/middleware/auth.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';
import { GatewayError } from './errors.ts';
import type { SellersService } from './services/sellers.ts';
import type { ProvisioningService } from './services/provisioning.ts';
import type { ChargesService } from './services/charges.ts';
import type { NotificationsService } from './services/notifications.ts';
import type { ChargeHub } from './services/charge-hub.ts';
import { adminOutboxRoutes } from './http/routes/admin-outbox.ts';
import { adminChargeRoutes } from './http/routes/admin-charges.ts';
import { adminNotificationRoutes } from './http/routes/admin-notifications.ts';
import { adminReportRoutes } from './http/routes/admin-reports.ts';
import { metricsRoutes } from './http/routes/metrics.ts';
import { apiDocsRoutes } from './http/routes/api-docs.ts';
import type { GatewayMetrics } from './metrics/gateway-metrics.ts';
import { cashierRoutes } from './http/routes/cashier.tsx';
import type { SandboxControl } from './services/sandbox-control.ts';
import type { AdminServices } from './services/admin.ts';
import { adminPageRoutes } from './http/routes/admin-pages.tsx';

export interface AppDeps {
  sellers: SellersService;
  provisioning: ProvisioningService;
  charges: ChargesService;
  notifications: NotificationsService;
  hub: ChargeHub;
  /** SHA-256 (hex) of the admin API key. */
  adminKeyHash: string;
  cookieSecret: string;
  secureCookies: boolean;
  metrics: GatewayMetrics;
  /** When set, /metrics wants `Authorization: Bearer <this>` (METRICS_TOKEN). */
  metricsToken?: string;
  /** What the admin pages and the admin API read and do beyond the catalog (charges, notifications, reports, clock). */
  admin: AdminServices;
  /** Embedded mode: the sandbox's control plane, for the cashier page's "simulate buyer". */
  sandbox?: SandboxControl;
  /** The gateway's clock (embedded: the sandbox's virtual one); the wall clock when not given. */
  now?: () => Date;
  /** Readiness: throws when the gateway cannot serve (the database is unreachable). */
  ready?: () => Promise<void>;
  /** Where unexpected errors go (the logger); never to the response. */
  onUnexpected?: (err: unknown, requestId: string) => void;
}

export function buildApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    try {
      await deps.ready?.();
      return c.json({ ready: true });
    } catch {
      return c.json(new GatewayError(503, 'not_ready', 'the database is not reachable').body(c.get('requestId')), 503);
    }
  });
  app.route('/', metricsRoutes(deps));
  app.route('/', apiDocsRoutes());
  app.route('/', connectRoutes(deps));
  app.route('/', webhookRoutes(deps));
  const admin = new Hono<AppEnv>();
  admin.use('*', adminAuth(deps.adminKeyHash));
  admin.route('/', adminCatalogRoutes(deps));
  admin.route('/', adminOutboxRoutes(deps.admin));
  admin.route('/', adminChargeRoutes(deps.admin));
  admin.route('/', adminNotificationRoutes(deps.admin));
  admin.route('/', adminReportRoutes(deps.admin));
  app.route('/admin/api', admin);
  app.route('/api', terminalRoutes(deps));
  app.route('/', cashierRoutes(deps));
  app.route('/', adminPageRoutes(deps));
  app.notFound((c) => c.json(new GatewayError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).body(c.get('requestId')), 404));
  app.onError((err, c) => {
    const id = c.get('requestId');
    if (err instanceof GatewayError) return c.json(err.body(id), err.status as 400);
    deps.onUnexpected?.(err, id);
    return c.json(new GatewayError(500, 'internal_error', 'the gateway failed unexpectedly; quote the request id').body(id), 500);
  });
  return app;
}
