// Stores (sucursales, spec §4): create, update, delete and the wire shape. A store belongs to one collector;
// another collector never learns it exists (404, as for an unknown id).
import { classicError } from '../errors.ts';
import type { Account, Store } from '../model.ts';
import type { SandboxState } from '../state.ts';
import { findStoreByExternalId } from './lookup.ts';
import { indexStore, unindexStore } from '../indexes.ts';
import { checkInsideSite, type StoreInput } from './store-validation.ts';

/** `"<street_name>, <street_number>, <city_name>, <state_name>."` (spec §4.2). */
export function addressLine(s: Store): string {
  const l = s.location;
  return `${l.street_name}, ${l.street_number}, ${l.city_name}, ${l.state_name}.`;
}

/** `view: 'get'` is `GET /stores/{id}`, whose reference schema names the creation date `date_creation` (spec §14);
 *  create, update and search answer `date_created` as their own examples do. */
export function renderStore(state: SandboxState, s: Store, view: 'get' | 'write' = 'write'): Record<string, unknown> {
  const location: Record<string, unknown> = {
    address_line: addressLine(s),
    latitude: s.location.latitude,
    longitude: s.location.longitude,
  };
  if (s.location.reference !== undefined) location.reference = s.location.reference;
  const out: Record<string, unknown> = {
    id: s.id,
    name: s.name,
  };
  out[view === 'get' ? 'date_creation' : 'date_created'] = state.utcTime(s.date_created);
  if (s.business_hours !== undefined) out.business_hours = s.business_hours;
  out.location = location;
  if (s.external_id !== undefined) out.external_id = s.external_id;
  return out;
}

/** The collector's store with this id, or 404 (also for another collector's store: never leak). */
export function ownStore(state: SandboxState, userId: number, id: string): Store {
  const s = state.stores.get(id);
  if (!s || s.userId !== userId) throw classicError(404, 'not_found', `Store ${id} not found.`);
  return s;
}

function checkExternalIdFree(state: SandboxState, userId: number, externalId: string | undefined, self?: Store): void {
  if (externalId === undefined) return;
  const other = findStoreByExternalId(state, userId, externalId);
  if (other && other !== self) {
    throw classicError(400, 'VALIDATION_ERROR', `External_id already used: ${externalId}.`,
      [{ code: 'VALIDATION_ERROR', description: 'external_id must be unique per collector', data: null }]);
  }
}

export function createStore(state: SandboxState, account: Account, input: StoreInput): Store {
  checkInsideSite(input.location!, state.site(account.site_id));
  checkExternalIdFree(state, account.id, input.external_id);
  const id = String(state.numericId(8, { has: (k) => state.stores.has(String(k)) }));
  const now = state.now();
  const store: Store = {
    id,
    userId: account.id,
    name: input.name!,
    external_id: input.external_id,
    business_hours: input.business_hours,
    location: input.location!,
    date_created: now,
    date_last_updated: now,
  };
  state.stores.set(id, store);
  indexStore(state, store);
  return store;
}

/**
 * Applies a validated partial update. `external_id` may change (the spec does not freeze it for stores) but
 * stays unique; POS that referenced the old value follow the store (their `external_store_id` is updated).
 */
export function updateStore(state: SandboxState, account: Account, store: Store, input: StoreInput): Store {
  if (input.location) checkInsideSite(input.location, state.site(account.site_id));
  checkExternalIdFree(state, account.id, input.external_id, store);
  if (input.name !== undefined) store.name = input.name;
  if (input.business_hours !== undefined) store.business_hours = input.business_hours;
  if (input.location !== undefined) store.location = input.location;
  if (input.external_id !== undefined && input.external_id !== store.external_id) {
    unindexStore(state, store);
    store.external_id = input.external_id;
    indexStore(state, store);
    for (const p of state.pos.values()) {
      if (p.store_id === store.id) { p.external_store_id = input.external_id; state.pos.touch(p.id); }
    }
  }
  store.date_last_updated = state.now();
  return store;
}

/** MP's behaviour for a store that still has POS is unknown: deleted (its POS stay, as MP gives no rule), or
 *  with `refuseStoreDeleteWithPos` refused until the POS are gone. */
export function deleteStore(state: SandboxState, store: Store): void {
  const pos = state.opts.refuseStoreDeleteWithPos ? [...state.pos.values()].filter((p) => p.store_id === store.id) : [];
  if (pos.length > 0) {
    throw classicError(400, 'VALIDATION_ERROR', `Store ${store.id} has ${pos.length} POS; delete them first.`,
      [{ code: 'VALIDATION_ERROR', description: 'store has POS', data: null }]);
  }
  unindexStore(state, store);
  state.stores.delete(store.id);
}

export function searchStores(state: SandboxState, userId: number, externalId?: string): Store[] {
  return [...state.stores.values()].filter((s) => s.userId === userId && (externalId === undefined || s.external_id === externalId));
}
