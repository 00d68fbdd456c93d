// Field rules of a POS body (spec §5.1) with MP's error keys (spec §5.3). Create requires name, fixed_amount
// and a store; update takes every field as optional, and `external_id` can never change.
import type { Account, Pos, Store } from '../model.ts';
import type { SandboxState } from '../state.ts';
import { findStoreByExternalId } from './lookup.ts';
import { isKnownCategory } from './pos-categories.ts';
import { classicFieldError, isHttpUrl } from '../kit/validation.ts';

export interface PosInput {
  name?: string;
  fixed_amount?: boolean;
  store?: Store;
  external_id?: string;
  category?: number;
  url?: string;
}

const FIELDS = new Set(['name', 'fixed_amount', 'store_id', 'external_store_id', 'external_id', 'category', 'url']);
/** Alphanumeric only: no spaces, hyphens or symbols (spec §5.1). */
const POS_EXTERNAL_ID = /^[A-Za-z0-9]+$/;

const bad = classicFieldError;

export function parsePosBody(
  state: SandboxState, account: Account, body: Record<string, unknown>, mode: 'create' | 'update', current?: Pos,
): PosInput {
  for (const k of Object.keys(body)) {
    if (!FIELDS.has(k)) throw bad(k, 'is not a field of a POS', 'UNKNOWN_FIELD_EXCEPTION');
  }
  const out: PosInput = {};
  const creating = mode === 'create';

  if (body.name !== undefined || creating) {
    if (typeof body.name !== 'string' || body.name.trim() === '') throw bad('name', 'is required and must be a non-empty string', 'INVALID_NAME');
    if (body.name.length >= 45) throw bad('name', 'must be shorter than 45 characters', 'NAME_TOO_LONG');
    out.name = body.name;
  }
  if (body.fixed_amount !== undefined || creating) {
    if (typeof body.fixed_amount !== 'boolean') throw bad('fixed_amount', 'is required and must be a boolean', 'INVALID_FIXED_AMOUNT');
    out.fixed_amount = body.fixed_amount;
  }
  if (body.external_id !== undefined) {
    const v = body.external_id;
    if (typeof v !== 'string' || !POS_EXTERNAL_ID.test(v)) {
      throw bad('external_id', 'must be alphanumeric (no spaces, hyphens or symbols)', 'INVALID_EXTERNAL_ID');
    }
    if (v.length >= 40) throw bad('external_id', 'must be shorter than 40 characters', 'EXTERNAL_ID_TOO_LONG');
    // Immutable (spec §5.1): resending the same value is harmless, any other value is refused.
    if (!creating && v !== current?.external_id) throw bad('external_id', 'cannot be modified', 'INVALID_EXTERNAL_ID');
    out.external_id = v;
  }
  if (body.category !== undefined) {
    const v = body.category;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad('category', 'must be numeric', 'INVALID_CATEGORY');
    // MP's list of codes per site is not published: checking against ours is an option (off by default).
    if (state.opts.posCategoryMustBeKnown && !isKnownCategory(state.opts, account.site_id, v)) {
      throw bad('category', `${v} is not a valid code in site ${account.site_id}`, 'UNKNOWN_MCC');
    }
    out.category = v;
  }
  if (body.url !== undefined) {
    const v = body.url;
    if (typeof v !== 'string' || !isHttpUrl(v)) throw bad('url', 'must be an http(s) URL', 'INVALID_URL');
    if (v.length >= 300) throw bad('url', 'must be shorter than 300 characters', 'URL_TOO_LONG');
    out.url = v;
  }
  const store = parseStore(state, account, body, creating);
  if (store) out.store = store;

  const fixed = out.fixed_amount ?? current?.fixed_amount;
  if ((out.url ?? current?.url) !== undefined && fixed === false) {
    throw bad('fixed_amount', 'must be true for a POS with url', 'FIXED_AMOUNT_FALSE');
  }
  return out;
}

/** `store_id` and/or `external_store_id`: both must name the same store, of this collector. */
function parseStore(state: SandboxState, account: Account, body: Record<string, unknown>, required: boolean): Store | undefined {
  let byId: Store | undefined;
  let byExternal: Store | undefined;
  if (body.store_id !== undefined) {
    const v = body.store_id;
    const raw = typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : typeof v === 'string' && /^\d{1,15}$/.test(v) ? v : undefined;
    if (raw === undefined) throw bad('store_id', 'must be numeric', 'INVALID_STORE_ID');
    byId = state.stores.get(String(Number(raw)));
    // Another collector's store is answered exactly like a missing one.
    if (!byId || byId.userId !== account.id) throw bad('store_id', `${raw} is not a store of this seller`, 'INVALID_STORE_ID');
  }
  if (body.external_store_id !== undefined) {
    const v = body.external_store_id;
    if (typeof v !== 'string' || v.trim() === '') throw bad('external_store_id', 'must be a non-empty string', 'INVALID_EXTERNAL_STORE_ID');
    byExternal = findStoreByExternalId(state, account.id, v);
    if (!byExternal) throw bad('external_store_id', `${v} is not the external_id of a store of this seller`, 'INEXISTENT_EXTERNAL_STORE_ID');
  }
  if (byId && byExternal && byId !== byExternal) {
    throw bad('external_store_id', 'names another store than store_id', 'EXTERNAL_STORE_ID_NOT_MATCH');
  }
  const store = byId ?? byExternal;
  if (!store && required) throw bad('store_id', 'or external_store_id is required', 'INVALID_STORE_ID');
  return store;
}
