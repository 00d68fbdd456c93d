// The one order a POS's printed (static) QR can show. An Orders API static/hybrid order and a legacy attended,
// hybrid or mpmobile order compete for the same code: a scan could not tell which to pay. MP answers
// `already_queued_order_on_pos` when the Orders API finds the code taken (spec §7.1: observed by integrators,
// UNCONFIRMED), so this is the `ordersOnePendingPerPos` option (on by default). Legacy orders replace each other
// silently (spec §6.2) and only meet this rule when an Orders API order holds the code.
import type { SandboxState } from '../state.ts';
import type { Order, Pos } from '../model.ts';
import { classicError, ordersError } from '../errors.ts';
import { pendingOrderOnPos } from '../orders/orders.ts';
import { findInstoreOrderForScan } from '../legacy/legacy.ts';

/** Before an Orders API order of `mode` takes the POS's code: 409 when a pending order of either API shows there. */
export function assertPosFreeForOrder(state: SandboxState, pos: Pos, mode: Order['mode']): void {
  if (mode === 'dynamic' || !state.opts.ordersOnePendingPerPos) return;
  const queued = pendingOrderOnPos(state, pos.id);
  const legacy = queued ? undefined : findInstoreOrderForScan(state, { posId: pos.id });
  if (queued || legacy) {
    throw ordersError(409, 'already_queued_order_on_pos',
      `POS ${pos.external_id} already has a pending order (${queued ? queued.id : `in-store order ${legacy!.in_store_order_id}`}); cancel it or wait for it to expire.`,
      ['config.qr.external_pos_id']);
  }
}

/** Before a legacy order takes the POS's code: 409 when a pending Orders API order shows there (the mirror case). */
export function assertPosFreeForLegacy(state: SandboxState, pos: Pos): void {
  if (!state.opts.ordersOnePendingPerPos) return;
  const queued = pendingOrderOnPos(state, pos.id);
  if (queued) {
    throw classicError(409, 'already_queued_order_on_pos',
      `POS ${pos.external_id} already has a pending Orders API order (${queued.id}); cancel it or wait for it to expire.`);
  }
}
