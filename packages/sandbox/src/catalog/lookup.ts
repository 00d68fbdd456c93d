// Lookups several APIs share: a seller's POS or store by its external id, through the indexes (indexes.ts).
// Each checks what the index points at, so a stale entry could only miss, never answer with the wrong entity.
import type { SandboxState } from '../state.ts';
import type { Pos, Store } from '../model.ts';
import { key } from '../indexes.ts';

export function findPosByExternalId(state: SandboxState, userId: number, externalId: string): Pos | undefined {
  const id = state.indexes.posByExternalId.get(key(userId, externalId));
  const pos = id === undefined ? undefined : state.pos.get(id);
  return pos && pos.userId === userId && pos.external_id === externalId ? pos : undefined;
}

export function findStoreByExternalId(state: SandboxState, userId: number, externalId: string): Store | undefined {
  const id = state.indexes.storeByExternalId.get(key(userId, externalId));
  const store = id === undefined ? undefined : state.stores.get(id);
  return store && store.userId === userId && store.external_id === externalId ? store : undefined;
}
