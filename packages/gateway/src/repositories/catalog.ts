// Stores, POS, device keys and pairing codes: the local mirror of each seller's catalog on Mercado Pago, and the
// terminal credentials scoped to one POS. Every query names the seller (or reaches it through the POS), so no
// lookup can cross tenants.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeviceKeysTable, PosTable, SellersTable, StoresTable } from '../db/schema.ts';
import { Statement } from '../db/statements.ts';
import { GroupCommit } from '../db/group-commit.ts';

export type StoreRow = Selectable<StoresTable>;
export type PosRow = Selectable<PosTable>;
export type DeviceKeyRow = Selectable<DeviceKeysTable>;
/** The seller columns a call as the seller needs (the token still sealed). */
export type KeySeller = Pick<Selectable<SellersTable>, 'id' | 'status' | 'nickname' | 'disconnected_reason' | 'site_id' | 'access_token'>;

/** The live key's row with its POS and seller columns; liveKeyByHash's statements (compiled once, prepared: db/statements.ts). */
const liveKeyRead = (db: Kysely<Database>) => db.selectFrom('device_keys')
  .innerJoin('pos', 'pos.id', 'device_keys.pos_id').innerJoin('sellers', 'sellers.id', 'pos.seller_id')
  .selectAll('pos')
  .select(['device_keys.id as key_id', 'device_keys.last_used_at as key_last_used_at', 'sellers.status as seller_status', 'sellers.nickname as seller_nickname',
    'sellers.disconnected_reason as seller_disconnected_reason', 'sellers.site_id as seller_site_id', 'sellers.access_token as seller_access_token'])
  .where('device_keys.revoked_at', 'is', null);
const liveKey = new Statement(['hash'], (db, { hash }: { hash: string }) => liveKeyRead(db).where('device_keys.key_hash', '=', hash));
/** Many keys in one read: concurrent requests' lookups (the hashes as one JSON array, so one text for any number). */
const liveKeys = new Statement(['hashes'], (db, { hashes }: { hashes: string }) => liveKeyRead(db).select('device_keys.key_hash as key_hash')
  .where(sql<boolean>`device_keys.key_hash in (select json_array_elements_text(${hashes}::json))`));
type LiveKeyRead = Awaited<ReturnType<typeof liveKey.execute>>['rows'][number];

export class CatalogRepository {
  /**
   * Every terminal request reads its key: the reads that arrive while one is in flight go together in the next
   * (db/group-commit.ts), each still sent after its request arrived, so a key revoked before then is refused.
   */
  private readonly keyReads = new GroupCommit<string, LiveKeyRead | undefined>({
    one: async (hash) => (await liveKey.execute(this.db, { hash })).rows[0],
    many: async (hashes) => {
      const by = new Map<string, LiveKeyRead>();
      for (const { key_hash, ...r } of (await liveKeys.execute(this.db, { hashes: JSON.stringify([...new Set(hashes)]) })).rows) by.set(key_hash, r);
      return hashes.map((h) => by.get(h));
    },
  });

  constructor(private readonly db: Kysely<Database>) {}

  storeByExternalId(sellerId: string, externalId: string): Promise<StoreRow | undefined> {
    return this.db.selectFrom('stores').selectAll().where('seller_id', '=', sellerId).where('external_id', '=', externalId).executeTakeFirst();
  }

  storeById(sellerId: string, id: string): Promise<StoreRow | undefined> {
    return this.db.selectFrom('stores').selectAll().where('seller_id', '=', sellerId).where('id', '=', id).executeTakeFirst();
  }

  stores(sellerId: string): Promise<StoreRow[]> {
    return this.db.selectFrom('stores').selectAll().where('seller_id', '=', sellerId).orderBy('created_at').execute();
  }

  /** Every seller's stores and POS at once (the admin's filter selects): two queries, however many sellers. */
  async everything(): Promise<{ stores: StoreRow[]; pos: PosRow[] }> {
    const [stores, pos] = await Promise.all([
      this.db.selectFrom('stores').selectAll().orderBy('created_at').execute(),
      this.db.selectFrom('pos').selectAll().orderBy('created_at').execute(),
    ]);
    return { stores, pos };
  }

  /** Mirror a store; a concurrent mirror of the same external id wins and is returned. */
  async insertStore(r: Omit<StoreRow, 'body'> & { body: unknown }): Promise<StoreRow> {
    await this.db.insertInto('stores').values({ ...r, body: JSON.stringify(r.body) })
      .onConflict((oc) => oc.columns(['seller_id', 'external_id']).doNothing()).execute();
    return (await this.storeByExternalId(r.seller_id, r.external_id))!;
  }

  posByExternalId(sellerId: string, externalId: string): Promise<PosRow | undefined> {
    return this.db.selectFrom('pos').selectAll().where('seller_id', '=', sellerId).where('external_id', '=', externalId).executeTakeFirst();
  }

  posById(sellerId: string, id: string): Promise<PosRow | undefined> {
    return this.db.selectFrom('pos').selectAll().where('seller_id', '=', sellerId).where('id', '=', id).executeTakeFirst();
  }

  /** A POS by id alone: only for scopes already proven (a device key's own POS). */
  posOfKey(id: string): Promise<PosRow | undefined> {
    return this.db.selectFrom('pos').selectAll().where('id', '=', id).executeTakeFirst();
  }

  posList(sellerId: string, storeId?: string): Promise<PosRow[]> {
    let q = this.db.selectFrom('pos').selectAll().where('seller_id', '=', sellerId);
    if (storeId) q = q.where('store_id', '=', storeId);
    return q.orderBy('created_at').execute();
  }

  async insertPos(r: Omit<PosRow, 'qr'> & { qr: unknown }): Promise<PosRow> {
    await this.db.insertInto('pos').values({ ...r, qr: JSON.stringify(r.qr) })
      .onConflict((oc) => oc.columns(['seller_id', 'external_id']).doNothing()).execute();
    return (await this.posByExternalId(r.seller_id, r.external_id))!;
  }

  async insertDeviceKey(r: Omit<DeviceKeyRow, 'last_used_at' | 'revoked_at'>): Promise<void> {
    await this.db.insertInto('device_keys').values({ ...r, last_used_at: null, revoked_at: null }).execute();
  }

  deviceKeys(posId: string): Promise<DeviceKeyRow[]> {
    return this.db.selectFrom('device_keys').selectAll().where('pos_id', '=', posId).orderBy('created_at').execute();
  }

  /**
   * The live key with this hash, with its whole POS row and what a call as its seller needs, in one statement:
   * every terminal request starts here, and the POS and seller read on their own were two more round trips.
   */
  async liveKeyByHash(hash: string): Promise<(PosRow & { key_id: string; key_last_used_at: Date | null; seller: KeySeller }) | undefined> {
    const r = await this.keyReads.run(hash);
    if (!r) return undefined;
    const { seller_status, seller_nickname, seller_disconnected_reason, seller_site_id, seller_access_token, ...rest } = r;
    return { ...rest, seller: { id: r.seller_id, status: seller_status, nickname: seller_nickname, disconnected_reason: seller_disconnected_reason, site_id: seller_site_id, access_token: seller_access_token } };
  }

  async touchKey(id: string, now: Date): Promise<void> {
    await this.db.updateTable('device_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** Revoke a key of this POS; false when it is not one (or already revoked). */
  async revokeKey(posId: string, keyId: string, now: Date): Promise<boolean> {
    const r = await this.db.updateTable('device_keys').set({ revoked_at: now })
      .where('id', '=', keyId).where('pos_id', '=', posId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertPairingCode(r: { code_hash: string; pos_id: string; expires_at: Date }): Promise<void> {
    await this.db.insertInto('pairing_codes').values({ ...r, used_at: null }).execute();
  }

  /** Spend a pairing code: its POS, once, while unexpired. */
  async usePairingCode(hash: string, now: Date): Promise<string | undefined> {
    const r = await this.db.updateTable('pairing_codes').set({ used_at: now })
      .where('code_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now)
      .returning('pos_id').executeTakeFirst();
    return r?.pos_id;
  }
}
