// Rejected card attempts keep a charge pending (the buyer may try another card), but the terminal must be able
// to say "card rejected": each rejected classic payment carrying the charge's reference becomes one
// `charge.attempt_rejected` event, once, under the row lock. Orders and legacy flows alike (payments search).
import type { MercadoPagoClient } from '@cobro/client';
import type { ChargeRow, ChargesRepository } from '../repositories/charges.ts';

export async function reportRejectedAttempts(repo: ChargesRepository, now: Date, row: ChargeRow, mp: MercadoPagoClient): Promise<void> {
  const page = await mp.payments.search({ external_reference: row.external_reference }).catch(() => undefined);
  const rejected = (page?.results ?? []).filter((p) => p.status === 'rejected').map((p) => String(p.id));
  const fresh = rejected.filter((pid) => !row.rejected_attempts.includes(pid));
  if (!fresh.length) return;
  await repo.change(row.id, (r) => {
    const news = fresh.filter((pid) => !r.rejected_attempts.includes(pid));
    if (!news.length || r.status !== 'pending') return undefined;
    return {
      set: { rejected_attempts: JSON.stringify([...r.rejected_attempts, ...news]) },
      event: { type: 'charge.attempt_rejected', data: { status: 'pending', mp_payment_ids: news } },
    };
  }, now);
}
