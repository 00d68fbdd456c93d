// Polling faster while a terminal watches. A live charge with a Server-Sent Events stream or a long-poll open
// on this instance is re-fetched from Mercado Pago every few seconds instead of on the normal backoff (5 s, then
// 30 s, then 5 min), so a notification that never comes (test credentials send none; MP's can be hours late)
// still reaches the person at the terminal within seconds. Only this instance's watchers count (the hub knows
// them); another instance polls for its own. The re-fetch is the one reconcile, so it changes nothing twice.
// The re-fetches are capped per tick (oldest first): each costs MP calls and a locked read, and 500 terminals
// watching at 2.5 s were measured taking 40–80% of a core on their own, delaying the very approvals they wait
// for. Under the cap every watched charge is still re-fetched, only less often than the interval.
import type { ChargeHub } from './charge-hub.ts';
import type { ChargesService } from './charges.ts';
import type { ChargesRepository } from '../repositories/charges.ts';
import { LIVE_STATUSES } from './charge-state.ts';

export const WATCHED_POLL_MS = 2500;
/** At most this many watched re-fetches per tick (a tick a second): ~50 watchers at the full 2.5 s rate. */
export const WATCHED_POLL_MAX_PER_TICK = 20;

export class WatchedPoller {
  /** When each watched charge was last re-fetched here (or first seen watched). */
  private readonly checked = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly maxPerTick: number;

  constructor(private readonly d: { hub: Pick<ChargeHub, 'watched'>; charges: Pick<ChargesService, 'reconcile'>; repo: Pick<ChargesRepository, 'withStatus'>; now: () => Date; intervalMs?: number; maxPerTick?: number }) {
    this.intervalMs = d.intervalMs ?? WATCHED_POLL_MS;
    this.maxPerTick = d.maxPerTick ?? WATCHED_POLL_MAX_PER_TICK;
  }

  /** Re-fetch the watched live charges not fetched for an interval; returns how many. Run it every second. */
  async tick(): Promise<number> {
    const now = this.d.now().getTime();
    const watched = new Set(this.d.hub.watched());
    for (const id of this.checked.keys()) if (!watched.has(id)) this.checked.delete(id);
    const due: string[] = [];
    for (const id of watched) {
      const last = this.checked.get(id);
      // A watch that just began: the stream has just read the charge; its first re-fetch is an interval away.
      if (last === undefined) this.checked.set(id, now);
      else if (now - last >= this.intervalMs) due.push(id);
    }
    if (!due.length) return 0;
    // Oldest re-fetch first, so under the cap none waits forever.
    due.sort((a, b) => this.checked.get(a)! - this.checked.get(b)!).splice(this.maxPerTick);
    for (const id of due) this.checked.set(id, now);
    const live = await this.d.repo.withStatus(due, LIVE_STATUSES);
    for (const id of live) await this.d.charges.reconcile(id).catch(() => undefined);
    return live.length;
  }
}
