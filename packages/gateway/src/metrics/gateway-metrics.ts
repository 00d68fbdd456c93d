// What the gateway exports at /metrics: charges by status and job queue depth (counted in the database at scrape
// time, the same on every instance), Mercado Pago call latency and errors per endpoint and status (this process's
// calls, from the client's onAttempt observer), and webhook lag (received → reconciled, this process's jobs).
import type { AttemptInfo } from '@cobro/client';
import type { MetricsRepository } from '../repositories/metrics.ts';
import type { ChargeStatus } from '../services/charge-state.ts';
import { RESOURCE_QUEUE } from '../services/notifications.ts';
import { OUTBOX_QUEUE } from '../services/outbox.ts';
import { RECOVER_QUEUE } from '../services/charges.ts';
import { Counter, Histogram, renderGauge } from './registry.ts';

const STATUSES: readonly ChargeStatus[] = ['unknown', 'pending', 'approved', 'partially_refunded', 'refunded', 'expired', 'canceled', 'failed'];
const JOB_STATES = ['queued', 'running', 'dead'] as const;
const KNOWN_QUEUES = [RESOURCE_QUEUE, OUTBOX_QUEUE, RECOVER_QUEUE];

// Words of Mercado Pago's paths; any other segment is an id or an external id, labelled `{id}` so the series stay
// few (and no seller's POS or store name becomes a label).
const MP_PATH_WORDS = new Set([
  'v1', 'orders', 'cancel', 'refund', 'refunds', 'payments', 'search', 'merchant_orders', 'instore', 'qr', 'seller',
  'collectors', 'pos', 'stores', 'qrs', 'mpmobile', 'users', 'me', 'oauth', 'token', 'test_user',
]);

/** `/v1/orders/ORD01…/cancel` → `/v1/orders/{id}/cancel`. */
export function mpEndpoint(path: string): string {
  return path.split('/').map((s) => (s === '' || MP_PATH_WORDS.has(s) ? s : '{id}')).join('/');
}

export class GatewayMetrics {
  readonly mpDuration = new Histogram('cobro_mp_request_duration_seconds', 'Mercado Pago HTTP attempts by endpoint, method and status (status "none": no answer).',
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  readonly mpErrors = new Counter('cobro_mp_request_errors_total', 'Mercado Pago HTTP attempts that failed (a 4xx/5xx answer, or none), by endpoint, method and status.');
  readonly webhookLag = new Histogram('cobro_webhook_lag_seconds', 'From a notification received to its resource reconciled.',
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600]);

  constructor(private readonly repo: MetricsRepository) {}

  /** The client's `onAttempt`. */
  readonly onMpAttempt = (a: AttemptInfo): void => {
    const labels = { endpoint: mpEndpoint(a.path), method: a.method, status: a.status === undefined ? 'none' : String(a.status) };
    this.mpDuration.observe(a.durationMs / 1000, labels);
    if (a.status === undefined || a.status >= 400) this.mpErrors.inc(labels);
  };

  /** Notifications received at these times were acted on at `at`. */
  webhooksReconciled(receivedAt: readonly Date[], at: Date): void {
    for (const r of receivedAt) this.webhookLag.observe(Math.max(0, at.getTime() - r.getTime()) / 1000);
  }

  async render(): Promise<string> {
    const [charges, jobs] = await Promise.all([this.repo.chargesByStatus(), this.repo.jobsByQueueAndState()]);
    const depth = new Map(KNOWN_QUEUES.flatMap((q) => JOB_STATES.map((s) => [`${q}\u0000${s}`, 0] as [string, number])));
    for (const j of jobs) depth.set(`${j.queue}\u0000${j.state}`, j.n);
    return [
      renderGauge({ name: 'cobro_charges', help: 'Charges stored, by status.', samples: [...new Set([...STATUSES, ...Object.keys(charges)])].map((status) => ({ labels: { status }, value: charges[status] ?? 0 })) }),
      renderGauge({ name: 'cobro_jobs', help: 'Jobs in the queue table, by queue and state (completed jobs leave the table).', samples: [...depth].map(([k, value]) => {
        const [queue, state] = k.split('\u0000') as [string, string];
        return { labels: { queue, state }, value };
      }) }),
      this.mpDuration.render(), this.mpErrors.render(), this.webhookLag.render(),
    ].join('\n') + '\n';
  }
}
