// Orders API for QR (spec §7): create, get, cancel, refund, and the simulated `/events`. Errors in the Orders
// shape; create/cancel/refund require `X-Idempotency-Key`.
import { Hono } from 'hono';
import { authenticate, objectFromText, readObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { Order } from '../model.ts';
import { ordersError } from '../errors.ts';
import { forResource, idempotent, replayAs } from '../middleware/idempotency.ts';
import { validateCreateOrder } from '../orders/order-validation.ts';
import { parseEventBody, parseRefundBody } from '../orders/action-bodies.ts';
import { orderJson, orderRefundJson } from '../orders/order-json.ts';
import {
  ORDER_ID_RE, asCreated, assertOrderOwner, assertOrdersSite, cancelOrder, createOrder, forceOrderStatus, refundOrder,
} from '../orders/orders.ts';
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

// A replayed create answers the order as it was created (orders.ts asCreated): the same bytes as the first
// answer, without keeping them per stored order.
replayAs('order.created', (state, id) => {
  const order = state.orders.get(id);
  return order && JSON.stringify(orderJson(state, asCreated(order)));
});

export function orderRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  // `/v1/orders/*` matches `/v1/orders` itself too: one registration, so a create authenticates once.
  app.use('/v1/orders/*', authenticate(state, 'orders'));

  app.post('/v1/orders', (c) => {
    const { account, token } = c.get('auth');
    // The key is required: the handler always gets the body's text, and parses it without a wait.
    return idempotent(state, c, { shape: 'orders', required: true, scope: account.id }, (text) => {
      assertOrdersSite(state, account);
      const body = objectFromText(c, text!, 'orders', { required: true });
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
    const ev = parseEventBody(body!);
    forceOrderStatus(state, order, { ...ev, buyer: () => defaultBuyer(state, order.site_id, c.get('auth').account.kind).id });
    return c.body(null, 204);
  });

  return app;
}
