// Orders API for QR (spec §7): create, get, cancel, refund, and the simulated `/events`. Errors in the Orders
// shape; create/cancel/refund require `X-Idempotency-Key`.
import { Hono } from 'hono';
import { authenticate, isObject, readObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { Order } from '../model.ts';
import { ordersError } from '../errors.ts';
import { parseAmountString } from '../money.ts';
import { forResource, idempotent, replayAs } from '../middleware/idempotency.ts';
import { validateCreateOrder } from '../orders/order-validation.ts';
import { orderJson, orderRefundJson } from '../orders/order-json.ts';
import {
  EVENT_STATUSES, ORDER_ID_RE, asCreated, assertOrderOwner, assertOrdersSite, cancelOrder, createOrder, forceOrderStatus, refundOrder,
  type EventStatus, type RefundRequest,
} from '../orders/orders.ts';
import { PAYMENT_METHODS } from '../buyer/cards.ts';
import { defaultBuyer } from '../buyer/buyer.ts';

/**
 * The order in the path, visible to its seller only. Another seller's order is a 404 like a missing one (never
 * confirm it exists).
 */
function ownOrder(state: SandboxState, c: Ctx): Order {
  const id = c.req.param('order_id') ?? '';
  if (!ORDER_ID_RE.test(id)) {
    throw ordersError(400, 'invalid_path_param', 'order_id must be "ORD" followed by 26 characters.', [`order_id ${id} is not valid`]);
  }
  const order = state.orders.get(id);
  if (!order || order.userId !== c.get('auth').account.id) {
    throw ordersError(404, 'order_not_found', `Order ${id} not found.`, [`order ${id} not found`]);
  }
  return order;
}

function parseRefundBody(state: SandboxState, order: Order, body: Record<string, unknown> | undefined): RefundRequest {
  if (body === undefined || (Object.keys(body).length === 0)) return {};
  const unknown = Object.keys(body).filter((k) => k !== 'transactions');
  if (unknown.length) {
    throw ordersError(400, 'unsupported_properties', `Unsupported properties: ${unknown.join(', ')}.`, unknown.map((k) => `${k} is not a supported property`));
  }
  const txs = body.transactions;
  if (txs === undefined) return {};
  if (!Array.isArray(txs)) throw ordersError(400, 'property_type', 'transactions must be an array', ['transactions must be an array']);
  if (txs.length !== 1) {
    throw ordersError(400, 'property_value', 'A refund takes exactly one transaction per request.', [`transactions must hold one element, got ${txs.length}`]);
  }
  const tx = txs[0];
  if (!isObject(tx)) throw ordersError(400, 'property_type', 'transactions[0] must be an object', ['transactions[0] must be an object']);
  const extra = Object.keys(tx).filter((k) => k !== 'id' && k !== 'amount');
  if (extra.length) {
    throw ordersError(400, 'unsupported_properties', `Unsupported properties: ${extra.map((k) => `transactions[0].${k}`).join(', ')}.`,
      extra.map((k) => `transactions[0].${k} is not a supported property`));
  }
  if (tx.id === undefined) throw ordersError(400, 'required_properties', 'transactions[0].id is required', ['transactions[0].id is required']);
  if (typeof tx.id !== 'string') throw ordersError(400, 'property_type', 'transactions[0].id must be a string', ['transactions[0].id must be a string']);
  if (tx.amount === undefined) throw ordersError(400, 'required_properties', 'transactions[0].amount is required', ['transactions[0].amount is required']);
  if (typeof tx.amount !== 'string') throw ordersError(400, 'property_type', 'transactions[0].amount must be a string', ['transactions[0].amount must be a string']);
  const site = state.site(order.site_id);
  const amount = parseAmountString(tx.amount, site);
  if (amount === undefined || amount <= 0) {
    const rule = site.decimals === 0 ? `a positive integer amount string for ${site.currency}` : 'a positive decimal string with two decimals or none';
    throw ordersError(400, 'property_value', `transactions[0].amount must be ${rule}`, [`transactions[0].amount must be ${rule}, got "${tx.amount}"`]);
  }
  return { transactionId: tx.id, amount };
}

/** The body of `/events` as documented for Point (spec §7.8). */
const EVENT_FIELDS = ['status', 'payment_method_type', 'installments', 'payment_method_id', 'status_detail'];

// A replayed create answers the order as it was created (orders.ts asCreated): the same bytes as the first
// answer, without keeping them per stored order.
replayAs('order.created', (state, id) => {
  const order = state.orders.get(id);
  return order && JSON.stringify(orderJson(state, asCreated(order)));
});

export function orderRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'orders');
  app.use('/v1/orders', auth);
  app.use('/v1/orders/*', auth);

  app.post('/v1/orders', (c) => {
    const { account, token } = c.get('auth');
    return idempotent(state, c, { shape: 'orders', required: true, scope: account.id }, async () => {
      assertOrdersSite(state, account);
      const body = await readObject(c, 'orders', { required: true });
      const input = validateCreateOrder(body!, { state, site: state.site(account.site_id), account, token });
      const order = createOrder(state, { account, token, input });
      return forResource(c.json(orderJson(state, order), 201), order.id, 'order.created');
    });
  });

  app.get('/v1/orders/:order_id', (c) => c.json(orderJson(state, ownOrder(state, c)), 200));

  app.post('/v1/orders/:order_id/cancel', (c) => {
    const order = ownOrder(state, c);
    return idempotent(state, c, { shape: 'orders', required: true, scope: c.get('auth').account.id }, async () => {
      cancelOrder(state, order);
      return forResource(c.json(orderJson(state, order), 200), order.id);
    });
  });

  app.post('/v1/orders/:order_id/refund', (c) => {
    const order = ownOrder(state, c);
    const { account, token } = c.get('auth');
    return idempotent(state, c, { shape: 'orders', required: true, scope: account.id }, async () => {
      assertOrderOwner(order, token.clientId);
      const req = parseRefundBody(state, order, await readObject(c, 'orders'));
      const refund = refundOrder(state, order, req);
      return forResource(c.json({
        id: order.id, status: order.status, status_detail: order.status_detail,
        transactions: { refunds: [orderRefundJson(state, order, refund)] },
      }, 201), order.id);
    });
  });

  app.post('/v1/orders/:order_id/events', async (c) => {
    const order = ownOrder(state, c);
    const body = await readObject(c, 'orders', { required: true });
    const unknown = Object.keys(body!).filter((k) => !EVENT_FIELDS.includes(k));
    if (unknown.length) {
      throw ordersError(400, 'bad_request', `Unknown fields: ${unknown.join(', ')} (allowed: ${EVENT_FIELDS.join(', ')}).`, unknown);
    }
    const status = body!.status;
    if (typeof status !== 'string' || !(EVENT_STATUSES as readonly string[]).includes(status)) {
      throw ordersError(400, 'bad_request', `status must be one of ${EVENT_STATUSES.join(', ')}.`, ['status']);
    }
    const pm = body!.payment_method_id;
    if (pm !== undefined && (typeof pm !== 'string' || !Object.hasOwn(PAYMENT_METHODS, pm))) {
      throw ordersError(400, 'bad_request', `payment_method_id must be one of ${Object.keys(PAYMENT_METHODS).join(', ')}.`, ['payment_method_id']);
    }
    const inst = body!.installments;
    if (inst !== undefined && (typeof inst !== 'number' || !Number.isSafeInteger(inst) || inst < 1)) {
      throw ordersError(400, 'bad_request', 'installments must be a positive integer.', ['installments']);
    }
    const sd = body!.status_detail;
    if (sd !== undefined && typeof sd !== 'string') throw ordersError(400, 'bad_request', 'status_detail must be a string.', ['status_detail']);
    const pmt = body!.payment_method_type;
    if (pmt !== undefined && typeof pmt !== 'string') throw ordersError(400, 'bad_request', 'payment_method_type must be a string.', ['payment_method_type']);
    forceOrderStatus(state, order, {
      status: status as EventStatus,
      buyer: () => defaultBuyer(state, order.site_id, c.get('auth').account.kind).id,
      payment_method_id: pm as string | undefined,
      payment_type_id: (pmt as string | undefined) ?? (pm ? PAYMENT_METHODS[pm as string] : undefined),
      installments: inst as number | undefined,
      status_detail: sd as string | undefined,
    });
    return c.body(null, 204);
  });

  return app;
}
