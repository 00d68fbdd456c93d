// Events to the integrator's own endpoint (`charge.approved`, `charge.refunded`, …): each outbox row is POSTed,
// HMAC-signed over `<timestamp>.<body>` (`x-cobro-signature: t=…,v1=…`, the same scheme as Stripe's, so one
// verification snippet serves), retried with backoff by the job queue until a 2xx, and logged on its row. A
// replay sends the very same body again with the same event id.
import { createHmac } from 'node:crypto';
import type { OutboxRepository } from '../repositories/outbox.ts';
import { RetryLater } from '../jobs/worker.ts';
import { backoffMs } from '../jobs/queue.ts';

export const OUTBOX_QUEUE = 'outbox.deliver';

export function signEvent(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export class OutboxService {
  constructor(private readonly d: {
    repo: OutboxRepository; url: string | undefined; secret: string | undefined; now: () => Date;
    fetch?: (url: string, init: RequestInit) => Promise<Response>; timeoutMs?: number;
  }) {
    Object.freeze(this);
  }

  get enabled(): boolean {
    return Boolean(this.d.url && this.d.secret);
  }

  /** One delivery attempt; throws RetryLater (the job's backoff) until the integrator answers 2xx. */
  async deliver(outboxId: string, attempt: number, opts: { replay?: boolean } = {}): Promise<void> {
    const row = await this.d.repo.byId(outboxId);
    if (!row || (row.delivered_at && !opts.replay) || !this.d.url || !this.d.secret) return;
    const body = JSON.stringify({ id: `evt_${row.id}`, ...(row.payload as object) });
    const ts = Math.floor(this.d.now().getTime() / 1000);
    let error: string | undefined;
    try {
      const res = await (this.d.fetch ?? fetch)(this.d.url, {
        method: 'POST', body, signal: AbortSignal.timeout(this.d.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json', 'x-cobro-event-id': `evt_${row.id}`, 'x-cobro-signature': signEvent(this.d.secret, ts, body) },
      });
      await res.body?.cancel();
      if (!res.ok) error = `the integrator's endpoint answered ${res.status}`;
    } catch (e) {
      error = `the integrator's endpoint could not be reached: ${(e as Error).message}`;
    }
    await this.d.repo.attempted(row.id, { delivered: !error, error }, this.d.now());
    if (error) throw new RetryLater(backoffMs(attempt), error);
  }
}
