// Sellers (tenants): connecting by OAuth (authorization URL with state + PKCE, the callback's code exchange,
// `/users/me` for site and currency), keeping tokens fresh (one refresh at a time per seller across processes,
// both new tokens stored together), and disconnecting when MP refuses them (`invalid_grant`) or the seller
// unlinks the app (`application.deauthorized`). Tokens are sealed at rest and opened only to make a call.
import { createHash } from 'node:crypto';
import { MercadoPagoError, RefreshTokenRejectedError, getSite, generatePkce, generateState, buildAuthorizationUrl } from '@cobro/client';
import type { MercadoPagoClient } from '@cobro/client';
import { GatewayError, fromMpError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { SellerRow, SellersRepository } from '../repositories/sellers.ts';
import type { Vault } from '../crypto/vault.ts';
import type { MpClients } from './mp.ts';

/** Refresh this long before a token expires (MP's last 180 days): a month of margin for a job that was down. */
export const REFRESH_AHEAD_MS = 30 * 86400_000;
const OAUTH_ATTEMPT_TTL_MS = 10 * 60_000;
const REFRESH_LEASE_MS = 60_000;
/** Tokens refreshed this recently are left alone: a second process arriving just after the first skips. */
const REFRESHED_RECENTLY_MS = 60_000;
/** How long an opened seller client is reused (the plaintext token kept in memory no longer than this), and how many. */
const OPENED_TTL_MS = 60_000;
const OPENED_MAX = 1000;

export interface SellerView {
  id: string;
  mp_user_id: number;
  nickname: string;
  site_id: string;
  currency: string;
  status: 'connected' | 'disconnected';
  disconnected_reason: string | null;
  live_mode: boolean;
  token_expires_at: string;
  token_refreshed_at: string;
  created_at: string;
}

export interface SellersDeps {
  repo: SellersRepository;
  vault: Vault;
  mp: MpClients;
  now: () => Date;
  /** The gateway's `/oauth/callback` URL, registered on the integrator's application. */
  redirectUri: string;
  /** Names this process in refresh leases. */
  instanceId: string;
}

const hashState = (state: string): string => createHash('sha256').update(state).digest('hex');

export class SellersService {
  /** Opened clients by seller id (see clientOf), oldest first. */
  private readonly opened = new Map<string, { sealed: string; mp: MercadoPagoClient; at: number }>();

  constructor(private readonly d: SellersDeps) {
    Object.freeze(this);
  }

  /** Step 1: where to send the seller, and the state to bind to their browser (a signed cookie). */
  async startConnect(returnTo: string | null = null): Promise<{ url: string; state: string }> {
    const state = generateState();
    const pkce = generatePkce('S256');
    await this.d.repo.addOAuthAttempt({
      stateHash: hashState(state), codeVerifier: pkce.verifier, returnTo, expiresAt: new Date(this.d.now().getTime() + OAUTH_ATTEMPT_TTL_MS),
    });
    const url = buildAuthorizationUrl({
      clientId: this.d.mp.app.clientId, redirectUri: this.d.redirectUri, state, authorizationUrl: this.d.mp.app.authorizationUrl,
      codeChallenge: pkce.challenge, codeChallengeMethod: pkce.method,
    });
    return { url, state };
  }

  /** Step 2: the callback. `cookieState` is what the browser's signed cookie holds; it must equal `state`. */
  async completeConnect(p: { code: string | undefined; state: string | undefined; cookieState: string | undefined; error?: string }): Promise<{ seller: SellerView; returnTo: string | null }> {
    if (p.error) throw new GatewayError(400, 'oauth_denied', `Mercado Pago did not authorize the connection: ${p.error}`);
    if (!p.code || !p.state) throw new GatewayError(400, 'oauth_invalid_callback', 'the callback needs code and state', { fields: [{ field: !p.code ? 'code' : 'state', rule: 'required' }] });
    if (!p.cookieState || p.cookieState !== p.state) {
      throw new GatewayError(400, 'oauth_state_mismatch', 'this callback was not started from this browser (state cookie missing or different); start again at /connect');
    }
    const attempt = await this.d.repo.useOAuthAttempt(hashState(p.state), this.d.now());
    if (!attempt) throw new GatewayError(400, 'oauth_state_expired', 'this connection attempt expired or was already used; start again at /connect');
    const app = this.d.mp.app;
    let token;
    try {
      token = await this.d.mp.application.oauth.exchangeCode({
        clientId: app.clientId, clientSecret: app.clientSecret, code: p.code, redirectUri: this.d.redirectUri, codeVerifier: attempt.codeVerifier,
      });
    } catch (err) {
      throw fromMpError(err, 'exchanging the authorization code');
    }
    const me = await this.d.mp.forSeller(token.access_token).users.me().catch((err) => { throw fromMpError(err, 'reading the seller (/users/me)'); });
    const existing = await this.d.repo.byMpUserId(me.id);
    const id = existing?.id ?? newId('sel');
    const now = this.d.now();
    const row = await this.d.repo.upsertConnected({
      id, mpUserId: me.id, nickname: me.nickname, siteId: me.site_id, currency: getSite(me.site_id).currency,
      accessToken: this.d.vault.seal(token.access_token, id), refreshToken: token.refresh_token ? this.d.vault.seal(token.refresh_token, id) : null,
      scope: token.scope ?? '', liveMode: token.live_mode ?? true, tokenExpiresAt: token.expiresAt, now,
    });
    return { seller: view(row), returnTo: attempt.returnTo };
  }

  async get(id: string): Promise<SellerView> {
    const row = await this.d.repo.byId(id);
    if (!row) throw notFound('seller');
    return view(row);
  }

  byMpUserId(mpUserId: string): Promise<SellerRow | undefined> {
    return this.d.repo.byMpUserId(mpUserId);
  }

  async list(): Promise<SellerView[]> {
    return (await this.d.repo.list()).map(view);
  }

  /**
   * A client acting as this seller, or a 409 saying the seller must reconnect. The one place a seller's token is
   * opened, for the duration of a call.
   */
  async clientFor(sellerId: string): Promise<{ seller: SellerRow; mp: MercadoPagoClient }> {
    const row = await this.d.repo.byId(sellerId);
    if (!row) throw notFound('seller');
    return { seller: row, mp: this.clientOf(row) };
  }

  /**
   * The same, for seller columns the caller has just read (a device key's, read with the key). The opened client
   * is reused for OPENED_TTL_MS while the row still holds the same sealed token: it is a memo of decrypting that
   * ciphertext, not a cache of the seller. Nothing here can go stale: `status` is checked on the row given, read
   * this request, so a disconnect stops the next call on every process; a refresh writes a new ciphertext, which
   * misses. Refresh and disconnect also drop the entry here, so this process keeps no token MP has retired.
   */
  clientOf(row: Pick<SellerRow, 'id' | 'status' | 'nickname' | 'disconnected_reason' | 'access_token'>): MercadoPagoClient {
    if (row.status !== 'connected') {
      this.opened.delete(row.id);
      throw new GatewayError(409, 'seller_disconnected', `seller ${row.nickname} is disconnected (${row.disconnected_reason ?? 'unknown reason'}); the seller must connect again at /connect`);
    }
    const at = Date.now();
    const hit = this.opened.get(row.id);
    if (hit && hit.sealed === row.access_token && at - hit.at < OPENED_TTL_MS) return hit.mp;
    const mp = this.d.mp.forSeller(this.d.vault.open(row.access_token, row.id));
    if (this.opened.size >= OPENED_MAX) this.opened.delete(this.opened.keys().next().value!);
    this.opened.delete(row.id);
    this.opened.set(row.id, { sealed: row.access_token, mp, at });
    return mp;
  }

  /**
   * Refresh one seller's tokens. Across processes only the holder of the seller's lease calls MP (refresh tokens
   * are single use: a second call would spend the new one); the others return `skipped`. `invalid_grant`
   * disconnects the seller.
   */
  async refresh(sellerId: string, opts: { force?: boolean } = {}): Promise<'refreshed' | 'skipped' | 'disconnected'> {
    const now = this.d.now();
    const row = await this.d.repo.takeRefreshLease(sellerId, this.d.instanceId, now, REFRESH_LEASE_MS, new Date(now.getTime() - (opts.force ? -1 : REFRESHED_RECENTLY_MS)));
    if (!row) return 'skipped';
    if (!row.refresh_token) {
      this.opened.delete(row.id);
      await this.d.repo.markDisconnected(row.id, 'no refresh token (the grant lacks offline_access)', now);
      return 'disconnected';
    }
    const app = this.d.mp.app;
    try {
      const t = await this.d.mp.application.oauth.refresh({
        clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: this.d.vault.open(row.refresh_token, row.id),
      });
      const saved = await this.d.repo.saveRefreshed(row.id, this.d.instanceId, {
        accessToken: this.d.vault.seal(t.access_token, row.id), refreshToken: this.d.vault.seal(t.refresh_token ?? '', row.id),
        expiresAt: t.expiresAt, scope: t.scope ?? row.scope, now: this.d.now(),
      });
      this.opened.delete(row.id);
      if (!saved) throw new GatewayError(500, 'refresh_lease_lost', `the refresh lease of seller ${row.id} lapsed while MP answered; its new tokens were not stored`);
      return 'refreshed';
    } catch (err) {
      if (err instanceof RefreshTokenRejectedError) {
        this.opened.delete(row.id);
        await this.d.repo.markDisconnected(row.id, `Mercado Pago refused the refresh token (${err.code ?? 'invalid_grant'})`, this.d.now());
        return 'disconnected';
      }
      await this.d.repo.releaseRefreshLease(row.id, this.d.instanceId);
      throw err instanceof GatewayError ? err : fromMpError(err, `refreshing seller ${row.id}'s token`);
    }
  }

  /** Sellers whose token expires within REFRESH_AHEAD_MS (the scheduled refresh job's work list). */
  async dueForRefresh(limit = 100): Promise<string[]> {
    return (await this.d.repo.dueForRefresh(new Date(this.d.now().getTime() + REFRESH_AHEAD_MS), limit)).map((r) => r.id);
  }

  /**
   * An `mp-connect` doorbell: is the app still linked? The seller's token is tried on MP; refused (401/403), the
   * refresh token gets its chance, and when MP refuses that too the seller is disconnected.
   */
  async checkLink(sellerId: string): Promise<'connected' | 'disconnected'> {
    const row = await this.d.repo.byId(sellerId);
    if (!row || row.status !== 'connected') return 'disconnected';
    try {
      await this.d.mp.forSeller(this.d.vault.open(row.access_token, row.id)).users.me();
      return 'connected';
    } catch (err) {
      if (!(err instanceof MercadoPagoError) || (err.status !== 401 && err.status !== 403)) throw err;
    }
    // MP refused the token just now: however recent it is, only a refresh can tell whether the link is gone.
    const r = await this.refresh(sellerId, { force: true });
    return r === 'disconnected' ? 'disconnected' : 'connected';
  }

  /** The seller unlinked the app (`application.deauthorized` from MP) or an operator disconnected them. */
  async disconnect(sellerId: string, reason: string): Promise<void> {
    this.opened.delete(sellerId);
    await this.d.repo.markDisconnected(sellerId, reason, this.d.now());
  }
}

export function view(r: SellerRow): SellerView {
  return {
    id: r.id, mp_user_id: Number(r.mp_user_id), nickname: r.nickname, site_id: r.site_id, currency: r.currency, status: r.status,
    disconnected_reason: r.disconnected_reason, live_mode: r.live_mode, token_expires_at: new Date(r.token_expires_at).toISOString(),
    token_refreshed_at: new Date(r.token_refreshed_at).toISOString(), created_at: new Date(r.created_at).toISOString(),
  };
}
