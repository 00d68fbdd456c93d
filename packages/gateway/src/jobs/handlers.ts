// What each queue's jobs do. Every handler is idempotent (a job may run twice after a crash or a lapsed lease):
// each one ends in a re-fetch from Mercado Pago applied through the charge's one-way state machine.
import type { JobHandler } from './worker.ts';
import { RECOVER_QUEUE, type ChargesService } from '../services/charges.ts';
import type { SellersService } from '../services/sellers.ts';
import type { InboxRepository } from '../repositories/inbox.ts';
import { RESOURCE_QUEUE, type ResourceJob } from '../services/notifications.ts';
import { OUTBOX_QUEUE, type OutboxService } from '../services/outbox.ts';
import type { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import { Doorbells } from '../services/doorbells.ts';
import { REFUND_SCAN_QUEUE, type RefundScan, type RefundScanPage } from '../services/charge-scan.ts';

export function jobHandlers(d: { charges: ChargesService; sellers: SellersService; inbox: InboxRepository; outbox: OutboxService; now: () => Date; metrics?: GatewayMetrics; refundScan?: RefundScan }): Record<string, JobHandler> {
  const doorbells = new Doorbells(d);
  return {
    [RESOURCE_QUEUE]: async (job) => {
      const started = d.now();
      const r = job.payload as ResourceJob;
      if (r.topic === 'order') await doorbells.order(r.resourceId);
      else if (r.topic === 'payment') await doorbells.payment(r.mpUserId, r.resourceId);
      else if (r.topic === 'merchant_order') await doorbells.merchantOrder(r.mpUserId, r.resourceId);
      else if (r.topic === 'mp-connect' && r.mpUserId) {
        // Coalesced deliveries may mix authorized and deauthorized: the action is not believed, the link is checked.
        const seller = await d.sellers.byMpUserId(r.mpUserId);
        if (seller) await d.sellers.checkLink(seller.id);
      }
      const done = d.now();
      // Marked processed whether or not metrics are kept.
      const processed = await d.inbox.markProcessed(r.topic, r.resourceId, started, done);
      if (!r.replay) d.metrics?.webhooksReconciled(processed, done);
    },
    [OUTBOX_QUEUE]: async (job) => {
      const p = job.payload as { outboxId: string; replay?: boolean };
      await d.outbox.deliver(p.outboxId, job.attempts, { replay: p.replay });
    },
    [RECOVER_QUEUE]: async (job) => {
      await d.charges.recover((job.payload as { chargeId: string }).chargeId);
    },
    ...(d.refundScan && {
      [REFUND_SCAN_QUEUE]: async (job) => { await d.refundScan!.handle(job.payload as RefundScanPage | null); },
    } satisfies Record<string, JobHandler>),
  };
}
