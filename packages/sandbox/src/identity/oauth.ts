// OAuth as MP runs it (spec §2): seller consent → 10-minute single-use code → 180-day access token plus a
// single-use, rotating refresh token bound to its client_id; client_credentials for the app owner; PKCE per
// app. Grants (a seller linked to an app) live in `state.grants`, so unlinking can emit `mp-connect`.
import type { SandboxState } from '../state.ts';
import type { AccessToken, Account, App, AuthCode, Grant, RefreshToken } from '../model.ts';
import { classicError, type MpError } from '../errors.ts';
import { issueAccessToken, refreshTestUserStatus, tgToken } from './accounts.ts';
import { isValidChallenge, isValidVerifier, parseMethod, verifyPkce, type PkceMethod } from './pkce.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const SCOPES = ['read', 'write', 'offline_access'] as const;
export const DEFAULT_SCOPE = 'read write offline_access';
/** Exact message of MP's `invalid_grant` (spec §2.2). */
export const INVALID_GRANT_MESSAGE =
  'Error validating grant. Your authorization code or refresh token may be expired or it was already used.';

export type { Grant };

const key = (userId: number, clientId: string) => `${userId}:${clientId}`;

export function getGrant(state: SandboxState, userId: number, clientId: string): Grant | undefined {
  return state.grants.get(key(userId, clientId));
}

/** Apps the seller has linked by OAuth. */
export function grantsOf(state: SandboxState, userId: number): Grant[] {
  return [...state.grants.values()].filter((g) => g.userId === userId);
}

// ---------------------------------------------------------------------------------------------------------
// Authorization request (the consent page)

export interface AuthorizeQuery {
  client_id?: string;
  response_type?: string;
  redirect_uri?: string;
  state?: string;
  platform_id?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

export interface ValidAuthorize {
  app: App;
  redirectUri: string;
  state?: string;
  challenge?: { value: string; method: PkceMethod };
}

/**
 * Check an authorization request before anything is shown or any redirect happens. Errors are for the
 * person at the browser (an HTML page), never a redirect to an unvalidated URI.
 */
export function validateAuthorize(state: SandboxState, q: AuthorizeQuery): ValidAuthorize | { error: string; message: string } {
  if (!q.client_id) return { error: 'invalid_request', message: 'client_id is required.' };
  const app = state.apps.get(q.client_id);
  if (!app) return { error: 'invalid_client', message: `Unknown application (client_id ${q.client_id}).` };
  if (!q.redirect_uri) return { error: 'invalid_request', message: 'redirect_uri is required.' };
  if (!app.redirect_uris.includes(q.redirect_uri)) {
    return { error: 'invalid_request', message: 'redirect_uri does not match the Redirect URL configured in the application.' };
  }
  if (q.response_type !== 'code') return { error: 'unsupported_response_type', message: 'response_type must be "code".' };
  let challenge: ValidAuthorize['challenge'];
  // With PKCE off, challenge parameters are ignored (UNCONFIRMED; MP documents PKCE as an app setting).
  if (app.pkce) {
    if (!q.code_challenge || !q.code_challenge_method) {
      return { error: 'invalid_request', message: 'This application requires PKCE: code_challenge and code_challenge_method are required.' };
    }
    const method = parseMethod(q.code_challenge_method);
    if (!method) return { error: 'invalid_request', message: 'code_challenge_method must be S256 or plain.' };
    if (!isValidChallenge(q.code_challenge, method)) return { error: 'invalid_request', message: 'code_challenge is malformed.' };
    challenge = { value: q.code_challenge, method };
  }
  return { app, redirectUri: q.redirect_uri, state: q.state || undefined, challenge };
}

/** `uri` with extra query parameters (keeps any query the registered URI already has). */
export function redirectWith(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** The seller consents: link the app (emitting `mp-connect` when new) and mint a code. */
export function grantConsent(state: SandboxState, v: ValidAuthorize, user: Account): { code: string; redirect_url: string } {
  const grants = state.grants;
  const k = key(user.id, v.app.client_id);
  if (!grants.has(k)) {
    grants.set(k, { userId: user.id, clientId: v.app.client_id, scope: DEFAULT_SCOPE, created: state.now() });
    emitConnect(state, 'application.authorized', user, v.app.client_id);
  }
  const code: AuthCode = {
    code: tgToken(state, user.id),
    clientId: v.app.client_id,
    userId: user.id,
    redirectUri: v.redirectUri,
    scope: DEFAULT_SCOPE,
    expiresAt: state.now() + CODE_TTL_MS,
    used: false,
    codeChallenge: v.challenge?.value,
    codeChallengeMethod: v.challenge?.method,
  };
  state.codes.set(code.code, code);
  return { code: code.code, redirect_url: redirectWith(v.redirectUri, { code: code.code, state: v.state }) };
}

export function denyConsent(v: ValidAuthorize): string {
  return redirectWith(v.redirectUri, { error: 'access_denied', state: v.state });
}

function emitConnect(state: SandboxState, action: string, user: Account, clientId: string): void {
  state.notify({
    topic: 'mp-connect',
    action,
    userId: user.id,
    clientId,
    resourceId: String(user.id),
    liveMode: user.kind === 'production',
  });
}

// ---------------------------------------------------------------------------------------------------------
// POST /oauth/token

/** Parameters MP's token endpoint knows; anything else is `invalid_request` (best-practices page). */
export const TOKEN_PARAMS = new Set([
  'client_id', 'client_secret', 'grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'test_token', 'scope',
]);

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  user_id: number;
  refresh_token?: string;
  public_key: string;
  live_mode: boolean;
}

const oauthError = (error: string, message: string): MpError => classicError(400, error, message);
const invalidGrant = (): MpError => oauthError('invalid_grant', INVALID_GRANT_MESSAGE);

function str(p: Record<string, unknown>, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' && name === 'client_id') return String(v);
  if (typeof v !== 'string') throw oauthError('invalid_request', `${name} must be a string.`);
  return v;
}

function required(p: Record<string, unknown>, name: string): string {
  const v = str(p, name);
  if (v === undefined) throw oauthError('invalid_request', `${name} is required.`);
  return v;
}

function parseScope(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((s) => !(SCOPES as readonly string[]).includes(s))) {
    throw oauthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed. Allowed values: offline_access, write, read.');
  }
  return [...new Set(parts)];
}

/** Keep `requested` inside `granted` (order as MP prints it). */
function narrow(granted: string, requested: string[] | undefined): string {
  if (!requested) return granted;
  const have = granted.split(' ');
  if (requested.some((s) => !have.includes(s))) {
    throw oauthError('unauthorized_client', 'The scopes this application has with the user do not allow creating this token.');
  }
  return SCOPES.filter((s) => requested.includes(s)).join(' ');
}

function testFlag(p: Record<string, unknown>): boolean {
  const v = p.test_token;
  if (v === undefined || v === null || v === '' || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  throw oauthError('invalid_request', 'test_token must be "true" or "false".');
}

/** Run a token request. `p` is the parsed body; errors are thrown in MP's classic shape, status 400. */
export function exchangeToken(state: SandboxState, p: Record<string, unknown>): TokenResponse {
  for (const k of Object.keys(p)) {
    if (!TOKEN_PARAMS.has(k)) throw oauthError('invalid_request', `Unsupported parameter: ${k}.`);
  }
  const grantType = required(p, 'grant_type');
  const clientId = required(p, 'client_id');
  const clientSecret = required(p, 'client_secret');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    throw oauthError('unsupported_grant_type', 'Allowed values for grant_type are authorization_code, refresh_token and client_credentials.');
  }
  const app = state.apps.get(clientId);
  if (!app || app.client_secret !== clientSecret) {
    throw oauthError('invalid_client', 'The provided client_id and/or client_secret of your app is invalid.');
  }
  const scope = parseScope(str(p, 'scope'));
  const test = testFlag(p);

  if (grantType === 'client_credentials') {
    const owner = liveAccount(state, app.ownerId);
    if (!owner) throw oauthError('invalid_client', 'The owner of this application is not an active account.');
    const token = issueAccessToken(state, {
      userId: owner.id, clientId, grant: 'client_credentials', scope: narrow('read write', scope),
      ttlMs: state.opts.clientCredentialsTtlMs, test,
    });
    return respond(app, token);
  }

  if (grantType === 'authorization_code') {
    const code = state.codes.get(required(p, 'code'));
    const redirectUri = required(p, 'redirect_uri');
    const verifier = str(p, 'code_verifier');
    if (!code || code.used || code.expiresAt <= state.now() || code.clientId !== clientId || code.redirectUri !== redirectUri) {
      throw invalidGrant();
    }
    if (!getGrant(state, code.userId, clientId) || !liveAccount(state, code.userId)) throw invalidGrant();
    // A code minted without a challenge (PKCE off) ignores any code_verifier sent (UNCONFIRMED; RFC 7636 §4.5 servers do the same).
    if (code.codeChallenge && code.codeChallengeMethod) {
      if (verifier === undefined) throw oauthError('invalid_request', 'code_verifier is required: this application uses PKCE.');
      if (!isValidVerifier(verifier)) throw oauthError('invalid_request', 'code_verifier must be 43 to 128 characters of [A-Z a-z 0-9 - . _ ~].');
      if (!verifyPkce(verifier, code.codeChallenge, code.codeChallengeMethod)) throw invalidGrant();
    }
    const tokenScope = narrow(code.scope, scope);
    code.used = true;
    return respond(app, issuePair(state, code.userId, clientId, 'authorization_code', tokenScope, test));
  }

  // refresh_token
  const rt = state.refreshTokens.get(required(p, 'refresh_token'));
  if (!rt || rt.used || rt.revoked || rt.clientId !== clientId || rt.created + state.opts.refreshTokenTtlMs <= state.now()) {
    throw invalidGrant();
  }
  if (!getGrant(state, rt.userId, clientId) || !liveAccount(state, rt.userId)) throw invalidGrant();
  const tokenScope = narrow(rt.scope, scope);
  rt.used = true;
  return respond(app, issuePair(state, rt.userId, clientId, 'refresh_token', tokenScope, test || !!rt.test));
}

function liveAccount(state: SandboxState, userId: number): Account | undefined {
  const a = state.accounts.get(userId);
  return a && refreshTestUserStatus(state, a) === 'active' ? a : undefined;
}

/** An access token and, when the scope has `offline_access`, its refresh token. */
function issuePair(state: SandboxState, userId: number, clientId: string, grant: AccessToken['grant'], scope: string, test: boolean): AccessToken {
  let refresh: RefreshToken | undefined;
  if (scope.split(' ').includes('offline_access')) {
    refresh = {
      refresh_token: tgToken(state, userId), userId, clientId, scope, created: state.now(), used: false, revoked: false, test,
    };
    state.refreshTokens.set(refresh.refresh_token, refresh);
  }
  return issueAccessToken(state, { userId, clientId, grant, scope, test, refresh_token: refresh?.refresh_token });
}

function respond(app: App, t: AccessToken): TokenResponse {
  return {
    access_token: t.access_token,
    token_type: 'bearer',
    expires_in: Math.round((t.expiresAt - t.created) / 1000),
    scope: t.scope,
    user_id: t.userId,
    ...(t.refresh_token ? { refresh_token: t.refresh_token } : {}),
    public_key: t.test ? app.public_key.replace(/^APP_USR-/, 'TEST-') : app.public_key,
    live_mode: !t.test,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Invalidation (spec §2.2 "Token invalidation events")

const OAUTH_GRANTS: AccessToken['grant'][] = ['authorization_code', 'refresh_token'];

function killOAuth(state: SandboxState, match: (userId: number, clientId: string) => boolean): { access_tokens: number; refresh_tokens: number } {
  let access = 0, refresh = 0;
  // Found by iteration: each change is marked for persistence (table.ts).
  for (const t of state.tokens.values()) {
    if (!t.revoked && OAUTH_GRANTS.includes(t.grant) && match(t.userId, t.clientId)) { t.revoked = true; state.tokens.touch(t.access_token); access++; }
  }
  for (const r of state.refreshTokens.values()) {
    if (!r.revoked && !r.used && match(r.userId, r.clientId)) { r.revoked = true; state.refreshTokens.touch(r.refresh_token); refresh++; }
  }
  for (const c of state.codes.values()) if (!c.used && match(c.userId, c.clientId)) { c.used = true; state.codes.touch(c.code); }
  return { access_tokens: access, refresh_tokens: refresh };
}

/** The seller unlinks the app: its OAuth tokens, refresh tokens and codes die; `mp-connect` is emitted. */
export function unlinkApp(state: SandboxState, user: Account, clientId: string): { access_tokens: number; refresh_tokens: number } {
  const grants = state.grants;
  const k = key(user.id, clientId);
  if (!grants.has(k)) throw classicError(404, 'not_found', `Account ${user.id} has not authorized application ${clientId}.`);
  grants.delete(k);
  const n = killOAuth(state, (u, c) => u === user.id && c === clientId);
  emitConnect(state, 'application.deauthorized', user, clientId);
  return n;
}

/** Password change: every OAuth token of the account dies; the links themselves stay. */
export function invalidateOAuthTokens(state: SandboxState, userId: number): { access_tokens: number; refresh_tokens: number } {
  return killOAuth(state, (u) => u === userId);
}
