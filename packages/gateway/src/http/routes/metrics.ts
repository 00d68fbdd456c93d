// `GET /metrics` in Prometheus' text format. Open by default — the gateway binds 127.0.0.1 unless HOST says
// otherwise, and the numbers carry no ids, amounts or secrets — and behind `Authorization: Bearer <METRICS_TOKEN>`
// when that is set (a gateway reachable from outside, where counts of charges are still business data).
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { secretAuth } from '../middleware/auth.ts';
import { sha256 } from '../../crypto/keys.ts';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.ts';

export function metricsRoutes(d: { metrics: GatewayMetrics; metricsToken?: string }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  if (d.metricsToken !== undefined) app.use('/metrics', secretAuth(sha256(d.metricsToken), 'the metrics token (METRICS_TOKEN)'));
  app.get('/metrics', async (c) => c.body(await d.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  return app;
}
