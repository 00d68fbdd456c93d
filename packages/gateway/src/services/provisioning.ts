// Stores and POS per seller, created on Mercado Pago and mirrored here, idempotent on their external ids (a
// repeat returns what exists; an ambiguous create is recovered by the client's lookup by external id); and the
// terminal credentials of each POS: device keys (shown once, stored hashed, revocable) and pairing codes a
// terminal exchanges once for a key.
import type { CreateStoreBody } from '@cobro/client';
import { GatewayError, fromMpError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { newDeviceKey, newPairingCode, normalisePairingCode, sha256 } from '../crypto/keys.ts';
import type { CatalogRepository, KeySeller, PosRow, StoreRow } from '../repositories/catalog.ts';
import type { SellersService } from './sellers.ts';
import { iso } from './iso.ts';

const PAIRING_TTL_MS = 10 * 60_000;
/** last_used_at is written at most this often per key (a terminal polls many times a minute). */
const TOUCH_EVERY_MS = 60_000;

export interface StoreInput { name: string; external_id: string; location: CreateStoreBody['location']; business_hours?: CreateStoreBody['business_hours'] }
export interface PosInput { name: string; external_id: string; store_external_id: string; category?: number; flow?: PosRow['flow'] }

/**
 * Who a device key is: its POS and seller ids, and the POS row and seller columns as read with the key in the same
 * statement (so a create needs no second look; the seller's status is as fresh as the key's).
 */
export interface DeviceScope { deviceKeyId: string; posId: string; sellerId: string; pos: PosRow; seller: KeySeller }

export class ProvisioningService {
  constructor(private readonly d: { repo: CatalogRepository; sellers: SellersService; now: () => Date }) {
    Object.freeze(this);
  }

  async createStore(sellerId: string, input: StoreInput): Promise<{ store: StoreView; created: boolean }> {
    const existing = await this.d.repo.storeByExternalId(sellerId, input.external_id);
    if (existing) return { store: storeView(existing), created: false };
    const { seller, mp } = await this.d.sellers.clientFor(sellerId);
    const body: CreateStoreBody = { name: input.name, external_id: input.external_id, location: input.location, ...(input.business_hours && { business_hours: input.business_hours }) };
    const made = await mp.stores.create(Number(seller.mp_user_id), body).catch((e) => { throw fromMpError(e, 'creating the store on Mercado Pago'); });
    const row = await this.d.repo.insertStore({
      id: newId('str'), seller_id: sellerId, mp_store_id: String(made.id), external_id: input.external_id, name: input.name, body, created_at: this.d.now(),
    });
    return { store: storeView(row), created: true };
  }

  async createPos(sellerId: string, input: PosInput): Promise<{ pos: PosView; created: boolean }> {
    const existing = await this.d.repo.posByExternalId(sellerId, input.external_id);
    if (existing) return { pos: posView(existing), created: false };
    const store = await this.d.repo.storeByExternalId(sellerId, input.store_external_id);
    if (!store) throw new GatewayError(422, 'unknown_store', `no store with external_id "${input.store_external_id}" for this seller; create it first`, { fields: [{ field: 'store_external_id', rule: 'an existing store' }] });
    const { mp } = await this.d.sellers.clientFor(sellerId);
    const made = await mp.pos.create({
      name: input.name, fixed_amount: true, external_store_id: store.external_id, external_id: input.external_id,
      ...(input.category !== undefined && { category: input.category }),
    }).catch((e) => { throw fromMpError(e, 'creating the POS on Mercado Pago'); });
    const row = await this.d.repo.insertPos({
      id: newId('pos'), seller_id: sellerId, store_id: store.id, mp_pos_id: String(made.id), external_id: input.external_id, name: input.name,
      flow: input.flow ?? 'orders', qr: made.qr ?? null, created_at: this.d.now(),
    });
    return { pos: posView(row), created: true };
  }

  async stores(sellerId: string): Promise<StoreView[]> {
    return (await this.d.repo.stores(sellerId)).map(storeView);
  }

  async posList(sellerId: string): Promise<PosView[]> {
    return (await this.d.repo.posList(sellerId)).map(posView);
  }

  /** Every seller's stores and POS, by seller id. */
  async catalogs(): Promise<Map<string, { stores: StoreView[]; pos: PosView[] }>> {
    const { stores, pos } = await this.d.repo.everything();
    const by = new Map<string, { stores: StoreView[]; pos: PosView[] }>();
    const of = (seller: string) => by.get(seller) ?? by.set(seller, { stores: [], pos: [] }).get(seller)!;
    for (const s of stores) of(s.seller_id).stores.push(storeView(s));
    for (const p of pos) of(p.seller_id).pos.push(posView(p));
    return by;
  }

  async pos(sellerId: string, posId: string): Promise<PosRow> {
    const p = await this.d.repo.posById(sellerId, posId);
    if (!p) throw notFound('POS');
    return p;
  }

  /** What a terminal shows about itself: its POS, that POS's store, and the seller's site and currency. */
  async terminal(scope: DeviceScope): Promise<{ pos: PosRow; store: StoreRow | undefined; seller: { mp_user_id: number; nickname: string; site_id: string; currency: string } }> {
    const pos = await this.pos(scope.sellerId, scope.posId);
    const [store, seller] = await Promise.all([this.d.repo.storeById(scope.sellerId, pos.store_id), this.d.sellers.get(scope.sellerId)]);
    return { pos, store, seller: { mp_user_id: seller.mp_user_id, nickname: seller.nickname, site_id: seller.site_id, currency: seller.currency } };
  }

  /** A new device key for a POS of this seller. The key itself is in this answer only. */
  async createDeviceKey(sellerId: string, posId: string, label?: string): Promise<{ id: string; key: string; hint: string; pos_id: string }> {
    const pos = await this.pos(sellerId, posId);
    return this.issueKey(pos.id, label ?? null);
  }

  async deviceKeys(sellerId: string, posId: string): Promise<{ id: string; hint: string; label: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null }[]> {
    const pos = await this.pos(sellerId, posId);
    return (await this.d.repo.deviceKeys(pos.id)).map((k) => ({
      id: k.id, hint: k.hint, label: k.label, created_at: iso(k.created_at), last_used_at: iso(k.last_used_at), revoked_at: iso(k.revoked_at),
    }));
  }

  async revokeDeviceKey(sellerId: string, posId: string, keyId: string): Promise<void> {
    const pos = await this.pos(sellerId, posId);
    if (!(await this.d.repo.revokeKey(pos.id, keyId, this.d.now()))) throw notFound('device key');
  }

  /** A short code the terminal types once (`POST /api/pair`) to get its own device key. */
  async createPairingCode(sellerId: string, posId: string): Promise<{ code: string; expires_at: string }> {
    const pos = await this.pos(sellerId, posId);
    const { code, hash } = newPairingCode();
    const expires = new Date(this.d.now().getTime() + PAIRING_TTL_MS);
    await this.d.repo.insertPairingCode({ code_hash: hash, pos_id: pos.id, expires_at: expires });
    return { code, expires_at: expires.toISOString() };
  }

  async pair(code: string, label?: string): Promise<{ id: string; key: string; hint: string; pos_id: string }> {
    const posId = await this.d.repo.usePairingCode(sha256(normalisePairingCode(code)), this.d.now());
    if (!posId) throw new GatewayError(401, 'invalid_pairing_code', 'this pairing code is unknown, expired or already used; ask for a new one', { fields: [{ field: 'code', rule: 'a live pairing code' }] });
    return this.issueKey(posId, label ?? 'paired terminal');
  }

  /** The scope of a presented device key, or undefined (unknown or revoked: the caller answers 401). */
  async authenticate(key: string): Promise<DeviceScope | undefined> {
    const row = await this.d.repo.liveKeyByHash(sha256(key));
    if (!row) return undefined;
    const now = this.d.now();
    if (!row.key_last_used_at || now.getTime() - new Date(row.key_last_used_at).getTime() > TOUCH_EVERY_MS) await this.d.repo.touchKey(row.key_id, now);
    const { key_id, key_last_used_at, seller, ...pos } = row;
    return { deviceKeyId: key_id, posId: pos.id, sellerId: pos.seller_id, pos, seller };
  }

  private async issueKey(posId: string, label: string | null) {
    const k = newDeviceKey();
    const id = newId('dk');
    await this.d.repo.insertDeviceKey({ id, pos_id: posId, key_hash: k.hash, hint: k.hint, label, created_at: this.d.now() });
    return { id, key: k.key, hint: k.hint, pos_id: posId };
  }
}

export interface StoreView { id: string; external_id: string; name: string; mp_store_id: string | null; created_at: string }
export interface PosView { id: string; external_id: string; name: string; store_id: string; mp_pos_id: number | null; flow: string; qr: unknown; created_at: string }

function storeView(s: StoreRow): StoreView {
  return { id: s.id, external_id: s.external_id, name: s.name, mp_store_id: s.mp_store_id, created_at: iso(s.created_at) };
}

function posView(p: PosRow): PosView {
  return {
    id: p.id, external_id: p.external_id, name: p.name, store_id: p.store_id, mp_pos_id: p.mp_pos_id === null ? null : Number(p.mp_pos_id),
    flow: p.flow, qr: p.qr, created_at: iso(p.created_at),
  };
}
