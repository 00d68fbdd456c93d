// Typed twin of /__sandbox/webhooks: the delivery log, replay, and waiting for deliveries to settle.
import type { SandboxState } from '../state.ts';
import { deliveries, type DeliveryFilter, type DeliveryView } from '../domain/deliveries.ts';

/** Copies, so a view a test holds does not change under it as attempts happen. */
function snapshot<T extends DeliveryView | undefined>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

export function webhooksControl(state: SandboxState) {
  const engine = deliveries(state);
  return {
    webhooks: {
      /** Deliveries, newest first; filter by status, topic (event topic or delivered type), resource_id, user_id, kind. */
      list: (filter: DeliveryFilter = {}): DeliveryView[] => engine.list(filter).map(snapshot),
      get: (id: string): DeliveryView | undefined => snapshot(engine.get(id)),
      /** Send again now (same body, new x-request-id and signature); resolves after the attempt. */
      replay: async (id: string): Promise<DeliveryView | undefined> => snapshot(await engine.replay(id)),
      /**
       * Resolves when no delivery is queued or in flight. Retries and `delay` faults wait on the virtual clock
       * and `reorder` holds wait for the next delivery: they do not keep `idle()` pending.
       */
      idle: (): Promise<void> => engine.idle(),
      /** Send every delivery a `reorder` fault is holding; returns how many. */
      releaseHeld: (): number => engine.releaseHeld(),
    },
  };
}
