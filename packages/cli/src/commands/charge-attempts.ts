// While `cobro charge` waits, the buyer may try a card that is declined or left pending: the Orders API
// order does not change (it stays payable), so these attempts are found as classic payments carrying the
// order's external_reference and shown as they come.
import type { Payment } from '@cobro/client';
import type { ApiContext } from '../context.ts';
import { mark } from '../output.ts';
import { isPending, PENDING_NEXT } from '../views.ts';

/** Looked up at most this often: it is one more request per poll against MP's rate limits. */
const EVERY_MS = 2000;

export interface AttemptView { id: number; status: string; status_detail: string; payment_method_id: string }

export function attemptLine(p: AttemptView): string {
  if (isPending(p.status)) return `${mark.warn} payment ${p.id} (classic id) pending (${p.status_detail}): ${PENDING_NEXT}`;
  return `${mark.fail} declined: payment ${p.id} (classic id) ${p.status} (${p.status_detail}) with ${p.payment_method_id}; the order stays payable, the buyer can try again`;
}

export function watchAttempts(ctx: ApiContext, externalReference: string, onAttempt: (line: string, payment: AttemptView) => void) {
  const seen = new Map<number, string>();
  let last = 0;
  let running: Promise<void> | undefined;
  const look = async () => {
    const page = await ctx.client.payments.search({ external_reference: externalReference, sort: 'date_created', criteria: 'asc', limit: 50 });
    for (const p of page.results as Payment[]) {
      if (p.status === 'approved' || seen.get(p.id) === p.status) continue;
      seen.set(p.id, p.status);
      const view = { id: p.id, status: p.status, status_detail: p.status_detail, payment_method_id: p.payment_method_id };
      onAttempt(attemptLine(view), view);
    }
  };
  return {
    /** Look again if the last look is old enough (or `force`); never throws: a failed look is retried later. */
    check(force = false): Promise<void> {
      if (running || (!force && Date.now() - last < EVERY_MS)) return running ?? Promise.resolve();
      last = Date.now();
      running = look().catch(() => undefined).finally(() => { running = undefined; });
      return running;
    },
  };
}
