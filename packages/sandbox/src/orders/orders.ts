// Orders API QR orders (spec §7): creation with per-mode expiry, the state machine (created → processed →
// refunded; created → expired | canceled) and forced statuses. Refunds are order-refunds.ts, the version bump
// and `order.*` events order-events.ts. No HTTP here: routes/orders.ts validates and formats, buyer/buyer.ts pays.
import type { SandboxState } from '../state.ts';
import { indexOrder } from '../indexes.ts';
import { enforce, settled } from '../retention.ts';
import type { AccessToken, Account, Order, Payment, Pos } from '../model.ts';
import { ordersError } from '../errors.ts';
import { dynamicQr } from '../catalog/emvco.ts';
import { findPosByExternalId } from '../catalog/lookup.ts';
import { assertPosFreeForOrder } from '../catalog/pos-slot.ts';
import { createPayment } from '../payments/payments.ts';
import { notifyPayment } from '../legacy/legacy.ts';
import { emitOrderEvent, touch } from './order-events.ts';
import { completeRefund, refundOrder } from './order-refunds.ts';
import type { CreateOrderInput } from './order-validation.ts';
import type { BuyerPayment, PayResult } from '../buyer/buyer-types.ts';

export { emitOrderEvent } from './order-events.ts';
export { assertOrderOwner, completeRefundTimer, refundOrder, type RefundRequest } from './order-refunds.ts';

const MINUTE = 60_000;
/** Spec §7.6: dynamic codes default to 15 min; static codes default to and are capped at 10 min. */
export const DYNAMIC_DEFAULT_MS = 15 * MINUTE;
export const STATIC_CAP_MS = 10 * MINUTE;

export const ORDER_ID_RE = /^ORD[0-9A-Z]{26}$/;

export function merchantName(account: Account): string {
  return `${account.first_name} ${account.last_name}`;
}

/** The order a POS's printed (static) QR currently shows: static or hybrid, created, static side not expired. */
export function pendingOrderOnPos(state: SandboxState, posId: number): Order | undefined {
  // Only the newest static/hybrid order of a POS can still be pending there (indexes.ts).
  const id = state.indexes.staticOrderOnPos.get(posId);
  const o = id === undefined ? undefined : state.orders.get(id);
  if (!o || o.posId !== posId || o.mode === 'dynamic' || o.status !== 'created') return undefined;
  return (o.staticExpiresAt ?? o.expiresAt) > state.now() ? o : undefined;
}

export function findOrderByQrUuid(state: SandboxState, uuid: string): Order | undefined {
  const id = state.indexes.orderByQrUuid.get(uuid);
  const o = id === undefined ? undefined : state.orders.get(id);
  return o?.qrUuid === uuid ? o : undefined;
}

function liveMode(account: Account, token: AccessToken): boolean {
  return account.kind === 'production' && !token.test;
}

/** Orders for QR work in some sites only (spec §7.7; `ordersSites`): elsewhere 400 `unsupported_site`. */
export function assertOrdersSite(state: SandboxState, account: Account): void {
  if (!state.opts.ordersSites.includes(account.site_id)) {
    throw ordersError(400, 'unsupported_site', `Orders for QR are not available for site ${account.site_id}.`, [`site_id ${account.site_id} is not supported`]);
  }
}

/** The seller's POS named by `config.qr.external_pos_id`, or 404 `pos_not_found`. */
function orderPos(state: SandboxState, account: Account, externalPosId: string): Pos {
  const pos = findPosByExternalId(state, account.id, externalPosId);
  if (!pos) throw ordersError(404, 'pos_not_found', `No POS with external_pos_id ${externalPosId} for this seller.`, ['config.qr.external_pos_id']);
  return pos;
}

/** A validated create on the seller's POS: site, POS and its printed code's one pending order are checked here. */
export function createOrder(state: SandboxState, a: { account: Account; token: AccessToken; input: CreateOrderInput }): Order {
  const { account, token, input } = a;
  assertOrdersSite(state, account);
  const pos = orderPos(state, account, input.external_pos_id);
  assertPosFreeForOrder(state, pos, input.mode);
  const now = state.now();
  const site = state.site(account.site_id);
  const requested = input.expirationMs;
  let expiresIn: number;
  let staticExpiresAt: number | undefined;
  let defaultTime: string;
  if (input.mode === 'static') {
    expiresIn = Math.min(requested ?? STATIC_CAP_MS, STATIC_CAP_MS);
    defaultTime = 'PT10M';
  } else {
    expiresIn = requested ?? DYNAMIC_DEFAULT_MS;
    defaultTime = 'PT15M';
    if (input.mode === 'hybrid') staticExpiresAt = now + Math.min(expiresIn, STATIC_CAP_MS);
  }
  const order: Order = {
    id: state.rng.ulid(now, 'ORD'),
    userId: account.id,
    clientId: token.clientId,
    site_id: account.site_id,
    type: 'qr',
    external_reference: input.external_reference,
    description: input.description,
    expiration_time: input.expiration_time ?? defaultTime,
    expiresAt: now + expiresIn,
    staticExpiresAt,
    processing_mode: 'automatic',
    total_amount: input.total_amount,
    marketplace_fee: input.marketplace_fee,
    mode: input.mode,
    // The POS's own string (equal to the one sent): one copy for all of a POS's stored orders.
    external_pos_id: pos.external_id ?? input.external_pos_id,
    posId: pos.id,
    integration_data: input.integration_data,
    status: 'created',
    status_detail: 'created',
    payments: [{
      id: state.rng.ulid(now, 'PAY'), amount: input.paymentAmount, refunded_amount: 0, status: 'created', status_detail: 'created',
      // Set when paid; declared here so every stored order keeps them in-object (no extra property array).
      paid_amount: undefined, reference_id: undefined, payment_method: undefined,
    }],
    refunds: [],
    items: input.items,
    locked: false,
    live_mode: liveMode(account, token),
    created: now,
    updated: now,
    version: 1,
    qrUuid: undefined,
    qr_data: undefined,
  };
  if (input.mode !== 'static') {
    order.qrUuid = state.rng.uuid();
    const store = state.stores.get(pos.store_id);
    order.qr_data = dynamicQr(site, order.qrUuid, merchantName(account), store?.location.city_name ?? site.city);
  }
  state.orders.set(order.id, order);
  indexOrder(state, order);
  enforce(state);
  state.clock.at(order.expiresAt, 'order.expire', order.id);
  return order;
}

/**
 * The order exactly as `createOrder` returned it, whatever happened since: what its creation answered. An
 * idempotent replay of the create renders this instead of keeping the answer's bytes. Keep it in step with
 * createOrder: every field a later transition changes goes back to its initial value here.
 */
export function asCreated(order: Order): Order {
  return {
    ...order,
    status: 'created', status_detail: 'created', updated: order.created, version: 1, locked: false, refunds: [],
    payments: order.payments.map((p) => ({
      id: p.id, amount: p.amount, refunded_amount: 0, status: 'created', status_detail: 'created',
      paid_amount: undefined, reference_id: undefined, payment_method: undefined,
    })),
  };
}

/** Leave `created` for good (expired or canceled): payments follow, the expiry timer and any lock go. */
function close(state: SandboxState, order: Order, status: 'expired' | 'canceled'): void {
  order.status = status;
  order.status_detail = status;
  for (const p of order.payments) {
    p.status = status;
    p.status_detail = status;
    // A pending (CONT) attempt dies with the order.
    const classic = p.reference_id !== undefined ? state.payments.get(p.reference_id) : undefined;
    if (classic && classic.status === 'in_process') {
      classic.status = 'cancelled';
      classic.status_detail = status === 'expired' ? 'expired' : 'by_collector';
      classic.date_last_updated = state.now();
    }
  }
  order.locked = false;
  state.clock.cancel('order.expire', order.id);
  touch(state, order);
  emitOrderEvent(state, order, `order.${status}`);
  settled(state, order.id);
}

export function expireOrder(state: SandboxState, order: Order): void {
  if (order.status !== 'created') return;
  close(state, order, 'expired');
}

/** `POST /v1/orders/{id}/cancel` (spec §7.3): only `created`, never while a buyer is paying. */
export function cancelOrder(state: SandboxState, order: Order, opts: { force?: boolean } = {}): void {
  if (order.status !== 'created') {
    throw ordersError(409, 'order_already_canceled', `Order ${order.id} is ${order.status} and cannot be canceled.`, [`status is ${order.status}`]);
  }
  if (order.locked && !opts.force) {
    throw ordersError(409, 'instore_order_locked_error', 'Cannot cancel an order while payment is in progress.', [`order ${order.id} is locked by a buyer`]);
  }
  close(state, order, 'canceled');
}

/**
 * A buyer's payment attempt (spec §10.2 / EMULATOR NOTE): approved → order processed; rejected → a rejected
 * classic payment and the order stays `created` (the buyer may retry); in_process (CONT) → the transaction
 * shows `processing`/`in_process` and the order stays `created` and locked until forced through `/events`.
 */
export function payOrder(state: SandboxState, order: Order, pay: BuyerPayment): PayResult {
  if (order.status === 'created' && order.expiresAt <= state.now()) expireOrder(state, order);
  if (order.status !== 'created') {
    throw ordersError(409, 'order_not_payable', `Order ${order.id} is ${order.status}; only created orders can be paid.`, [`status is ${order.status}`]);
  }
  const tx = order.payments[0];
  if (tx.status === 'processing') {
    throw ordersError(409, 'order_not_payable', `Order ${order.id} already has a payment in process.`, [`transaction ${tx.id} is processing`]);
  }
  const pos = state.pos.get(order.posId);
  const payment = createPayment(state, {
    collectorId: order.userId,
    payerId: pay.buyerId,
    clientId: order.clientId,
    site_id: order.site_id,
    payment_method_id: pay.payment_method_id,
    payment_type_id: pay.payment_type_id,
    transaction_amount: tx.amount,
    installments: pay.installments,
    description: order.description ?? order.items?.[0]?.title,
    external_reference: order.external_reference,
    orderId: order.id,
    sponsor_id: order.integration_data?.sponsor ? Number(order.integration_data.sponsor.id) : undefined,
    pos_id: pos ? String(pos.id) : undefined,
    store_id: pos?.store_id,
    live_mode: order.live_mode,
    cardholder_name: pay.cardholder_name,
    outcome: pay.outcome,
  });
  notifyPayment(state, payment, 'payment.created');
  applyPayment(state, order, payment);
  return { payment, status: order.status };
}

/** Reflect a classic payment's outcome on the order. */
function applyPayment(state: SandboxState, order: Order, payment: Payment): void {
  const tx = order.payments[0];
  if (payment.status === 'approved') {
    tx.status = 'processed';
    tx.status_detail = 'accredited';
    tx.paid_amount = payment.transaction_amount;
    tx.reference_id = payment.id;
    tx.payment_method = { id: payment.payment_method_id, type: payment.payment_type_id, installments: payment.installments };
    order.status = 'processed';
    order.status_detail = 'processed';
    order.locked = false;
    state.clock.cancel('order.expire', order.id);
    touch(state, order);
    emitOrderEvent(state, order, 'order.processed');
    settled(state, order.id);
  } else if (payment.status === 'in_process') {
    tx.status = 'processing';
    tx.status_detail = 'in_process';
    tx.reference_id = payment.id;
    tx.payment_method = { id: payment.payment_method_id, type: payment.payment_type_id, installments: payment.installments };
    touch(state, order);
  } else {
    // Rejected attempts leave the order untouched apart from releasing the buyer's lock.
    order.locked = false;
  }
}

/** The buyer's pending attempt was cancelled (`PUT /v1/payments/{id}`): the transaction is `created` again and
 *  the order payable by another attempt while it lasts. */
export function releaseCancelledPayment(state: SandboxState, order: Order, payment: Payment): void {
  const tx = order.payments[0];
  if (order.status !== 'created' || tx.reference_id !== payment.id) return;
  tx.status = 'created';
  tx.status_detail = 'created';
  delete tx.reference_id;
  delete tx.payment_method;
  order.locked = false;
  touch(state, order);
}

/** Approve a pending (CONT) attempt: `/events` with status `processed`. */
function approvePending(state: SandboxState, order: Order): void {
  const tx = order.payments[0];
  const payment = tx.reference_id !== undefined ? state.payments.get(tx.reference_id) : undefined;
  if (!payment) return;
  payment.status = 'approved';
  payment.status_detail = 'accredited';
  payment.date_approved = state.now();
  payment.date_last_updated = state.now();
  notifyPayment(state, payment, 'payment.updated');
  applyPayment(state, order, payment);
}

export const EVENT_STATUSES = ['processed', 'canceled', 'expired', 'refunded', 'failed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * `POST /v1/orders/{id}/events` (spec §7.8, documented for Point, emulated for QR): force a status with the same
 * effects and events as the real transition. `failed` records a rejected attempt (QR orders do not fail).
 */
export function forceOrderStatus(
  state: SandboxState, order: Order,
  ev: { status: EventStatus; buyer: () => number; payment_method_id?: string; payment_type_id?: string; installments?: number; status_detail?: string },
): void {
  const illegal = () => ordersError(400, 'bad_request', `Cannot move order ${order.id} from ${order.status} to ${ev.status}.`, [`status is ${order.status}`]);
  switch (ev.status) {
    case 'processed': {
      if (order.status !== 'created') throw illegal();
      if (order.payments[0].status === 'processing') { approvePending(state, order); return; }
      payOrder(state, order, {
        buyerId: ev.buyer(), payment_method_id: ev.payment_method_id ?? 'master', payment_type_id: ev.payment_type_id ?? 'credit_card',
        installments: ev.installments ?? 1, outcome: { status: 'approved', status_detail: 'accredited' },
      });
      return;
    }
    case 'failed': {
      if (order.status !== 'created' || order.payments[0].status === 'processing') throw illegal();
      payOrder(state, order, {
        buyerId: ev.buyer(), payment_method_id: ev.payment_method_id ?? 'master', payment_type_id: ev.payment_type_id ?? 'credit_card',
        installments: ev.installments ?? 1, outcome: { status: 'rejected', status_detail: ev.status_detail ?? 'cc_rejected_other_reason' },
      });
      return;
    }
    case 'canceled':
    case 'expired':
      if (order.status !== 'created') throw illegal();
      close(state, order, ev.status);
      return;
    case 'refunded':
      if (order.status !== 'processed') throw illegal();
      // Forced: refunds still processing finish now, and the rest is refunded at once.
      for (const r of order.refunds) if (r.status === 'processing') completeRefund(state, order, r);
      if ((order.status as Order['status']) === 'processed') refundOrder(state, order, {}, { immediate: true });
      return;
  }
}
