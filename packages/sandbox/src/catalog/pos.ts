// POS (cajas, spec §5): create, update, delete, search and the wire shapes. The owner is the token's account;
// another account's POS answers 404 like an unknown id.
import { classicError } from '../errors.ts';
import type { Account, Pos } from '../model.ts';
import type { SandboxState } from '../state.ts';
import { staticPosQr } from './emvco.ts';
import { findPosByExternalId } from './lookup.ts';
import { indexPos, unindexPos } from '../indexes.ts';
import type { PosInput } from './pos-validation.ts';

export function ownPos(state: SandboxState, userId: number, id: number): Pos {
  const p = state.pos.get(id);
  if (!p || p.userId !== userId) throw classicError(404, 'not_found', `POS ${id} not found.`);
  return p;
}

export function createPos(state: SandboxState, account: Account, input: PosInput): Pos {
  if (input.external_id !== undefined && findPosByExternalId(state, account.id, input.external_id)) {
    throw classicError(409, 'CONFLICT', `A POS with external_id ${input.external_id} already exists.`);
  }
  const store = input.store!;
  const now = state.now();
  const pos: Pos = {
    id: state.numericId(8, state.pos),
    userId: account.id,
    name: input.name!,
    fixed_amount: input.fixed_amount!,
    category: input.category,
    store_id: store.id,
    external_store_id: store.external_id,
    external_id: input.external_id,
    url: input.url,
    uuid: state.rng.hex(64),
    compatible_id: state.rng.hex(128),
    qr_hash: state.rng.hex(32),
    status: 'active',
    date_created: now,
    date_last_updated: now,
  };
  state.pos.set(pos.id, pos);
  indexPos(state, pos);
  return pos;
}

export function updatePos(state: SandboxState, pos: Pos, input: PosInput): Pos {
  if (input.name !== undefined) pos.name = input.name;
  if (input.fixed_amount !== undefined) pos.fixed_amount = input.fixed_amount;
  if (input.category !== undefined) pos.category = input.category;
  if (input.url !== undefined) pos.url = input.url;
  if (input.store) {
    pos.store_id = input.store.id;
    pos.external_store_id = input.store.external_id;
  }
  pos.date_last_updated = state.now();
  return pos;
}

export function deletePos(state: SandboxState, pos: Pos): void {
  unindexPos(state, pos);
  state.pos.delete(pos.id);
}

export interface PosFilter { external_id?: string; external_store_id?: string; store_id?: string; category?: number }

export function searchPos(state: SandboxState, userId: number, f: PosFilter): Pos[] {
  return [...state.pos.values()].filter((p) => p.userId === userId &&
    (f.external_id === undefined || p.external_id === f.external_id) &&
    (f.external_store_id === undefined || p.external_store_id === f.external_store_id) &&
    (f.store_id === undefined || p.store_id === f.store_id) &&
    (f.category === undefined || p.category === f.category));
}

/** Name printed in the QR (tag 59): the seller's name, else the nickname. */
export function merchantName(a: Account | undefined): string {
  if (!a) return 'MERCADO PAGO';
  const full = `${a.first_name ?? ''} ${a.last_name ?? ''}`.trim();
  return (full || a.nickname).toUpperCase();
}

/** The EMVCo payload of the POS's printed (static) QR: `GET /pos/{id}.qr_code` (spec §5.2, §11). */
export function posQrPayload(state: SandboxState, pos: Pos): string {
  const account = state.accounts.get(pos.userId);
  const site = state.site(account?.site_id ?? 'MLA');
  const city = state.stores.get(pos.store_id)?.location.city_name ?? site.city;
  return staticPosQr(site, pos.id, merchantName(account), city.toUpperCase());
}

/** The three image links, on the sandbox's own origin (MP: www.mercadopago.com). */
export function qrLinks(origin: string, pos: Pos): { image: string; template_document: string; template_image: string } {
  const base = `${origin}/instore/merchant/qr/${pos.id}`;
  return {
    image: `${base}/${pos.qr_hash}.png`,
    template_document: `${base}/template_${pos.qr_hash}.pdf`,
    template_image: `${base}/template_${pos.qr_hash}.png`,
  };
}

/**
 * `create`: the create response; `detail`: GET/PUT, which add compatible_id, site and qr_code;
 * `search`: the fields of a search result (spec §5.2).
 */
export function renderPos(state: SandboxState, pos: Pos, origin: string, view: 'create' | 'detail' | 'search'): Record<string, unknown> {
  const site = state.accounts.get(pos.userId)?.site_id ?? 'MLA';
  const out: Record<string, unknown> = {
    id: pos.id,
    qr: qrLinks(origin, pos),
  };
  if (view !== 'search') {
    out.status = pos.status;
  }
  out.date_created = state.classicTime(pos.date_created, site);
  out.date_last_updated = state.classicTime(pos.date_last_updated, site);
  if (view !== 'search') out.uuid = pos.uuid;
  if (view === 'detail') out.compatible_id = pos.compatible_id;
  out.user_id = pos.userId;
  out.name = pos.name;
  out.fixed_amount = pos.fixed_amount;
  if (pos.category !== undefined) out.category = pos.category;
  out.store_id = pos.store_id;
  if (pos.external_store_id !== undefined) out.external_store_id = pos.external_store_id;
  if (pos.external_id !== undefined) out.external_id = pos.external_id;
  if (pos.url !== undefined) out.url = pos.url;
  if (view === 'detail') {
    out.site = site;
    out.qr_code = posQrPayload(state, pos);
  }
  return out;
}
