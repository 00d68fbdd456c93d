// Sellers and their OAuth attempts: all SQL about tenants. Tokens cross this boundary sealed; the service seals
// and opens them (crypto/vault.ts), so no query here ever sees a plaintext token.
import type { Kysely, Selectable } from 'kysely';
import type { Database, SellersTable } from '../db/schema.ts';

export type SellerRow = Selectable<SellersTable>;

export interface ConnectedSellerInput {
  id: string;
  mpUserId: number;
  nickname: string;
  siteId: string;
  currency: string;
  accessToken: string;
  refreshToken: string | null;
  scope: string;
  liveMode: boolean;
  tokenExpiresAt: Date;
  now: Date;
}

export class SellersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A connect (first or again): one row per MP user; a reconnect replaces tokens and clears the disconnect. */
  async upsertConnected(s: ConnectedSellerInput, tx: Kysely<Database> = this.db): Promise<SellerRow> {
    return tx.insertInto('sellers').values({
      id: s.id, mp_user_id: s.mpUserId, nickname: s.nickname, site_id: s.siteId, currency: s.currency, status: 'connected',
      disconnected_reason: null, access_token: s.accessToken, refresh_token: s.refreshToken, scope: s.scope,
      live_mode: s.liveMode, token_expires_at: s.tokenExpiresAt, token_refreshed_at: s.now, refresh_lock_owner: null,
      refresh_lock_until: null, created_at: s.now, updated_at: s.now,
    }).onConflict((oc) => oc.column('mp_user_id').doUpdateSet((eb) => ({
      nickname: eb.ref('excluded.nickname'), site_id: eb.ref('excluded.site_id'), currency: eb.ref('excluded.currency'),
      status: 'connected', disconnected_reason: null, access_token: eb.ref('excluded.access_token'),
      refresh_token: eb.ref('excluded.refresh_token'), scope: eb.ref('excluded.scope'), live_mode: eb.ref('excluded.live_mode'),
      token_expires_at: eb.ref('excluded.token_expires_at'), token_refreshed_at: eb.ref('excluded.token_refreshed_at'),
      updated_at: eb.ref('excluded.updated_at'),
    }))).returningAll().executeTakeFirstOrThrow();
  }

  byId(id: string): Promise<SellerRow | undefined> {
    return this.db.selectFrom('sellers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byMpUserId(mpUserId: number | string): Promise<SellerRow | undefined> {
    return this.db.selectFrom('sellers').selectAll().where('mp_user_id', '=', String(mpUserId)).executeTakeFirst();
  }

  list(): Promise<SellerRow[]> {
    return this.db.selectFrom('sellers').selectAll().orderBy('created_at').execute();
  }

  /** Connected sellers whose token expires before `before`, soonest first. */
  dueForRefresh(before: Date, limit: number): Promise<SellerRow[]> {
    return this.db.selectFrom('sellers').selectAll().where('status', '=', 'connected').where('token_expires_at', '<', before)
      .orderBy('token_expires_at').limit(limit).execute();
  }

  /**
   * Take the seller's refresh lease: the row as it is now when this caller got it, undefined when another holder's
   * lease is still running or the tokens were refreshed after `freshSince` (another process just did it). A lapsed
   * lease (a process that died mid-refresh) is taken over.
   */
  async takeRefreshLease(id: string, owner: string, now: Date, leaseMs: number, freshSince: Date): Promise<SellerRow | undefined> {
    return this.db.updateTable('sellers').set({ refresh_lock_owner: owner, refresh_lock_until: new Date(now.getTime() + leaseMs) })
      .where('id', '=', id).where('status', '=', 'connected').where('token_refreshed_at', '<', freshSince)
      .where((eb) => eb.or([eb('refresh_lock_until', 'is', null), eb('refresh_lock_until', '<', now)]))
      .returningAll().executeTakeFirst();
  }

  /** Both new tokens in one statement, only while this owner still holds the lease. */
  async saveRefreshed(id: string, owner: string, t: { accessToken: string; refreshToken: string; expiresAt: Date; scope: string; now: Date }): Promise<boolean> {
    const r = await this.db.updateTable('sellers').set({
      access_token: t.accessToken, refresh_token: t.refreshToken, token_expires_at: t.expiresAt, scope: t.scope,
      token_refreshed_at: t.now, refresh_lock_owner: null, refresh_lock_until: null, updated_at: t.now,
    }).where('id', '=', id).where('refresh_lock_owner', '=', owner).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    await this.db.updateTable('sellers').set({ refresh_lock_owner: null, refresh_lock_until: null })
      .where('id', '=', id).where('refresh_lock_owner', '=', owner).execute();
  }

  async markDisconnected(id: string, reason: string, now: Date): Promise<void> {
    await this.db.updateTable('sellers').set({
      status: 'disconnected', disconnected_reason: reason, refresh_lock_owner: null, refresh_lock_until: null, updated_at: now,
    }).where('id', '=', id).execute();
  }

  async addOAuthAttempt(a: { stateHash: string; codeVerifier: string; returnTo: string | null; expiresAt: Date }): Promise<void> {
    await this.db.insertInto('oauth_attempts').values({
      state_hash: a.stateHash, code_verifier: a.codeVerifier, return_to: a.returnTo, expires_at: a.expiresAt, used_at: null,
    }).execute();
  }

  /** Spend an attempt: its verifier once, while unexpired; undefined for a replayed or stale callback. */
  async useOAuthAttempt(stateHash: string, now: Date): Promise<{ codeVerifier: string; returnTo: string | null } | undefined> {
    const row = await this.db.updateTable('oauth_attempts').set({ used_at: now })
      .where('state_hash', '=', stateHash).where('used_at', 'is', null).where('expires_at', '>', now)
      .returning(['code_verifier', 'return_to']).executeTakeFirst();
    return row && { codeVerifier: row.code_verifier, returnTo: row.return_to };
  }
}
