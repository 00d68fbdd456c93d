// OAuth token exchange (spec §2.2).
import type { CodeChallengeMethod } from '../oauth/pkce.ts';
import type { TokenExpiry } from '../oauth/url.ts';

export interface AuthorizationUrlOptions {
  clientId: string;
  /** Must equal the app's Redirect URL exactly. */
  redirectUri: string;
  /** Default: a fresh random value. Store it and compare on the callback. */
  state?: string;
  /** `true` (S256) or the method: adds code_challenge and returns the verifier to keep server-side. */
  pkce?: true | CodeChallengeMethod;
  platformId?: string;
  /** Default https://auth.mercadopago.com/authorization (a country host, or a sandbox's consent page). */
  authorizationUrl?: string;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  /** Present when `pkce` was asked for: send it as `codeVerifier` to `exchangeCode`. */
  codeVerifier?: string;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
}

export interface ExchangeCodeParams {
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  /** Required when the app has PKCE enabled. */
  codeVerifier?: string;
  /** `offline_access`, `read`, `write` (space separated) to narrow the grant. */
  scope?: string;
  /** Ask for test credentials of the seller (`test_token: "true"`). */
  testToken?: boolean;
}

export interface RefreshParams {
  clientId: string;
  clientSecret: string;
  /** Single use: store the new one from the response. */
  refreshToken: string;
  scope?: string;
  testToken?: boolean;
}

export interface ClientCredentialsParams {
  clientId: string;
  clientSecret: string;
  scope?: string;
  testToken?: boolean;
}

/** `POST /oauth/token` response. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Seconds: 15552000 (180 days) for seller tokens. */
  expires_in: number;
  scope: string;
  user_id: number;
  /** Absent for client_credentials. */
  refresh_token?: string;
  public_key?: string;
  live_mode?: boolean;
}

/** The token response plus when it expires, measured from just before the request was sent. */
export interface Token extends TokenResponse {
  expiresAt: Date;
  expiry: TokenExpiry;
}

/** `oauth.connect`: the whole seller-consent flow on this machine (authorization URL, PKCE, callback, exchange). */
export interface ConnectSellerParams {
  clientId: string;
  clientSecret: string;
  /** A loopback redirect URL registered on the app; default http://127.0.0.1:<free port>/callback. */
  redirectUri?: string;
  /** Default https://auth.mercadopago.com/authorization (a country host, or a sandbox's consent page). */
  authorizationUrl?: string;
  platformId?: string;
  scope?: string;
  testToken?: boolean;
  /**
   * Called once the callback server listens: show `url` to the seller (print it, open a browser). Awaited
   * before the wait starts, so it can also register `redirectUri` on the app (a sandbox has no settings page).
   */
  onAuthorizationUrl: (request: { url: string; redirectUri: string; state: string }) => void | Promise<void>;
  /** How long the seller has to come back, ms. Default 300 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ConnectedSeller {
  token: Token;
  /** The redirect URI used (the app must list it). */
  redirectUri: string;
}
