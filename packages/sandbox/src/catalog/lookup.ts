// Lookups several APIs share: a seller's POS by its external id, an account's site.
import type { SandboxState } from '../state.ts';
import type { Pos, Store } from '../model.ts';

export function findPosByExternalId(state: SandboxState, userId: number, externalId: string): Pos | undefined {
  for (const p of state.pos.values()) if (p.userId === userId && p.external_id === externalId) return p;
  return undefined;
}

export function findStoreByExternalId(state: SandboxState, userId: number, externalId: string): Store | undefined {
  for (const s of state.stores.values()) if (s.userId === userId && s.external_id === externalId) return s;
  return undefined;
}
