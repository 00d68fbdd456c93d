// Creating accounts, apps and tokens: used by the control plane, by test users and by OAuth.
import type { SandboxState } from '../state.ts';
import type { AccessToken, Account, App } from '../model.ts';
import type { SiteId } from '../sites.ts';

/** Access tokens last 180 days (spec §2.2: expires_in 15552000). */
export const ACCESS_TOKEN_TTL_S = 15_552_000;

const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Facundo', 'Gabriela', 'Hernan', 'Ines', 'Joaquin'];
const LAST = ['Gomez', 'Silva', 'Rodriguez', 'Fernandez', 'Lopez', 'Martinez', 'Perez', 'Sosa', 'Romero', 'Alvarez'];

export interface NewAccount {
  site_id: SiteId;
  kind?: Account['kind'];
  parentId?: number;
  description?: string;
  nickname?: string;
  email?: string;
  password?: string;
}

export function createAccount(state: SandboxState, a: NewAccount): Account {
  const { rng } = state;
  const kind = a.kind ?? 'production';
  const id = state.numericId(kind === 'test' ? 10 : 9, state.accounts);
  const now = state.now();
  const account: Account = {
    id,
    nickname: a.nickname ?? (kind === 'test' ? `TESTUSER${id}` : `SELLER${id}`),
    email: a.email ?? (kind === 'test' ? `test_user_${id}@testuser.com` : `seller${id}@example.com`),
    password: a.password ?? rng.token(10),
    site_id: a.site_id,
    first_name: FIRST[rng.int(0, FIRST.length - 1)],
    last_name: LAST[rng.int(0, LAST.length - 1)],
    kind,
    parentId: a.parentId,
    description: a.description,
    created: now,
    lastActivity: now,
    status: 'active',
  };
  state.accounts.set(id, account);
  return account;
}

export interface NewApp {
  ownerId: number;
  name?: string;
  redirect_uris?: string[];
  pkce?: boolean;
  webhook_url?: string;
  webhook_topics?: string[];
}

export function createApp(state: SandboxState, a: NewApp): App {
  const { rng } = state;
  let clientId: string;
  do clientId = rng.digits(16); while (state.apps.has(clientId));
  const app: App = {
    client_id: clientId,
    client_secret: rng.token(32),
    ownerId: a.ownerId,
    name: a.name ?? `app-${clientId.slice(-4)}`,
    redirect_uris: a.redirect_uris ?? ['http://localhost:3000/oauth/callback'],
    pkce: a.pkce ?? false,
    webhook_url: a.webhook_url,
    webhook_secret: rng.hex(64),
    webhook_topics: a.webhook_topics,
    public_key: `APP_USR-${rng.uuid()}`,
    created: state.now(),
  };
  state.apps.set(clientId, app);
  return app;
}

/** `APP_USR-<client_id>-<6 digits>-<32 hex>-<user_id>` (spec §12.5): the last segment is the user id. */
export function issueAccessToken(
  state: SandboxState,
  t: { userId: number; clientId: string; grant: AccessToken['grant']; scope?: string; ttlMs?: number; test?: boolean; refresh_token?: string },
): AccessToken {
  const { rng } = state;
  const now = state.now();
  const prefix = t.test ? 'TEST' : 'APP_USR';
  const token: AccessToken = {
    access_token: `${prefix}-${t.clientId}-${rng.digits(6)}-${rng.hex(32)}-${t.userId}`,
    userId: t.userId,
    clientId: t.clientId,
    grant: t.grant,
    scope: t.scope ?? 'read write offline_access',
    created: now,
    expiresAt: now + (t.ttlMs ?? ACCESS_TOKEN_TTL_S * 1000),
    revoked: false,
    refresh_token: t.refresh_token,
    test: t.test ?? false,
  };
  state.tokens.set(token.access_token, token);
  return token;
}

/** `TG-<hex>-<user_id>`: the shape of codes and refresh tokens. */
export function tgToken(state: SandboxState, userId: number): string {
  return `TG-${state.rng.hex(24)}-${userId}`;
}

export interface Bootstrap {
  account: Account;
  app: App;
  token: AccessToken;
}

/** A seller (production-like or test) with its own app and a 180-day token for that app: what tests start from. */
export function bootstrapSeller(state: SandboxState, a: NewAccount & Omit<NewApp, 'ownerId'>): Bootstrap {
  const account = createAccount(state, a);
  const app = createApp(state, { ...a, ownerId: account.id });
  const token = issueAccessToken(state, { userId: account.id, clientId: app.client_id, grant: 'bootstrap' });
  return { account, app, token };
}
