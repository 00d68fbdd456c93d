// Seller-consent URL (spec §2.1) and access-token expiry tracking (§2.2: tokens last 180 days and must be
// refreshed before they expire; refresh tokens are single-use).

export const DEFAULT_AUTHORIZATION_URL = 'https://auth.mercadopago.com/authorization';

export interface AuthorizationUrlParams {
  clientId: string;
  /** Must equal the app's configured Redirect URL exactly; put per-seller data in `state`. */
  redirectUri: string;
  state: string;
  /** PKCE, when the app has it enabled. */
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** Default `mp`. */
  platformId?: string;
  /** Default https://auth.mercadopago.com/authorization; e.g. a country host or a sandbox's consent page. */
  authorizationUrl?: string;
}

export function buildAuthorizationUrl(p: AuthorizationUrlParams): string {
  if (!p.clientId) throw new TypeError('clientId is required');
  if (!p.redirectUri) throw new TypeError('redirectUri is required');
  if (!p.state) throw new TypeError('state is required (a fresh random value per attempt)');
  const url = new URL(p.authorizationUrl ?? DEFAULT_AUTHORIZATION_URL);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('platform_id', p.platformId ?? 'mp');
  url.searchParams.set('state', p.state);
  url.searchParams.set('redirect_uri', p.redirectUri);
  if (p.codeChallenge) {
    url.searchParams.set('code_challenge', p.codeChallenge);
    url.searchParams.set('code_challenge_method', p.codeChallengeMethod ?? 'S256');
  }
  return url.toString();
}

/** The fields of a `/oauth/token` response this helper reads. */
export interface TokenTimes {
  expires_in: number;
}

export interface TokenExpiry {
  obtainedAt: Date;
  expiresAt: Date;
  /** Seconds the token was issued for. */
  lifetimeSeconds: number;
  /**
   * True once `now` is within `marginMs` of expiry. Default margin: a sixth of the lifetime (30 days for
   * the 180-day seller tokens, i.e. the "renew every 5 months" advice; 1 h for 6-hour tokens).
   */
  shouldRefresh(now?: Date | number, marginMs?: number): boolean;
  isExpired(now?: Date | number): boolean;
}

export function tokenExpiry(token: TokenTimes, obtainedAt: Date | number = Date.now()): TokenExpiry {
  if (!Number.isFinite(token.expires_in) || token.expires_in <= 0) throw new RangeError(`expires_in must be a positive number of seconds, got ${token.expires_in}`);
  const start = typeof obtainedAt === 'number' ? obtainedAt : obtainedAt.getTime();
  const end = start + token.expires_in * 1000;
  const ms = (d: Date | number | undefined) => (d === undefined ? Date.now() : typeof d === 'number' ? d : d.getTime());
  return {
    obtainedAt: new Date(start),
    expiresAt: new Date(end),
    lifetimeSeconds: token.expires_in,
    shouldRefresh: (now, marginMs = (token.expires_in * 1000) / 6) => ms(now) >= end - marginMs,
    isExpired: (now) => ms(now) >= end,
  };
}
