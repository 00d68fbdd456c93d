// Field rules of a POS body (spec §5.1) with MP's error keys (spec §5.3). Create requires name, fixed_amount
// and a store; update takes every field as optional, and `external_id` can never change.
import { classicError, type MpError } from '../errors.ts';
import type { Account, Pos, Store } from '../model.ts';
import type { SandboxState } from '../state.ts';
import { findStoreByExternalId } from './lookup.ts';
import { isKnownCategory } from './pos-categories.ts';
import { isHttpUrl } from '../kit/validation.ts';

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

const bad = (key: string, message: string): MpError => classicError(400, key, message);

export function parsePosBody(
  state: SandboxState, account: Account, body: Record<string, unknown>, mode: 'create' | 'update', current?: Pos,
): PosInput {
  for (const k of Object.keys(body)) {
    if (!FIELDS.has(k)) throw bad('UNKNOWN_FIELD_EXCEPTION', `Unknown field: ${k}.`);
  }
  const out: PosInput = {};
  const creating = mode === 'create';

  if (body.name !== undefined || creating) {
    if (typeof body.name !== 'string' || body.name.trim() === '') throw bad('INVALID_NAME', 'name is required and must be a non-empty string.');
    if (body.name.length >= 45) throw bad('NAME_TOO_LONG', 'name must be shorter than 45 characters.');
    out.name = body.name;
  }
  if (body.fixed_amount !== undefined || creating) {
    if (typeof body.fixed_amount !== 'boolean') throw bad('INVALID_FIXED_AMOUNT', 'fixed_amount is required and must be a boolean.');
    out.fixed_amount = body.fixed_amount;
  }
  if (body.external_id !== undefined) {
    const v = body.external_id;
    if (typeof v !== 'string' || !POS_EXTERNAL_ID.test(v)) {
      throw bad('INVALID_EXTERNAL_ID', 'external_id must be alphanumeric (no spaces, hyphens or symbols).');
    }
    if (v.length >= 40) throw bad('EXTERNAL_ID_TOO_LONG', 'external_id must be shorter than 40 characters.');
    // Immutable (spec §5.1): resending the same value is harmless, any other value is refused.
    if (!creating && v !== current?.external_id) throw bad('INVALID_EXTERNAL_ID', 'external_id cannot be modified.');
    out.external_id = v;
  }
  if (body.category !== undefined) {
    const v = body.category;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad('INVALID_CATEGORY', 'category must be numeric.');
    if (!isKnownCategory(state.opts, account.site_id, v)) throw bad('UNKNOWN_MCC', `category ${v} is not valid in site ${account.site_id}.`);
    out.category = v;
  }
  if (body.url !== undefined) {
    const v = body.url;
    if (typeof v !== 'string' || !isHttpUrl(v)) throw bad('INVALID_URL', 'url must be an http(s) URL.');
    if (v.length >= 300) throw bad('URL_TOO_LONG', 'url must be shorter than 300 characters.');
    out.url = v;
  }
  const store = parseStore(state, account, body, creating);
  if (store) out.store = store;

  const fixed = out.fixed_amount ?? current?.fixed_amount;
  if ((out.url ?? current?.url) !== undefined && fixed === false) {
    throw bad('FIXED_AMOUNT_FALSE', 'A POS with url requires fixed_amount true.');
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
    if (raw === undefined) throw bad('INVALID_STORE_ID', 'store_id must be numeric.');
    byId = state.stores.get(String(Number(raw)));
    // Another collector's store is answered exactly like a missing one.
    if (!byId || byId.userId !== account.id) throw bad('INVALID_STORE_ID', `Store ${raw} not found.`);
  }
  if (body.external_store_id !== undefined) {
    const v = body.external_store_id;
    if (typeof v !== 'string' || v.trim() === '') throw bad('INVALID_EXTERNAL_STORE_ID', 'external_store_id must be a non-empty string.');
    byExternal = findStoreByExternalId(state, account.id, v);
    if (!byExternal) throw bad('INEXISTENT_EXTERNAL_STORE_ID', `No store with external_id ${v}.`);
  }
  if (byId && byExternal && byId !== byExternal) {
    throw bad('EXTERNAL_STORE_ID_NOT_MATCH', 'store_id and external_store_id name different stores.');
  }
  const store = byId ?? byExternal;
  if (!store && required) throw bad('INVALID_STORE_ID', 'store_id or external_store_id is required.');
  return store;
}
