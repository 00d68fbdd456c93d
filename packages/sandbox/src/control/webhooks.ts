// Typed twin of /__sandbox/webhooks: the delivery log, replay, and waiting for deliveries to settle.
import type { SandboxState } from '../state.ts';
import { deliveries, type DeliveryFilter, type DeliveryView } from '../notifications/deliveries.ts';
import { classicError } from '../errors.ts';
import { emitNotification, type EmitInput } from './emit.ts';

const FILTER_VALUES: Record<string, readonly string[] | RegExp> = {
  status: ['pending', 'held', 'delivered', 'failed', 'dropped'],
  kind: ['webhook', 'ipn'],
  // The event topic, or the `type` a receiver sees (merchant orders arrive as `topic_merchant_order_wh`).
  topic: ['order', 'payment', 'merchant_order', 'mp-connect', 'topic_merchant_order_wh'],
  user_id: /^\d{1,15}$/,
  resource_id: /^.+$/,
};

/** A filter that can never match (a misspelt status, an unknown key) is a 400, not an empty list. */
export function checkDeliveryFilter(filter: Record<string, unknown>): DeliveryFilter {
  for (const [k, v] of Object.entries(filter)) {
    const allowed = FILTER_VALUES[k];
    if (!allowed) throw classicError(400, 'bad_request', `${k} is not a filter of the delivery log (use ${Object.keys(FILTER_VALUES).join(', ')}).`);
    if (v === undefined || v === '') continue;
    const s = String(v);
    const ok = Array.isArray(allowed) ? allowed.includes(s) : (allowed as RegExp).test(s);
    if (!ok) {
      throw classicError(400, 'bad_request', `${k} must be ${Array.isArray(allowed) ? `one of ${allowed.join(', ')}` : k === 'user_id' ? 'a numeric user id' : 'non-empty'}, got ${JSON.stringify(v)}.`);
    }
  }
  return filter as DeliveryFilter;
}

/** Copies, so a view a test holds does not change under it as attempts happen. */
function snapshot<T extends DeliveryView | undefined>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function webhooksControl(state: SandboxState) {
  const engine = deliveries(state);
  return {
    webhooks: {
      /** Deliveries, newest first; filter by status, topic (event topic or delivered type), resource_id, user_id, kind. */
      list: (filter: DeliveryFilter = {}): DeliveryView[] => engine.list(checkDeliveryFilter({ ...filter })).map(snapshot),
      get: (id: string): DeliveryView | undefined => snapshot(engine.get(id)),
      /** Send again now (same body, new x-request-id and signature); resolves after the attempt. */
      replay: async (id: string): Promise<DeliveryView | undefined> => snapshot(await engine.replay(id)),
      /**
       * Resolves when no delivery is queued or in flight. Retries and `delay` faults wait on the virtual clock
       * and `reorder` holds wait for the next delivery: they do not keep `idle()` pending.
       */
      idle: (): Promise<void> => engine.idle(),
      /** Send a notification as the sandbox would for a real event (`POST /__sandbox/webhooks/emit`). */
      emit: (input: EmitInput): { deliveries: string[] } => emitNotification(state, input),
      /** Send every delivery a `reorder` fault is holding; returns how many. */
      releaseHeld: (): number => engine.releaseHeld(),
    },
  };
}
