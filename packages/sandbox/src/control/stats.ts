// Typed twin of GET /__sandbox/stats: how many of each thing the sandbox holds. Tests use it to prove that a
// rejected request stored nothing; operators use it to watch a long-running sandbox grow.
import type { SandboxState } from '../state.ts';

export interface StatsView {
  /** Virtual now. */
  now: string;
  accounts: number;
  apps: number;
  access_tokens: number;
  stores: number;
  pos: number;
  /** Orders API orders, and how many are in each status. */
  orders: number;
  orders_by_status: Record<string, number>;
  /** Legacy in-store orders (attended, dynamic, hybrid, mpmobile), open or closed. */
  instore_orders: number;
  merchant_orders: number;
  payments: number;
  payment_refunds: number;
  /** Buyer scans (`/__sandbox/scan`, `/pay`). */
  scans: number;
  deliveries: number;
  idempotency_records: number;
  /** Timers waiting on the virtual clock (expiries, retries). */
  pending_timers: number;
}

export function statsView(state: SandboxState): StatsView {
  const byStatus: Record<string, number> = {};
  for (const o of state.orders.values()) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return {
    now: state.utcTime(state.now()),
    accounts: state.accounts.size,
    apps: state.apps.size,
    access_tokens: state.tokens.size,
    stores: state.stores.size,
    pos: state.pos.size,
    orders: state.orders.size,
    orders_by_status: byStatus,
    instore_orders: state.instoreOrders.size,
    merchant_orders: state.merchantOrders.size,
    payments: state.payments.size,
    payment_refunds: state.paymentRefunds.size,
    scans: state.scans.size,
    deliveries: state.deliveries.size,
    idempotency_records: state.idempotency.size,
    pending_timers: state.clock.pendingCount,
  };
}

export function statsControl(state: SandboxState) {
  return {
    /** Counts of everything stored (`GET /__sandbox/stats`). */
    stats: (): StatsView => statsView(state),
  };
}
