// Whose POS a legacy in-store path names (spec §6): the collector in the path must be the token's owner (401
// `invalid_access_token` "Access denied.", the key the reference lists for these endpoints) and own a POS with
// that external id (404); the newer attended path also names the POS's store, which must be the POS's own.
import type { SandboxState } from '../state.ts';
import type { Account, Pos } from '../model.ts';
import { classicError } from '../errors.ts';
import { findPosByExternalId, findStoreByExternalId } from '../catalog/lookup.ts';

export function collectorPos(state: SandboxState, account: Account, rawUserId: string, externalPosId: string,
  badUserKey = 'invalid_collectorId'): Pos {
  if (!/^\d{1,15}$/.test(rawUserId)) throw classicError(400, badUserKey, 'user_id must be a number.');
  if (Number(rawUserId) !== account.id) throw classicError(401, 'invalid_access_token', 'Access denied.');
  if (!externalPosId) throw classicError(400, 'invalid_externalPosId', 'externalPosId must be present.');
  const pos = findPosByExternalId(state, account.id, externalPosId);
  if (!pos) throw classicError(404, 'point_of_sale_not_found', `No point of sale with external_id ${externalPosId} for user ${account.id}.`);
  return pos;
}

/** `…/stores/{external_store_id}/pos/{external_pos_id}/orders`: the store must exist and hold the POS (else 404). */
export function assertPosInStore(state: SandboxState, account: Account, pos: Pos, externalStoreId: string): void {
  const store = findStoreByExternalId(state, account.id, externalStoreId);
  if (!store || store.id !== pos.store_id) {
    throw classicError(404, 'point_of_sale_not_found', `No point of sale ${pos.external_id} in store with external_id ${externalStoreId}.`);
  }
}
