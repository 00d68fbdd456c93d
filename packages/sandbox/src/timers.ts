// Every kind of timer the sandbox arms, and what it does when due. Timers are data (kind + the resource's id):
// the clock calls these handlers, so a persisted sandbox re-arms them after a restart without any closure.
import type { SandboxState } from './state.ts';
import { completeRefundTimer, expireOrder } from './orders/orders.ts';
import { expireInstoreOrder } from './legacy/legacy.ts';
import { deliveries } from './notifications/deliveries.ts';

export function installTimers(state: SandboxState): void {
  const clock = state.clock;
  clock.on('order.expire', (id) => {
    const order = state.orders.get(id);
    if (order) expireOrder(state, order);
  });
  clock.on('order.refund', (ref) => completeRefundTimer(state, ref));
  clock.on('instore.expire', (id) => {
    const order = state.instoreOrders.get(id);
    if (order) expireInstoreOrder(state, order);
  });
  clock.on('webhook.retry', (id) => deliveries(state).retry(id));
}
