// Typed control of accounts, apps and OAuth links: the in-process twin of `/__sandbox/accounts` and
// `/__sandbox/apps`. Inputs are validated here (the HTTP routes pass their JSON straight in), so both
// planes reject the same things with the same 400s. Secrets ARE returned: this is a test tool.
import type { SandboxState } from '../state.ts';
import type { Account, App } from '../model.ts';
import { classicError, type MpError } from '../errors.ts';
import { SITE_IDS, isSiteId } from '../sites.ts';
import { formatAmountNumber } from '../money.ts';
import {
  classicFail, classicFieldError, isHttpUrl, objectInput, optBool as optBoolOf, optString as optStringOf, optUrl as optUrlOf, rejectUnknownFields,
} from '../kit/validation.ts';
import {
  appsOf, bootstrapSeller, createApp as newApp, findAccountByLogin, issueAccessToken, panelToken, primaryApp,
  refreshTestUserStatus,
} from '../identity/accounts.ts';
import { grantConsent, grantsOf, invalidateOAuthTokens, unlinkApp, validateAuthorize } from '../identity/oauth.ts';

export type { AccountView, AppView, AuthorizeInput, CreateAccountInput, CreateAppInput, SellerCredentials, UpdateAppInput } from './account-views.ts';
import type { AccountView, AppView, AuthorizeInput, CreateAccountInput, CreateAppInput, SellerCredentials, UpdateAppInput } from './account-views.ts';

const bad = classicFieldError;
const fail = classicFail();
const notFound = (what: string): MpError => classicError(404, 'not_found', `${what} not found.`);

// The kit's readers in the control plane's classic shape: a non-empty string of at most `max` characters.
const optString = (o: Record<string, unknown>, f: string, max = 255): string | undefined => optStringOf(o, f, fail, { nonEmpty: true, max });
const optBool = (o: Record<string, unknown>, f: string): boolean | undefined => optBoolOf(o, f, fail);
const optUrl = (o: Record<string, unknown>, f: string): string | undefined => optUrlOf(o, f, fail);

function optUrls(o: Record<string, unknown>, f: string): string[] | undefined {
  const v = o[f];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every(isHttpUrl)) throw bad(f, 'must be a non-empty array of absolute http(s) URLs');
  return [...new Set(v as string[])];
}

function optTopics(o: Record<string, unknown>, f: string): string[] | undefined {
  const v = o[f];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((t) => typeof t === 'string' && t !== '')) throw bad(f, 'must be an array of topic names');
  return v as string[];
}

function userId(v: unknown, f: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw bad(f, 'must be a user id (positive integer)');
  return n;
}

export function accountsControl(state: SandboxState) {
  const time = (ms: number) => state.utcTime(ms);

  const account = (id: unknown): Account => {
    const a = state.accounts.get(userId(id, 'user_id'));
    if (!a || a.status === 'deleted') throw notFound(`Account ${String(id)}`);
    return a;
  };

  const app = (clientId: unknown): App => {
    const a = typeof clientId === 'string' || typeof clientId === 'number' ? state.apps.get(String(clientId)) : undefined;
    if (!a) throw notFound(`Application ${String(clientId)}`);
    return a;
  };

  const appView = (a: App): AppView => ({
    client_id: a.client_id,
    client_secret: a.client_secret,
    name: a.name,
    owner_id: a.ownerId,
    redirect_uris: [...a.redirect_uris],
    pkce: a.pkce,
    webhook_url: a.webhook_url ?? null,
    webhook_topics: a.webhook_topics ? [...a.webhook_topics] : null,
    webhook_secret: a.webhook_secret,
    public_key: a.public_key,
    access_token: panelToken(state, a.ownerId, a.client_id)?.access_token ?? null,
    date_created: time(a.created),
  });

  const view = (a: Account): AccountView => {
    refreshTestUserStatus(state, a);
    const own = primaryApp(state, a.id);
    return {
      user_id: a.id,
      site_id: a.site_id,
      nickname: a.nickname,
      email: a.email,
      password: a.password,
      kind: a.kind,
      status: a.status,
      parent_id: a.parentId ?? null,
      description: a.description ?? null,
      account_money: formatAmountNumber(a.account_money ?? 0, state.site(a.site_id)),
      first_name: a.first_name,
      last_name: a.last_name,
      access_token: own ? panelToken(state, a.id, own.client_id)?.access_token ?? null : null,
      public_key: own?.public_key ?? null,
      client_id: own?.client_id ?? null,
      client_secret: own?.client_secret ?? null,
      webhook_secret: own?.webhook_secret ?? null,
      webhook_url: own?.webhook_url ?? null,
      redirect_uris: own ? [...own.redirect_uris] : [],
      pkce: own?.pkce ?? false,
      apps: appsOf(state, a.id).map(appView),
      linked_apps: grantsOf(state, a.id).map((g) => ({ client_id: g.clientId, scope: g.scope, date_created: time(g.created) })),
      test_user_ids: [...state.accounts.values()].filter((t) => t.kind === 'test' && t.parentId === a.id).map((t) => t.id),
      date_created: time(a.created),
    };
  };

  const accounts = {
    /** A seller with its own app and a 180-day panel token (`APP_USR-…-<user_id>`). */
    create(input: CreateAccountInput): SellerCredentials {
      const o = objectInput(input);
      rejectUnknownFields(o, ['site_id', 'kind', 'nickname', 'email', 'password', 'parent_id', 'description', 'name',
        'webhook_url', 'webhook_topics', 'redirect_uris', 'pkce'], 'an account');
      if (o.site_id === undefined) throw bad('site_id', 'is required');
      if (!isSiteId(o.site_id)) throw bad('site_id', `must be one of ${SITE_IDS.join(', ')}`);
      const kind = o.kind ?? 'production';
      if (kind !== 'production' && kind !== 'test') throw bad('kind', 'must be "production" or "test"');
      const nickname = optString(o, 'nickname', 64);
      const email = optString(o, 'email');
      if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw bad('email', 'must be an e-mail address');
      for (const login of [nickname, email]) {
        if (login !== undefined && findAccountByLogin(state, login)) throw classicError(400, 'bad_request', `${login} is already taken by another account.`);
      }
      const password = optString(o, 'password', 128);
      let parentId: number | undefined;
      if (o.parent_id !== undefined) {
        if (kind !== 'test') throw bad('parent_id', 'is only allowed with kind "test"');
        parentId = userId(o.parent_id, 'parent_id');
        const parent = state.accounts.get(parentId);
        if (!parent || parent.kind !== 'production') throw bad('parent_id', 'must be an existing production account');
      }
      const seller = bootstrapSeller(state, {
        site_id: o.site_id, kind, nickname, email, password, parentId,
        description: optString(o, 'description'),
        name: optString(o, 'name', 100),
        webhook_url: optUrl(o, 'webhook_url'),
        webhook_topics: optTopics(o, 'webhook_topics'),
        redirect_uris: optUrls(o, 'redirect_uris'),
        pkce: optBool(o, 'pkce'),
      });
      return view(seller.account) as SellerCredentials;
    },

    get(id: number): AccountView {
      return view(account(id));
    },

    list(): AccountView[] {
      return [...state.accounts.values()].filter((a) => a.status !== 'deleted').map(view);
    },

    /** The seller unlinks an app it authorized: its tokens die (401) and `mp-connect` is emitted. */
    revokeApp(userIdInput: number, clientId: string): { user_id: number; client_id: string; revoked_access_tokens: number; revoked_refresh_tokens: number } {
      const a = account(userIdInput);
      if (typeof clientId !== 'string' || clientId === '') throw bad('client_id', 'is required');
      app(clientId);
      const n = unlinkApp(state, a, clientId);
      return { user_id: a.id, client_id: clientId, revoked_access_tokens: n.access_tokens, revoked_refresh_tokens: n.refresh_tokens };
    },

    /** Password change: every OAuth token of the account dies. Without `password`, one is generated. */
    changePassword(userIdInput: number, password?: string): { user_id: number; password: string; revoked_access_tokens: number; revoked_refresh_tokens: number } {
      const a = account(userIdInput);
      const p = optString({ password }, 'password', 128);
      a.password = p ?? state.rng.token(10);
      const n = invalidateOAuthTokens(state, a.id);
      return { user_id: a.id, password: a.password, revoked_access_tokens: n.access_tokens, revoked_refresh_tokens: n.refresh_tokens };
    },

    /** Consent on behalf of a seller without the page (no password): returns the code and the redirect. */
    authorize(input: AuthorizeInput): { code: string; redirect_url: string } {
      const o = objectInput(input);
      rejectUnknownFields(o, ['client_id', 'user_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'], 'authorize');
      const redirectUri = optString(o, 'redirect_uri', 2048);
      const st = optString(o, 'state', 2048);
      const challenge = optString(o, 'code_challenge', 256);
      const method = optString(o, 'code_challenge_method', 16);
      const user = account(o.user_id);
      if (refreshTestUserStatus(state, user) !== 'active') throw classicError(400, 'bad_request', `Account ${user.id} is not active (${user.status}).`);
      const a = app(o.client_id);
      const v = validateAuthorize(state, {
        client_id: a.client_id,
        response_type: 'code',
        redirect_uri: redirectUri ?? a.redirect_uris[0],
        state: st,
        code_challenge: challenge,
        code_challenge_method: method,
      });
      if ('error' in v) throw classicError(400, v.error, v.message);
      return grantConsent(state, v, user);
    },

    /** A fresh 180-day panel token for an account's app (default: its own), e.g. after the old one expired. */
    issueToken(userIdInput: number, clientId?: string): { access_token: string; user_id: number; client_id: string; expires_in: number } {
      const a = account(userIdInput);
      if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) throw bad('client_id', 'must be a non-empty string');
      const target = clientId === undefined ? primaryApp(state, a.id) : app(clientId);
      if (!target || target.ownerId !== a.id) throw bad('client_id', `must be an app owned by account ${a.id}`);
      const t = issueAccessToken(state, { userId: a.id, clientId: target.client_id, grant: 'bootstrap' });
      return { access_token: t.access_token, user_id: a.id, client_id: target.client_id, expires_in: Math.round((t.expiresAt - t.created) / 1000) };
    },
  };

  const apps = {
    /** A further app of an existing account (e.g. the integrator app sellers connect to by OAuth). */
    create(input: CreateAppInput): AppView {
      const o = objectInput(input);
      rejectUnknownFields(o, ['owner_id', 'name', 'redirect_uris', 'pkce', 'webhook_url', 'webhook_topics'], 'an app');
      if (o.owner_id === undefined) throw bad('owner_id', 'is required');
      const owner = account(o.owner_id);
      const a = newApp(state, {
        ownerId: owner.id,
        name: optString(o, 'name', 100),
        redirect_uris: optUrls(o, 'redirect_uris'),
        pkce: optBool(o, 'pkce'),
        webhook_url: optUrl(o, 'webhook_url'),
        webhook_topics: optTopics(o, 'webhook_topics'),
      });
      issueAccessToken(state, { userId: owner.id, clientId: a.client_id, grant: 'bootstrap' });
      return appView(a);
    },

    get(clientId: string): AppView {
      return appView(app(clientId));
    },

    update(clientId: string, patch: UpdateAppInput): AppView {
      const a = app(clientId);
      const o = objectInput(patch);
      const known = ['name', 'redirect_uris', 'pkce', 'webhook_url', 'webhook_topics', 'rotate_webhook_secret'];
      for (const k of Object.keys(o)) if (!known.includes(k)) throw bad(k, `is not a field of an app (allowed: ${known.join(', ')})`);
      // Validate everything before changing anything.
      const name = optString(o, 'name', 100);
      const redirect = optUrls(o, 'redirect_uris');
      const pkce = optBool(o, 'pkce');
      const webhook = o.webhook_url === null ? null : optUrl(o, 'webhook_url');
      const topics = o.webhook_topics === null ? null : optTopics(o, 'webhook_topics');
      const rotate = optBool(o, 'rotate_webhook_secret');
      if (name !== undefined) a.name = name;
      if (redirect !== undefined) a.redirect_uris = redirect;
      if (pkce !== undefined) a.pkce = pkce;
      if (webhook !== undefined) a.webhook_url = webhook ?? undefined;
      if (topics !== undefined) a.webhook_topics = topics ?? undefined;
      if (rotate) a.webhook_secret = state.rng.hex(64);
      return appView(a);
    },

  };

  return {
    /** `/__sandbox/accounts/…` and `/__sandbox/authorize`: sellers, test users, their tokens and OAuth links. */
    accounts,
    /** `/__sandbox/apps/…`: an account's apps and their settings. */
    apps,
  };
}
