// Secondary indexes over the entity tables, so that no request costs more as stored data grows: lookups by
// external id, "the pending order on this POS", a dynamic QR's order, a payment's refunds, an order's scans
// and payments, the idempotency records about a resource, and the queue of final orders retention forgets.
// Every index is derived from the tables: `rebuild(state)` makes them again from scratch (after a load),
// and they are never persisted. The domain calls the `index…`/`unindex…` functions where it writes a table.
//
// "Newest per POS" indexes are exact because the domain keeps at most one pending order per POS slot:
// Orders create refuses a second static/hybrid order while one is pending, and a legacy attached order
// replaces the previous one. So the newest one is the only candidate; callers still check its status.
import type { SandboxState } from './state.ts';
import type { InstoreOrder, MerchantOrder, Order, Payment, PaymentRefund, Pos, Scan, Store } from './model.ts';
import { isFinalInstoreOrder, isFinalOrder } from './retention.ts';

/** Legacy models that sit in a POS's one static-QR slot (legacy/legacy.ts). */
const ATTACHED: ReadonlySet<InstoreOrder['model']> = new Set(['attended', 'hybrid', 'mpmobile']);

export class Indexes {
  /** `userId|external_id` → POS id (a seller's POS external ids are unique). */
  readonly posByExternalId = new Map<string, number>();
  /** `userId|external_id` → store id. */
  readonly storeByExternalId = new Map<string, string>();
  /** POS id → the newest static or hybrid Orders API order created on it. */
  readonly staticOrderOnPos = new Map<number, string>();
  /** POS id → the newest attended/hybrid/mpmobile in-store order created on it. */
  readonly attachedOnPos = new Map<number, string>();
  /** UUID in a dynamic/hybrid order's QR → order id. */
  readonly orderByQrUuid = new Map<string, string>();
  /** Classic payment id → its refund ids, oldest first. */
  readonly refundsByPayment = new Map<number, number[]>();
  /** What a scan targets (Orders API order id, or in-store order id) → its scan ids, oldest first. */
  readonly scansByTarget = new Map<string, Many<string>>();
  /** Orders API order id → its classic payments (every attempt, rejected ones included). */
  readonly paymentsByOrder = new Map<string, Many<number>>();
  /** external_reference → payment ids, every collector's (the search keeps its own): how integrations find a
   *  payment again. Keyed by the payment's own string, so the index adds no string per payment. */
  readonly paymentsByRef = new Map<string, Many<number>>();
  /** `collectorId|external_reference` (lower-cased, as the search compares) → merchant order ids. */
  readonly merchantOrdersByRef = new Map<string, Many<number>>();
  /** Resource (order id, payment id) → keys of the idempotency records answering about it. */
  readonly idempotencyByRef = new Map<string, Many<string>>();
  /** Final orders (Orders API and legacy) → when they became final, oldest first (retention.ts). */
  readonly finalOrders = new Map<string, number>();

  clear(): void {
    for (const m of Object.values(this) as Map<unknown, unknown>[]) m.clear();
  }

  scansOf(targetId: string): string[] {
    return all(this.scansByTarget, targetId);
  }

  paymentsOf(orderId: string): number[] {
    return all(this.paymentsByOrder, orderId);
  }

  /** Payment ids with this external_reference, any collector's. */
  paymentsWithRef(ref: string): number[] {
    return all(this.paymentsByRef, ref);
  }

  merchantOrdersWithRef(collectorId: number, ref: string): number[] {
    return all(this.merchantOrdersByRef, key(collectorId, ref.toLowerCase()));
  }
}

/** Most keys have one value: kept bare, an array only from the second (a million orders, a million arrays saved). */
type Many<V> = V | V[];

function add<K, V>(m: Map<K, Many<V>>, k: K, v: V): void {
  const had = m.get(k);
  m.set(k, had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]);
}

function remove<K, V>(m: Map<K, Many<V>>, k: K, v: V): void {
  const rest = all(m, k).filter((x) => x !== v);
  if (rest.length === 0) m.delete(k);
  else m.set(k, rest.length === 1 ? rest[0] : rest);
}

function all<K, V>(m: Map<K, Many<V>>, k: K): V[] {
  const had = m.get(k);
  return had === undefined ? [] : Array.isArray(had) ? [...had] : [had];
}

/** Key of the by-external-id indexes. */
export const key = (userId: number, externalId: string): string => `${userId}|${externalId}`;

// Maintenance, called where the domain writes a table.

export function indexPos(state: SandboxState, pos: Pos): void {
  const ix = state.indexes;
  if (pos.external_id !== undefined) ix.posByExternalId.set(key(pos.userId, pos.external_id), pos.id);
}


export function unindexPos(state: SandboxState, pos: Pos): void {
  const ix = state.indexes;
  if (pos.external_id !== undefined && ix.posByExternalId.get(key(pos.userId, pos.external_id)) === pos.id) {
    ix.posByExternalId.delete(key(pos.userId, pos.external_id));
  }
}

export function indexStore(state: SandboxState, store: Store): void {
  if (store.external_id !== undefined) state.indexes.storeByExternalId.set(key(store.userId, store.external_id), store.id);
}

/** Before a store is deleted or its external_id changes (call `indexStore` again after the change). */
export function unindexStore(state: SandboxState, store: Store): void {
  const ix = state.indexes;
  if (store.external_id !== undefined && ix.storeByExternalId.get(key(store.userId, store.external_id)) === store.id) {
    ix.storeByExternalId.delete(key(store.userId, store.external_id));
  }
}

export function indexOrder(state: SandboxState, order: Order): void {
  const ix = state.indexes;
  if (order.mode !== 'dynamic') ix.staticOrderOnPos.set(order.posId, order.id);
  if (order.qrUuid !== undefined) ix.orderByQrUuid.set(order.qrUuid, order.id);
}

export function unindexOrder(state: SandboxState, order: Order): void {
  const ix = state.indexes;
  if (ix.staticOrderOnPos.get(order.posId) === order.id) ix.staticOrderOnPos.delete(order.posId);
  if (order.qrUuid !== undefined) ix.orderByQrUuid.delete(order.qrUuid);
  ix.scansByTarget.delete(order.id);
  ix.paymentsByOrder.delete(order.id);
  ix.finalOrders.delete(order.id);
}

export function indexInstoreOrder(state: SandboxState, order: InstoreOrder): void {
  if (ATTACHED.has(order.model)) state.indexes.attachedOnPos.set(order.posId, order.in_store_order_id);
}

export function unindexInstoreOrder(state: SandboxState, order: InstoreOrder): void {
  const ix = state.indexes;
  if (ix.attachedOnPos.get(order.posId) === order.in_store_order_id) ix.attachedOnPos.delete(order.posId);
  ix.scansByTarget.delete(order.in_store_order_id);
  ix.finalOrders.delete(order.in_store_order_id);
}

export function indexPaymentRefund(state: SandboxState, refund: PaymentRefund): void {
  const ix = state.indexes;
  const ids = ix.refundsByPayment.get(refund.payment_id);
  if (ids) ids.push(refund.id);
  else ix.refundsByPayment.set(refund.payment_id, [refund.id]);
}

export function indexScan(state: SandboxState, scan: Scan): void {
  add(state.indexes.scansByTarget, scan.target.kind === 'order' ? scan.target.orderId : scan.target.inStoreOrderId, scan.id);
}

export function indexPayment(state: SandboxState, payment: Payment): void {
  if (payment.orderId !== undefined) add(state.indexes.paymentsByOrder, payment.orderId, payment.id);
  if (payment.external_reference !== undefined) add(state.indexes.paymentsByRef, payment.external_reference, payment.id);
}

/** Before a payment is deleted (retention). */
export function unindexPayment(state: SandboxState, payment: Payment): void {
  if (payment.external_reference !== undefined) remove(state.indexes.paymentsByRef, payment.external_reference, payment.id);
}

export function indexMerchantOrder(state: SandboxState, mo: MerchantOrder): void {
  add(state.indexes.merchantOrdersByRef, key(mo.collectorId, mo.external_reference.toLowerCase()), mo.id);
}

export function unindexMerchantOrder(state: SandboxState, mo: MerchantOrder): void {
  remove(state.indexes.merchantOrdersByRef, key(mo.collectorId, mo.external_reference.toLowerCase()), mo.id);
}

export function indexIdempotency(state: SandboxState, id: string, ref: string): void {
  // Only retention looks records up by resource (and `rebuild` builds this index only with it): without it, a
  // remembered answer costs no entry here (one map write and lookup fewer per create, less kept per order).
  if (!state.opts.retention) return;
  add(state.indexes.idempotencyByRef, ref, id);
}

export function unindexIdempotency(state: SandboxState, id: string, ref: string): void {
  remove(state.indexes.idempotencyByRef, ref, id);
}

/** Keys of the idempotency records about `ref`. */
export function idempotencyKeysOf(state: SandboxState, ref: string): string[] {
  return all(state.indexes.idempotencyByRef, ref);
}

/** All indexes again from the tables (table order is creation order, so "newest" comes out right). */
export function rebuild(state: SandboxState): Indexes {
  const ix = state.indexes;
  ix.clear();
  for (const p of state.pos.values()) indexPos(state, p);
  for (const s of state.stores.values()) indexStore(state, s);
  for (const o of state.orders.values()) indexOrder(state, o);
  for (const o of state.instoreOrders.values()) indexInstoreOrder(state, o);
  for (const r of state.paymentRefunds.values()) indexPaymentRefund(state, r);
  for (const s of state.scans.values()) indexScan(state, s);
  for (const p of state.payments.values()) indexPayment(state, p);
  for (const mo of state.merchantOrders.values()) indexMerchantOrder(state, mo);
  if (!state.opts.retention) return ix;
  // Final orders by when they last changed (close enough to when they became final), oldest first.
  const final: [string, number][] = [];
  for (const o of state.orders.values()) if (isFinalOrder(o)) final.push([o.id, o.updated]);
  for (const o of state.instoreOrders.values()) if (isFinalInstoreOrder(state, o)) final.push([o.in_store_order_id, o.created]);
  for (const [id, at] of final.sort((a, b) => a[1] - b[1])) ix.finalOrders.set(id, at);
  for (const [id, r] of state.idempotency) if (r.ref !== undefined) indexIdempotency(state, id, r.ref);
  return ix;
}
