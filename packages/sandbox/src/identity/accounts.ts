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

/** Test users' passwords look like MP's (`qatest` + digits). */
export function testUserPassword(state: SandboxState): string {
  return `qatest${state.rng.digits(4)}`;
}

/**
 * Marks a test user idle past `testUserIdleDays` as expired (the same rule `resolveToken` applies on use),
 * without counting the look as activity. Returns the account's current status.
 */
export function refreshTestUserStatus(state: SandboxState, account: Account): Account['status'] {
  if (account.kind === 'test' && account.status === 'active' &&
      state.now() - account.lastActivity > state.opts.testUserIdleDays * 86400_000) {
    account.status = 'expired';
    state.accounts.touch(account.id); // often reached by iteration (table.ts)
  }
  return account.status;
}

/** Test users of a production account that still count toward its limit (active, not idle-expired). */
export function activeTestUsers(state: SandboxState, parentId: number): Account[] {
  const out: Account[] = [];
  for (const a of state.accounts.values()) {
    if (a.kind === 'test' && a.parentId === parentId && refreshTestUserStatus(state, a) === 'active') out.push(a);
  }
  return out;
}

/** A sign-in name: email or nickname, case-insensitive. */
export function findAccountByLogin(state: SandboxState, login: string): Account | undefined {
  const l = login.trim().toLowerCase();
  if (!l) return undefined;
  for (const a of state.accounts.values()) {
    if (a.email.toLowerCase() === l || a.nickname.toLowerCase() === l) return a;
  }
  return undefined;
}

/** The account's own app: the first one created for it (its "production credentials"). */
export function primaryApp(state: SandboxState, ownerId: number): App | undefined {
  for (const app of state.apps.values()) if (app.ownerId === ownerId) return app;
  return undefined;
}

export function appsOf(state: SandboxState, ownerId: number): App[] {
  return [...state.apps.values()].filter((a) => a.ownerId === ownerId);
}

/** The newest panel-style (`bootstrap`) token of `userId` for `clientId`, live or not. */
export function panelToken(state: SandboxState, userId: number, clientId: string): AccessToken | undefined {
  let found: AccessToken | undefined;
  for (const t of state.tokens.values()) {
    if (t.userId === userId && t.clientId === clientId && t.grant === 'bootstrap' && !t.test) found = t;
  }
  return found;
}

/** A test user as MP creates it: its own app and production-style (`APP_USR`) credentials. */
export function createTestUser(state: SandboxState, parent: Account, a: { site_id: SiteId; description?: string }): Bootstrap {
  return bootstrapSeller(state, {
    site_id: a.site_id,
    kind: 'test',
    parentId: parent.id,
    description: a.description,
    password: testUserPassword(state),
  });
}
