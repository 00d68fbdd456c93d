// The one way tests talk to a sandbox: over HTTP, as a user's integration would. `http(sb, token?)` gives a
// caller taking (method, path, body?, headers?); `seller()` makes an account through the control plane
// (`POST /__sandbox/accounts`) and, on request, a store and POS through MP's own endpoints; `notifications()`
// reads what was sent from the delivery log (`GET /__sandbox/webhooks`). Nothing here touches `sb.state`.
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/index.ts';
import type { SandboxOptions } from '../src/options.ts';
import type { AccountView, AppView, CreateAccountInput, SellerCredentials } from '../src/control/accounts.ts';
import type { DeliveryView } from '../src/notifications/deliveries.ts';
import type { StatsView } from '../src/control/stats.ts';
import { SITES, type SiteId } from '../src/sites.ts';

export const API = 'https://api.mercadopago.com';

/** A response: status, parsed JSON body (the raw text when it is not JSON; undefined when empty), text, headers. */
export interface Res<T = any> { status: number; body: T; text: string; headers: Headers }

/**
 * One request. `body`: an object/array/number is sent as JSON; a string is sent as is (with a JSON
 * content type, so malformed JSON can be tested); `URLSearchParams` as a form. `headers` win over defaults.
 */
export type Call = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Res<T>>;

export async function request<T = any>(sb: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
  const h: Record<string, string> = {};
  let payload: string | URLSearchParams | undefined;
  if (body instanceof URLSearchParams) payload = body;
  else if (body !== undefined) {
    h['content-type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const url = /^https?:\/\//.test(path) ? path : `${API}${path}`;
  const res = await sb.fetch(url, { method, headers: { ...h, ...headers }, body: payload });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}

/** A caller bound to a sandbox and, optionally, a bearer token. */
export function http(sb: Sandbox, token?: string): Call {
  return (method, path, body, headers = {}) =>
    request(sb, method, path, body, token ? { authorization: `Bearer ${token}`, ...headers } : headers);
}

/** The body of a 2xx, or a failed assertion showing what came back. */
export async function ok<T = any>(p: Promise<Res<T>>): Promise<T> {
  const r = await p;
  assert.ok(r.status >= 200 && r.status < 300, `expected 2xx, got ${r.status}: ${r.text}`);
  return r.body;
}

/** The in-process receiver deliveries go to by default: answers 200, never touches the network. */
export const answer200 = async (): Promise<Response> => new Response('ok', { status: 200 });

/** A sandbox whose webhook deliveries stay in the process (override with `webhookFetch`). */
export function sandbox(seed: string, opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ seed, webhookFetch: answer200, ...opts });
}

/** What `POST /__sandbox/accounts` takes (control/accounts.ts); `site_id` defaults to MLA here. */
export type AccountInput = Partial<CreateAccountInput>;

export interface Pos { id: number; external_id: string; body: any }

export interface Seller {
  id: number;
  site_id: SiteId;
  /** The control plane's view of the account (credentials included). */
  account: AccountView;
  token: string;
  clientId: string;
  call: Call;
  /** Present when created with `store: true` (or `pos > 0`). */
  store?: { id: number; external_id: string };
  pos: Pos[];
}

export interface SellerOptions extends AccountInput {
  /** Create a store through `POST /users/{id}/stores` (implied by `pos`). */
  store?: boolean;
  /** How many POS to create in that store (`POST /pos`, fixed_amount). Default 0. */
  pos?: number;
}

let n = 0;

/** A new account through the control plane, with a store and POS made over MP's endpoints when asked. */
export async function seller(sb: Sandbox, opts: SellerOptions = {}): Promise<Seller> {
  const { store: wantStore, pos: posCount = 0, ...input } = opts;
  const account = await ok<AccountView>(request(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', ...input }));
  const call = http(sb, account.access_token!);
  const s: Seller = {
    id: account.user_id, site_id: account.site_id, account, token: account.access_token!, clientId: account.client_id!, call, pos: [],
  };
  if (!wantStore && posCount === 0) return s;
  n += 1;
  const ext = `STORE${n}`;
  const [minLat, maxLat, minLng, maxLng] = SITES[s.site_id].bounds;
  const store = await ok(call('POST', `/users/${s.id}/stores`, {
    name: 'Sucursal', external_id: ext,
    location: {
      street_name: 'Calle', street_number: '123', city_name: 'Ciudad', state_name: 'Estado',
      latitude: (minLat + maxLat) / 2, longitude: (minLng + maxLng) / 2,
    },
  }));
  s.store = { id: Number(store.id), external_id: ext };
  for (let i = 1; i <= posCount; i++) {
    const body = await ok(call('POST', '/pos', { name: `Caja ${i}`, fixed_amount: true, external_store_id: ext, external_id: `${ext}POS${i}` }));
    s.pos.push({ id: body.id, external_id: `${ext}POS${i}`, body });
  }
  return s;
}

/** An account through `POST /__sandbox/accounts` (credentials included), without a store or POS. */
export function createAccount(sb: Sandbox, input: AccountInput = {}): Promise<SellerCredentials> {
  return ok<SellerCredentials>(request(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', ...input }));
}

/** The control plane's view of an account (`GET /__sandbox/accounts/{id}`): status, password, balance, apps… */
export function getAccount(sb: Sandbox, id: number): Promise<AccountView> {
  return ok<AccountView>(request(sb, 'GET', `/__sandbox/accounts/${id}`));
}

/** Every live account (`GET /__sandbox/accounts`). */
export function listAccounts(sb: Sandbox): Promise<AccountView[]> {
  return ok<AccountView[]>(request(sb, 'GET', '/__sandbox/accounts'));
}

/** A further app of an account (e.g. an integrator's OAuth app), through `POST /__sandbox/apps`. */
export function app(sb: Sandbox, input: { owner_id: number; name?: string; redirect_uris?: string[]; pkce?: boolean; webhook_url?: string; webhook_topics?: string[] }): Promise<AppView> {
  return ok<AppView>(request(sb, 'POST', '/__sandbox/apps', input));
}

/** Filters of the delivery log (`GET /__sandbox/webhooks?…`). */
export interface DeliveryQuery { status?: string; topic?: string; resource_id?: string; user_id?: number | string; kind?: 'webhook' | 'ipn' }

/**
 * Everything sent so far, oldest first, once queued sends have settled (`POST /__sandbox/webhooks/idle`).
 * Only events with a receiver are logged: give the seller a `webhook_url`, or the order a `notification_url`.
 */
export async function notifications(sb: Sandbox, filter: DeliveryQuery = {}): Promise<DeliveryView[]> {
  await ok(request(sb, 'POST', '/__sandbox/webhooks/idle'));
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  const r = await ok<{ results: DeliveryView[] }>(request(sb, 'GET', `/__sandbox/webhooks${q.size ? `?${q}` : ''}`));
  return r.results.reverse();
}

/** `"<action> <resource_id>"` per delivery of a topic, oldest first: a compact thing to compare. */
export async function events(sb: Sandbox, topic: string, filter: Omit<DeliveryQuery, 'topic'> = {}): Promise<string[]> {
  return (await notifications(sb, { ...filter, topic })).map((d) => `${d.action} ${d.resource_id}`);
}

/** Advance the virtual clock (`POST /__sandbox/clock/advance`) by `"15m"`-style durations or ms. */
export function advance(sb: Sandbox, by: string | number): Promise<unknown> {
  return ok(request(sb, 'POST', '/__sandbox/clock/advance', typeof by === 'number' ? { ms: by } : { duration: by }));
}

/** The Orders error code, or the classic `error`, of a response. */
export function code(r: Res): string | undefined {
  return r.body?.errors?.[0]?.code ?? r.body?.error;
}

/** The scriptable buyer (`POST /__sandbox/pay`): scan what `input` names and pay with a test card. */
export function pay(sb: Sandbox, input: { scan_id?: string; qr_data?: string; pos_id?: number; user_id?: number; external_pos_id?: string; buyer_id?: number; card?: string; payment_method_id?: string; installments?: number }): Promise<Res> {
  return request(sb, 'POST', '/__sandbox/pay', input);
}

/** Counts of everything stored (`GET /__sandbox/stats`): the way to show a rejected request stored nothing. */
export function stats(sb: Sandbox): Promise<StatsView> {
  return ok<StatsView>(request(sb, 'GET', '/__sandbox/stats'));
}

/** An OAuth access token of `userId` for `app`, the way an integrator gets one: consent (`POST
 *  /__sandbox/authorize`) then `POST /oauth/token` with the code. An app without a Redirect URL gets one first. */
export async function oauthToken(sb: Sandbox, app: { client_id: string; client_secret: string; redirect_uris?: string[] }, userId: number): Promise<string> {
  let redirect = app.redirect_uris?.[0];
  if (!redirect) {
    redirect = 'https://integrator.example/callback';
    await ok(request(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, { redirect_uris: [redirect] }));
  }
  const { code } = await ok(request(sb, 'POST', '/__sandbox/authorize', { client_id: app.client_id, user_id: userId, redirect_uri: redirect }));
  const token = await ok(request(sb, 'POST', '/oauth/token', {
    grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: redirect,
  }));
  return token.access_token;
}

/** Send a notification as the sandbox would for a real event (`POST /__sandbox/webhooks/emit`); resolves
 *  with the ids of the deliveries it queued. */
export async function emit(sb: Sandbox, event: {
  topic: 'order' | 'payment' | 'merchant_order' | 'mp-connect'; action: string; user_id: number; client_id?: string; resource_id: string;
  notification_url?: string; live_mode?: boolean; data?: Record<string, unknown>; extra?: Record<string, unknown>;
}): Promise<string[]> {
  return (await ok<{ deliveries: string[] }>(request(sb, 'POST', '/__sandbox/webhooks/emit', event))).deliveries;
}

/** An account through the control plane, as the account (`id` = `user_id`) and its own app. */
export async function accountWithApp(sb: Sandbox, input: AccountInput = {}): Promise<{ account: SellerCredentials & { id: number }; app: AppView }> {
  const a = await createAccount(sb, input);
  return { account: { ...a, id: a.user_id }, app: a.apps[0] };
}
