// OAuth (spec §2): the seller-consent URL (built locally, with PKCE and state) and the three grants of
// `POST /oauth/token`. Token calls send no Authorization header and no idempotency key, and are not
// retried once they may have reached MP: codes and refresh tokens are single-use.
import type { RequestOptions } from '../config.ts';
import { Resource } from '../resource.ts';
import { generatePkce, generateState } from '../oauth/pkce.ts';
import { buildAuthorizationUrl, tokenExpiry } from '../oauth/url.ts';
import { listenForOAuthCallback } from '../oauth/callback.ts';
import { BadRequestError, RefreshTokenRejectedError } from '../errors.ts';
import type {
  AuthorizationRequest, AuthorizationUrlOptions, ClientCredentialsParams, ConnectedSeller, ConnectSellerParams, ExchangeCodeParams,
  RefreshParams, Token, TokenResponse,
} from '../types/oauth.ts';

export class OAuth extends Resource {
  /**
   * The URL to send the seller to, plus the `state` (and PKCE `codeVerifier`) to keep server-side until the
   * callback: compare `state`, then pass `codeVerifier` to `exchangeCode`.
   */
  authorizationUrl(p: AuthorizationUrlOptions): AuthorizationRequest {
    const state = p.state ?? generateState();
    const pkce = p.pkce ? generatePkce(p.pkce === true ? 'S256' : p.pkce) : undefined;
    const url = buildAuthorizationUrl({
      clientId: p.clientId, redirectUri: p.redirectUri, state, platformId: p.platformId, authorizationUrl: p.authorizationUrl,
      codeChallenge: pkce?.challenge, codeChallengeMethod: pkce?.method,
    });
    return pkce
      ? { url, state, codeVerifier: pkce.verifier, codeChallenge: pkce.challenge, codeChallengeMethod: pkce.method }
      : { url, state };
  }

  /** authorization_code grant: the `code` from the callback (valid 10 minutes, single use). */
  exchangeCode(p: ExchangeCodeParams, options?: RequestOptions): Promise<Token> {
    return this.#token({
      grant_type: 'authorization_code', client_id: p.clientId, client_secret: p.clientSecret, code: p.code,
      redirect_uri: p.redirectUri, code_verifier: p.codeVerifier, scope: p.scope, test_token: testToken(p.testToken),
    }, options);
  }

  /**
   * refresh_token grant: returns a new access token AND a new refresh token (the old one is spent: store the
   * new one at once). RefreshTokenRejectedError when MP refuses it (`invalid_grant`: used, expired, unlinked).
   */
  async refresh(p: RefreshParams, options?: RequestOptions): Promise<Token> {
    try {
      return await this.#token({
        grant_type: 'refresh_token', client_id: p.clientId, client_secret: p.clientSecret, refresh_token: p.refreshToken,
        scope: p.scope, test_token: testToken(p.testToken),
      }, options);
    } catch (e) {
      if (e instanceof BadRequestError && (e.code === 'invalid_grant' || e.code === 'invalid_client')) {
        throw new RefreshTokenRejectedError({
          message: `Mercado Pago refused the refresh token (${e.code}): it was used already, expired, or the seller unlinked the app; connect the seller again`,
          status: e.status, code: e.code, cause: e.cause, requestId: e.requestId, raw: e.raw, headers: e.headers,
        });
      }
      throw e;
    }
  }

  /**
   * The seller-consent flow for a tool on the seller's machine: a local callback server, the authorization
   * URL with state + PKCE (handed to `onAuthorizationUrl`), the wait for the redirect, the code exchange.
   * OAuthConnectError when the seller denies or does not come back in time; MP's errors as usual.
   */
  async connect(p: ConnectSellerParams, options?: RequestOptions): Promise<ConnectedSeller> {
    const callback = await listenForOAuthCallback({ redirectUri: p.redirectUri });
    try {
      const { redirectUri } = callback;
      const auth = this.authorizationUrl({
        clientId: p.clientId, redirectUri, pkce: true, platformId: p.platformId, authorizationUrl: p.authorizationUrl,
      });
      // Armed before the URL is shown, so even an instant redirect finds the state expected.
      const code = callback.waitForCode(auth.state, { timeoutMs: p.timeoutMs, signal: p.signal });
      code.catch(() => undefined);
      await p.onAuthorizationUrl({ url: auth.url, redirectUri, state: auth.state });
      const token = await this.exchangeCode({
        clientId: p.clientId, clientSecret: p.clientSecret, code: await code, redirectUri, codeVerifier: auth.codeVerifier,
        scope: p.scope, testToken: p.testToken,
      }, options);
      return { token, redirectUri };
    } finally {
      callback.close();
    }
  }

  /** client_credentials grant: a token for the app owner's own account, without a refresh token. */
  clientCredentials(p: ClientCredentialsParams, options?: RequestOptions): Promise<Token> {
    return this.#token({
      grant_type: 'client_credentials', client_id: p.clientId, client_secret: p.clientSecret, scope: p.scope,
      test_token: testToken(p.testToken),
    }, options);
  }

  async #token(body: Record<string, string | undefined>, options?: RequestOptions): Promise<Token> {
    // Measured before sending: the token cannot have been issued earlier, so expiresAt errs on the early side.
    const obtainedAt = this.sender.config.now();
    const res = await this.send<TokenResponse>({
      method: 'POST', path: '/oauth/token', body: dropUndefined(body), authenticated: false, idempotent: false, options,
    });
    const expiry = tokenExpiry(res, obtainedAt);
    // Keep the non-enumerable `lastResponse` that send() put on the response object.
    return Object.assign(res, { expiresAt: expiry.expiresAt, expiry });
  }
}

function testToken(v: boolean | undefined): string | undefined {
  return v ? 'true' : undefined;
}

/** `/oauth/token` rejects unknown or empty parameters: send only what was given. */
function dropUndefined(o: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
