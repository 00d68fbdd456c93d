// Legacy in-store orders (spec §6): attended orders attached to a POS's printed QR, dynamic orders with their
// own QR, hybrid orders that are both, and the oldest `/mpmobile` orders. A buyer's scan opens a merchant
// order; payments close it. No HTTP here: routes/instore.ts and buyer/buyer.ts call these functions.
import type { SandboxState } from '../state.ts';
import { indexInstoreOrder, indexMerchantOrder } from '../indexes.ts';
import { enforce, settled } from '../retention.ts';
import type { Account, InstoreOrder, MerchantOrder, Payment, Pos } from '../model.ts';
import { classicError } from '../errors.ts';
import { createPayment } from '../payments/payments.ts';
import type { BuyerPayment, PayResult } from '../buyer/buyer-types.ts';
import type { LegacyOrderBody } from './legacy-body.ts';
import { assertPosFreeForLegacy } from '../catalog/pos-slot.ts';

/** Models whose order sits in the POS's one static-QR slot (the printed code shows it). */
const ATTACHED: ReadonlySet<InstoreOrder['model']> = new Set(['attended', 'hybrid', 'mpmobile']);

export interface NewInstoreOrder extends LegacyOrderBody {
  model: InstoreOrder['model'];
  collector: Account;
  clientId: string;
  /** The creating token was test credentials (`test_token`). */
  testCredentials?: boolean;
  pos: Pos;
  raw: Record<string, unknown>;
  /** `/mpmobile` ids look like `<collector_id>-<uuid>`; the others are bare UUIDs. */
  id?: string;
}

/** The pending order in a POS's static-QR slot, if any. */
export function attachedOrder(state: SandboxState, posId: number): InstoreOrder | undefined {
  // Only the newest attached order of a POS can still be pending (a new one replaces it; indexes.ts).
  const id = state.indexes.attachedOnPos.get(posId);
  const o = id === undefined ? undefined : state.instoreOrders.get(id);
  return o && o.posId === posId && o.status === 'pending' && ATTACHED.has(o.model) ? o : undefined;
}

/**
 * Create an order. Attended, hybrid and mpmobile orders take the POS's static slot: a pending order already
 * there is replaced (marked `deleted`), as MP documents no conflict error for the legacy API.
 */
export function createInstoreOrder(state: SandboxState, n: NewInstoreOrder): InstoreOrder {
  if (ATTACHED.has(n.model)) {
    assertPosFreeForLegacy(state, n.pos);
    const previous = attachedOrder(state, n.pos.id);
    if (previous) closeInstoreOrder(state, previous, 'deleted');
  }
  const id = n.id ?? state.rng.uuid();
  const order: InstoreOrder = {
    in_store_order_id: id,
    model: n.model,
    userId: n.collector.id,
    clientId: n.clientId,
    external_pos_id: n.pos.external_id ?? String(n.pos.id),
    posId: n.pos.id,
    external_reference: n.external_reference,
    title: n.title,
    description: n.description,
    notification_url: n.notification_url,
    expiration_date: n.expiration_date,
    expiresAt: n.expiresAt,
    total_amount: n.total_amount,
    items: n.items,
    sponsor_id: n.sponsor_id,
    cash_out: n.cash_out,
    raw: n.raw,
    status: 'pending',
    merchantOrderIds: [],
    created: state.now(),
    ...(n.testCredentials && { testCredentials: true }),
  };
  state.instoreOrders.set(id, order);
  indexInstoreOrder(state, order);
  enforce(state);
  if (order.expiresAt !== undefined) {
    state.clock.at(order.expiresAt, 'instore.expire', id);
  }
  return order;
}

/** Take an order off the POS/QR: paid, deleted by the seller, replaced or expired. */
export function closeInstoreOrder(state: SandboxState, order: InstoreOrder, status: 'paid' | 'deleted' | 'expired'): void {
  order.status = status;
  state.clock.cancel('instore.expire', order.in_store_order_id);
  settled(state, order.in_store_order_id);
}

/** Expiry: the order leaves the QR; merchant orders still open for it expire too. */
export function expireInstoreOrder(state: SandboxState, order: InstoreOrder): void {
  if (order.status !== 'pending') return;
  closeInstoreOrder(state, order, 'expired');
  for (const moId of order.merchantOrderIds) {
    const mo = state.merchantOrders.get(moId);
    if (!mo || mo.status !== 'opened') continue;
    mo.status = 'expired';
    mo.order_status = 'expired';
    mo.last_updated = state.now();
    notifyMerchantOrder(state, mo, 'update');
  }
}

/** The order a scanned code points to: by UUID (dynamic/hybrid) or the POS's attached order (static). */
export function findInstoreOrderForScan(state: SandboxState, q: { inStoreOrderId?: string; posId?: number }): InstoreOrder | undefined {
  const live = (o: InstoreOrder | undefined) =>
    o && o.status === 'pending' && (o.expiresAt === undefined || o.expiresAt > state.now()) ? o : undefined;
  if (q.inStoreOrderId !== undefined) return live(state.instoreOrders.get(q.inStoreOrderId));
  if (q.posId !== undefined) return live(attachedOrder(state, q.posId));
  return undefined;
}

function liveMode(state: SandboxState, userId: number): boolean {
  return state.accounts.get(userId)?.kind === 'production';
}

export function notifyMerchantOrder(state: SandboxState, mo: MerchantOrder, action: 'create' | 'update'): void {
  state.notify({
    topic: 'merchant_order',
    action,
    userId: mo.collectorId,
    clientId: mo.clientId,
    resourceId: String(mo.id),
    notificationUrl: mo.notification_url,
    data: { currency_id: '', marketplace: 'NONE', status: mo.status },
    extra: { status: mo.status },
    liveMode: mo.live_mode,
  });
}

export function notifyPayment(state: SandboxState, p: Payment, action: 'payment.created' | 'payment.updated'): void {
  state.notify({
    topic: 'payment',
    action,
    userId: p.collectorId,
    clientId: p.clientId,
    resourceId: String(p.id),
    notificationUrl: p.notification_url,
    data: { id: String(p.id) },
    liveMode: p.live_mode,
  });
}

/** A scan opens a new merchant order each time (re-scans create more: devsite-docs PR #1577). */
export function scanInstore(state: SandboxState, order: InstoreOrder, buyerId?: number): { merchantOrderId: number } {
  const now = state.now();
  const collector = state.accounts.get(order.userId);
  const mo: MerchantOrder = {
    id: state.numericId(11, state.merchantOrders),
    collectorId: order.userId,
    clientId: order.clientId,
    site_id: collector?.site_id ?? 'MLA',
    preference_id: order.model === 'mpmobile' ? order.in_store_order_id : `${order.userId}-${order.in_store_order_id}`,
    status: 'opened',
    order_status: 'payment_required',
    external_reference: order.external_reference,
    notification_url: order.notification_url,
    sponsor_id: order.sponsor_id,
    total_amount: order.total_amount,
    items: order.items,
    paymentIds: [],
    payerId: buyerId,
    inStoreOrderId: order.in_store_order_id,
    cancelled: false,
    live_mode: liveMode(state, order.userId) && !order.testCredentials,
    date_created: now,
    last_updated: now,
  };
  state.merchantOrders.set(mo.id, mo);
  indexMerchantOrder(state, mo);
  order.merchantOrderIds.push(mo.id);
  notifyMerchantOrder(state, mo, 'create');
  return { merchantOrderId: mo.id };
}

/** Amounts of a merchant order's payments, in minor units. */
export function merchantOrderTotals(state: SandboxState, mo: MerchantOrder): { paid: number; refunded: number; inProcess: boolean } {
  let paid = 0, refunded = 0, inProcess = false;
  for (const id of mo.paymentIds) {
    const p = state.payments.get(id);
    if (!p) continue;
    if (p.status === 'approved' || p.status === 'refunded') { paid += p.transaction_amount; refunded += p.refunded; }
    if (p.status === 'in_process' || p.status === 'pending') inProcess = true;
  }
  return { paid, refunded, inProcess };
}

/** `order_status` from the payments (spec §8.1). `status` only moves opened → closed here. */
export function refreshMerchantOrder(state: SandboxState, mo: MerchantOrder): void {
  const { paid, refunded, inProcess } = merchantOrderTotals(state, mo);
  if (mo.status === 'opened' && paid >= mo.total_amount) mo.status = 'closed';
  if (refunded > 0) mo.order_status = refunded >= paid ? 'reverted' : 'partially_reverted';
  else if (paid >= mo.total_amount) mo.order_status = 'paid';
  else if (inProcess) mo.order_status = 'payment_in_process';
  else if (paid > 0) mo.order_status = 'partially_paid';
  else if (mo.status === 'opened') mo.order_status = 'payment_required';
  mo.last_updated = state.now();
}

/**
 * The buyer pays the merchant order opened by a scan. Approved payments covering the total close it and take
 * the order off the POS; a rejected one leaves both payable.
 */
export function payInstore(state: SandboxState, order: InstoreOrder, merchantOrderId: number, pay: BuyerPayment): PayResult {
  const mo = state.merchantOrders.get(merchantOrderId);
  if (!mo || mo.inStoreOrderId !== order.in_store_order_id) {
    throw classicError(404, 'merchant_order_not_found', `Merchant order ${merchantOrderId} does not belong to in-store order ${order.in_store_order_id}.`);
  }
  if (order.status !== 'pending' || mo.status !== 'opened') {
    throw classicError(409, 'in_store_order_not_payable', `In-store order ${order.in_store_order_id} is ${order.status}; merchant order ${mo.id} is ${mo.status}.`);
  }
  const pos = state.pos.get(order.posId);
  const { paid } = merchantOrderTotals(state, mo);
  const payment = createPayment(state, {
    collectorId: order.userId,
    payerId: pay.buyerId,
    clientId: order.clientId,
    site_id: mo.site_id,
    payment_method_id: pay.payment_method_id,
    payment_type_id: pay.payment_type_id,
    transaction_amount: mo.total_amount - paid,
    installments: pay.installments,
    description: order.title ?? order.description ?? order.items[0]?.title,
    external_reference: order.external_reference,
    merchantOrderId: mo.id,
    sponsor_id: order.sponsor_id,
    pos_id: pos ? String(pos.id) : undefined,
    store_id: pos?.store_id,
    notification_url: order.notification_url,
    live_mode: mo.live_mode,
    cardholder_name: pay.cardholder_name,
    outcome: pay.outcome,
  });
  mo.paymentIds.push(payment.id);
  if (mo.payerId === undefined) mo.payerId = pay.buyerId;
  refreshMerchantOrder(state, mo);
  if ((mo.status as MerchantOrder['status']) === 'closed') closeInstoreOrder(state, order, 'paid');
  notifyPayment(state, payment, 'payment.created');
  notifyMerchantOrder(state, mo, 'update');
  return { payment, status: mo.status };
}
