// Shared by the OAuth tests: an integrator app and a seller to connect, the consent form, and the token call.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Sandbox } from '../src/index.ts';
import { app as newApp, createAccount, listAccounts, notifications, request, sandbox } from './http.ts';

export const DAY = 86400_000;
export const CB = 'https://integrador.example/oauth/callback';
export const INVALID_GRANT = 'Error validating grant. Your authorization code or refresh token may be expired or it was already used.';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const S256 = createHash('sha256').update(VERIFIER).digest('base64url');

/** An integrator (with an OAuth app whose webhook receives `mp-connect`) and a seller to connect; `events()`
 *  reads the app's deliveries from the delivery log. */
export async function setup(seed: string, app: { pkce?: boolean } = {}) {
  const sb = sandbox(seed);
  const integrator = await createAccount(sb, { site_id: 'MLA', nickname: 'INTEGRADOR' });
  const oauthApp = await newApp(sb, {
    owner_id: integrator.user_id, name: 'Cobro POS', redirect_uris: [CB], pkce: app.pkce ?? false, webhook_url: 'https://integrador.example/webhooks',
  });
  const seller = await createAccount(sb, { site_id: 'MLA', nickname: 'KIOSCO_PEPE' });
  const events = () => notifications(sb, { topic: 'mp-connect' });
  return { sb, events, integrator, app: oauthApp, seller };
}

/** How many apps are linked to any account by OAuth (a consent that fails links none). */
export async function linkedApps(sb: Sandbox): Promise<number> {
  return (await listAccounts(sb)).reduce((n, a) => n + a.linked_apps.length, 0);
}

export function authQuery(clientId: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ client_id: clientId, response_type: 'code', platform_id: 'mp', state: 'st-1', redirect_uri: CB, ...extra }).toString();
}

/** Submit the consent form as a browser would (form-encoded); returns the response. */
export function consent(sb: Sandbox, fields: Record<string, string>): Promise<Response> {
  return sb.fetch('https://auth.mercadopago.com/authorization', { method: 'POST', body: new URLSearchParams(fields) });
}

export async function code(sb: Sandbox, clientId: string, login: { email: string; password: string }, extra: Record<string, string> = {}): Promise<string> {
  const res = await consent(sb, {
    client_id: clientId, response_type: 'code', redirect_uri: CB, state: 'st-1', ...extra, email: login.email, password: login.password, decision: 'allow',
  });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location')!).searchParams.get('code')!;
}

export function token(sb: Sandbox, params: Record<string, unknown>) {
  return request(sb, 'POST', '/oauth/token', params);
}
