// What every change of an order does besides the change: its version and update time move on, and an `order.*`
// event goes to the notifier. Shared by the order's lifecycle (orders.ts) and its refunds (order-refunds.ts).
import type { SandboxState } from '../state.ts';
import type { Order } from '../model.ts';
import { orderWebhookData } from './order-json.ts';

export function touch(state: SandboxState, order: Order): void {
  order.updated = state.now();
  order.version = (order.version ?? 1) + 1;
}

export function emitOrderEvent(state: SandboxState, order: Order, action: string): void {
  // `data` is rendered when read, and the notifier reads it at once (the order as of this event): with no receiver,
  // an order that expires costs no rendering (a clock advance over 100k pending orders).
  state.notify({
    topic: 'order', action, userId: order.userId, clientId: order.clientId, resourceId: order.id,
    get data() { return orderWebhookData(state, order); }, liveMode: order.live_mode,
  });
}
