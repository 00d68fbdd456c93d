// The scriptable test buyer (spec §7.8 / §10.2 EMULATOR NOTE): what a person with the MP app does at the
// counter. A scan resolves a QR (or a POS) to the order it shows: an Orders API order or a legacy in-store order
// (which opens a merchant order); pay applies a test card's outcome; abandon walks away. Inputs are validated
// here so the typed control and the HTTP control plane reject the same things.
import type { SandboxState } from '../state.ts';
import type { Account, InstoreOrder, Order, Scan } from '../model.ts';
import type { SiteId } from '../sites.ts';
import { classicError, type MpError } from '../errors.ts';
import { formatAmountString } from '../money.ts';
import { createAccount, refreshTestUserStatus } from '../identity/accounts.ts';
import { CARD_NAMES, CARD_OUTCOMES, PAYMENT_METHODS } from './cards.ts';
import { decodeMpQr } from '../catalog/emvco.ts';
import { badRequest, objectInput, rejectUnknownFields } from '../kit/validation.ts';
import { findPosByExternalId } from '../catalog/lookup.ts';
import { findInstoreOrderForScan, payInstore, scanInstore } from '../legacy/legacy.ts';
import { expireOrder, findOrderByQrUuid, payOrder, pendingOrderOnPos } from '../orders/orders.ts';
import type { BuyerPayment } from './buyer-types.ts';
import { indexScan } from '../indexes.ts';

export interface ScanInput {
  /** The EMVCo string of a dynamic or static code. */
  qr_data?: string;
  /** The POS whose printed QR the buyer scans. */
  pos_id?: number;
  /** The same, by the seller's id and the POS external id. */
  user_id?: number;
  external_pos_id?: string;
  /** The paying account; default: a test buyer of the seller's site, created on first use. */
  buyer_id?: number;
}

export interface ScanResult {
  scan_id: string;
  kind: 'order' | 'instore';
  order_id?: string;
  in_store_order_id?: string;
  merchant_order_id?: number;
  /** In the Orders wire format of the seller's site ("50.00", CLP "1500"). */
  total_amount: string;
  currency_id: string;
  /** Order status (`created`) or in-store order status (`pending`). */
  status: string;
  collector_id: number;
  buyer_id: number;
}

export interface PayInput extends ScanInput {
  /** Pay what an earlier scan showed; without it, `qr_data`/`pos_id`/… are scanned first. */
  scan_id?: string;
  /** Test card holder name deciding the outcome (spec §10.2). Default `APRO`. */
  card?: string;
  /** `visa` (default for cards), `master`, `amex`, `debvisa`, …, or `account_money` (always approved). */
  payment_method_id?: string;
  installments?: number;
}

export interface PayOutcome {
  scan_id: string;
  kind: 'order' | 'instore';
  order_id?: string;
  in_store_order_id?: string;
  merchant_order_id?: number;
  payment_id: number;
  payment_status: string;
  payment_status_detail: string;
  /** The order's (Orders API) or merchant order's status after the attempt. */
  status: string;
}

const bad = badRequest;
const notFound = (message: string): MpError => classicError(404, 'not_found', message);
const conflict = (message: string): MpError => classicError(409, 'conflict', message);

/**
 * The site's default buyer of the seller's kind (a test seller is paid by a test buyer, a real one by a real
 * one: MP refuses to mix them), created on first use and again if the previous one stopped being active.
 */
export function defaultBuyer(state: SandboxState, site: SiteId, kind: Account['kind'] = 'test'): Account {
  const bySite = state.buyers;
  const key = `${site} ${kind}`;
  const known = bySite.get(key);
  const existing = known === undefined ? undefined : state.accounts.get(known);
  if (existing && refreshTestUserStatus(state, existing) === 'active') return existing;
  const buyer = createAccount(state, { site_id: site, kind, description: 'sandbox buyer' });
  bySite.set(key, buyer.id);
  return buyer;
}

function idOf(v: unknown, field: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw bad(`${field} must be a positive integer.`);
  return n;
}

function buyerFor(state: SandboxState, raw: unknown, collectorId: number, site: SiteId): Account {
  const kind = state.accounts.get(collectorId)?.kind ?? 'test';
  if (raw === undefined) return defaultBuyer(state, site, kind);
  const id = idOf(raw, 'buyer_id');
  const buyer = state.accounts.get(id);
  if (!buyer || refreshTestUserStatus(state, buyer) !== 'active') throw notFound(`Buyer ${id} is not an active account.`);
  if (buyer.id === collectorId) throw bad(`Buyer ${id} is the seller of this order: a seller cannot pay its own QR.`);
  if (buyer.kind !== kind) {
    // Spec §1.3: buyer and seller are both test users or both real users.
    throw classicError(400, 'bad_request', 'Invalid users involved', [{
      code: 2034, description: `Buyer ${id} is a ${buyer.kind === 'test' ? 'test' : 'real'} user and seller ${collectorId} a ${kind === 'test' ? 'test' : 'real'} one: both must be test users or both real users.`, data: null,
    }]);
  }
  buyer.lastActivity = state.now(); // scanning in the app is activity: it keeps a test buyer from expiring
  return buyer;
}

export type Target = { order: Order; via: 'dynamic' | 'static' } | { instore: InstoreOrder };

const placeFirst = 'place an order first (POST /v1/orders or the legacy in-store API)';

function refuseOrder(order: Order, via: 'dynamic' | 'static'): MpError {
  if (order.status === 'processed' || order.status === 'refunded') {
    return conflict(`Order ${order.id} is already paid (${order.status}); ${via === 'dynamic' ? 'a dynamic QR can be paid only once' : 'the POS QR no longer shows it'}.`);
  }
  return conflict(`Order ${order.id} is ${order.status} and cannot be paid.`);
}

/** What the buyer's app would show for this QR or POS. */
export function resolve(state: SandboxState, o: Record<string, unknown>): Target {
  const ways = ['qr_data', 'pos_id', 'external_pos_id'].filter((k) => o[k] !== undefined);
  if (ways.length !== 1) throw bad('Send exactly one of qr_data, pos_id, or user_id with external_pos_id.');
  let posId: number;
  if (o.qr_data !== undefined) {
    if (typeof o.qr_data !== 'string') throw bad('qr_data must be a string.');
    let qr;
    try {
      qr = decodeMpQr(o.qr_data);
    } catch (err) {
      throw bad(`qr_data is not a valid Mercado Pago QR: ${(err as Error).message}.`);
    }
    if (qr.inStoreOrderId !== undefined) {
      const order = findOrderByQrUuid(state, qr.inStoreOrderId);
      if (order) {
        if (order.status === 'created' && order.expiresAt <= state.now()) expireOrder(state, order);
        if (order.status !== 'created') throw refuseOrder(order, 'dynamic');
        return { order, via: 'dynamic' };
      }
      const instore = findInstoreOrderForScan(state, { inStoreOrderId: qr.inStoreOrderId });
      if (instore) return { instore };
      const gone = state.instoreOrders.get(qr.inStoreOrderId);
      if (gone) throw conflict(`In-store order ${gone.in_store_order_id} is ${gone.status} and cannot be paid.`);
      throw notFound(`No order behind this QR (${qr.inStoreOrderId}); ${placeFirst}.`);
    }
    if (qr.posId === undefined) throw bad('qr_data names neither an order (tag 43/06) nor a POS (tag 43/01).');
    posId = qr.posId;
    if (!state.pos.has(posId)) throw notFound(`POS ${posId} of this QR does not exist.`);
  } else if (o.pos_id !== undefined) {
    posId = idOf(o.pos_id, 'pos_id');
    if (!state.pos.has(posId)) throw notFound(`POS ${posId} does not exist.`);
  } else {
    if (typeof o.external_pos_id !== 'string' || o.external_pos_id === '') throw bad('external_pos_id must be a non-empty string.');
    const pos = findPosByExternalId(state, idOf(o.user_id, 'user_id'), o.external_pos_id);
    if (!pos) throw notFound(`User ${String(o.user_id)} has no POS with external_pos_id ${o.external_pos_id}.`);
    posId = pos.id;
  }
  const order = pendingOrderOnPos(state, posId);
  if (order) return { order, via: 'static' };
  const instore = findInstoreOrderForScan(state, { posId });
  if (instore) return { instore };
  throw notFound(`POS ${posId} has no pending order to pay: ${placeFirst}.`);
}

const TARGET_FIELDS = ['qr_data', 'pos_id', 'user_id', 'external_pos_id', 'buyer_id'] as const;
const PAYMENT_FIELDS = ['card', 'payment_method_id', 'installments'] as const;

export function scan(state: SandboxState, input: ScanInput): ScanResult {
  const o = objectInput(input);
  rejectUnknownFields(o, TARGET_FIELDS, 'scan');
  if (o.buyer_id !== undefined) idOf(o.buyer_id, 'buyer_id');
  const target = resolve(state, o);
  const collectorId = 'order' in target ? target.order.userId : target.instore.userId;
  const collector = state.accounts.get(collectorId);
  const site = 'order' in target ? target.order.site_id : collector?.site_id ?? 'MLA';
  const buyer = buyerFor(state, o.buyer_id, collectorId, site);
  const id = state.rng.uuid();
  const base = { scan_id: id, currency_id: state.site(site).currency, collector_id: collectorId, buyer_id: buyer.id };
  let result: ScanResult;
  let scanTarget: Scan['target'];
  if ('order' in target) {
    const order = target.order;
    // A newer scan of the same order replaces an earlier one still open (the buyer re-scanned); only the
    // newest scan of an order can be open, so the index finds it.
    const previous = state.indexes.scansOf(order.id).at(-1);
    const other = previous === undefined ? undefined : state.scans.get(previous);
    if (other?.state === 'open') other.state = 'abandoned';
    order.locked = true;
    scanTarget = { kind: 'order', orderId: order.id };
    result = { ...base, kind: 'order', order_id: order.id, total_amount: formatAmountString(order.total_amount, state.site(site)), status: order.status };
  } else {
    const { merchantOrderId } = scanInstore(state, target.instore, buyer.id);
    scanTarget = { kind: 'instore', inStoreOrderId: target.instore.in_store_order_id, merchantOrderId };
    result = {
      ...base, kind: 'instore', in_store_order_id: target.instore.in_store_order_id, merchant_order_id: merchantOrderId,
      total_amount: formatAmountString(target.instore.total_amount, state.site(site)), status: target.instore.status,
    };
  }
  const s: Scan = { id, buyerId: buyer.id, created: state.now(), state: 'open', target: scanTarget };
  state.scans.set(s.id, s);
  indexScan(state, s);
  return result;
}

function paymentOf(o: Record<string, unknown>, buyerId: number): BuyerPayment {
  let method = 'visa';
  if (o.payment_method_id !== undefined) {
    if (typeof o.payment_method_id !== 'string' || !Object.hasOwn(PAYMENT_METHODS, o.payment_method_id)) {
      throw bad(`payment_method_id must be one of ${Object.keys(PAYMENT_METHODS).join(', ')}.`);
    }
    method = o.payment_method_id;
  }
  const type = PAYMENT_METHODS[method];
  let card = 'APRO';
  if (o.card !== undefined) {
    if (method === 'account_money') throw bad('card applies to card payments; account_money is always approved.');
    if (typeof o.card !== 'string' || !Object.hasOwn(CARD_OUTCOMES, o.card.toUpperCase())) {
      throw bad(`Unknown test card ${JSON.stringify(o.card)}; valid card holder names: ${CARD_NAMES.join(', ')}.`);
    }
    card = o.card.toUpperCase();
  }
  let installments = 1;
  if (o.installments !== undefined) {
    if (typeof o.installments !== 'number' || !Number.isSafeInteger(o.installments) || o.installments < 1) throw bad('installments must be a positive integer.');
    if (o.installments > 1 && type !== 'credit_card') throw bad('installments above 1 need a credit card payment method.');
    installments = o.installments;
  }
  return {
    buyerId, payment_method_id: method, payment_type_id: type, installments,
    outcome: method === 'account_money' ? CARD_OUTCOMES.APRO : CARD_OUTCOMES[card],
    cardholder_name: method === 'account_money' ? undefined : card,
  };
}

export function pay(state: SandboxState, input: PayInput): PayOutcome {
  const o = objectInput(input);
  rejectUnknownFields(o, ['scan_id', ...TARGET_FIELDS, ...PAYMENT_FIELDS], 'pay');
  if (o.buyer_id !== undefined) idOf(o.buyer_id, 'buyer_id');
  let s: Scan;
  if (o.scan_id !== undefined) {
    if (typeof o.scan_id !== 'string') throw bad('scan_id must be a string.');
    if (['qr_data', 'pos_id', 'external_pos_id', 'buyer_id'].some((k) => o[k] !== undefined)) {
      throw bad('Send either scan_id or what to scan (qr_data, pos_id, user_id + external_pos_id), not both.');
    }
    const found = state.scans.get(o.scan_id);
    if (!found) throw notFound(`Scan ${o.scan_id} not found.`);
    s = found;
    // Validate the payment before anything changes.
    paymentOf(o, s.buyerId!);
  } else {
    // Check the payment fields first so a bad card does not leave a scan (and a lock) behind.
    paymentOf(o, 0);
    const target = Object.fromEntries(TARGET_FIELDS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    const { scan_id } = scan(state, target as ScanInput);
    s = state.scans.get(scan_id)!;
  }
  if (s.state === 'paid') throw conflict(`Scan ${s.id} was already paid.`);
  if (s.state === 'abandoned') throw conflict(`Scan ${s.id} was abandoned (or replaced by a newer scan); scan again.`);
  const payment = paymentOf(o, s.buyerId!);
  if (s.target.kind === 'order') {
    const order = state.orders.get(s.target.orderId)!;
    if (order.status === 'created' && order.expiresAt <= state.now()) expireOrder(state, order);
    if (order.status !== 'created') throw refuseOrder(order, order.mode === 'static' ? 'static' : 'dynamic');
    if (order.payments[0].status === 'processing') throw conflict(`Order ${order.id} already has a payment in process.`);
    const r = payOrder(state, order, payment);
    if (r.payment.status === 'approved') s.state = 'paid';
    return {
      scan_id: s.id, kind: 'order', order_id: order.id, payment_id: r.payment.id,
      payment_status: r.payment.status, payment_status_detail: r.payment.status_detail, status: r.status,
    };
  }
  const instore = state.instoreOrders.get(s.target.inStoreOrderId);
  if (!instore) throw notFound(`In-store order ${s.target.inStoreOrderId} no longer exists.`);
  if (instore.status !== 'pending') throw conflict(`In-store order ${instore.in_store_order_id} is ${instore.status} and cannot be paid.`);
  const r = payInstore(state, instore, s.target.merchantOrderId!, payment);
  if (r.payment.status === 'approved' && instore.status !== 'pending') s.state = 'paid';
  return {
    scan_id: s.id, kind: 'instore', in_store_order_id: instore.in_store_order_id, merchant_order_id: s.target.merchantOrderId,
    payment_id: r.payment.id, payment_status: r.payment.status, payment_status_detail: r.payment.status_detail, status: r.status,
  };
}

/** The buyer walks away: the order is no longer locked and the seller may cancel it. */
export function abandon(state: SandboxState, input: { scan_id: string }): { scan_id: string; state: 'abandoned' } {
  const o = objectInput(input);
  rejectUnknownFields(o, ['scan_id'], 'abandon');
  if (o.scan_id === undefined) throw bad('scan_id is required.');
  if (typeof o.scan_id !== 'string') throw bad('scan_id must be a string.');
  const s = state.scans.get(o.scan_id);
  if (!s) throw notFound(`Scan ${o.scan_id} not found.`);
  if (s.state === 'paid') throw conflict(`Scan ${s.id} was already paid.`);
  if (s.state === 'open') {
    s.state = 'abandoned';
    if (s.target.kind === 'order') {
      const order = state.orders.get(s.target.orderId);
      // A pending (CONT) payment keeps the order locked: the money is in flight.
      if (order && order.payments[0].status !== 'processing') order.locked = false;
    }
  }
  return { scan_id: s.id, state: 'abandoned' };
}
