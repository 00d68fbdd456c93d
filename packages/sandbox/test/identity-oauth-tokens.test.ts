// OAuth tokens after the exchange (spec §2.2): refresh rotation, scopes, lifetimes, client_credentials,
// test tokens, unlinking and password changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { advance, app as newApp, createAccount, getAccount, http, request } from './http.ts';

type Json = Record<string, any>;
import { CB, DAY, INVALID_GRANT, code, consent, setup, token } from './identity-oauth-helpers.ts';

test('refresh tokens rotate, are single use and bound to their client', async () => {
  const { sb, app, seller, integrator } = await setup('oa-refresh');
  const c = await code(sb, app.client_id, seller);
  const first = (await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB })).body;
  const refresh = { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'refresh_token' };

  const foreign = await token(sb, { ...refresh, client_id: integrator.client_id, client_secret: integrator.client_secret, refresh_token: first.refresh_token });
  assert.equal(foreign.body.error, 'invalid_grant');

  await advance(sb, 150 * DAY);
  const second = await token(sb, { ...refresh, refresh_token: first.refresh_token });
  assert.equal(second.status, 200);
  assert.notEqual(second.body.access_token, first.access_token);
  assert.notEqual(second.body.refresh_token, first.refresh_token);
  assert.equal(second.body.user_id, seller.user_id);
  assert.equal(second.body.expires_in, 15552000);
  const reuse = await token(sb, { ...refresh, refresh_token: first.refresh_token });
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error, 'invalid_grant');
  assert.equal(reuse.body.message, INVALID_GRANT);

  // The new token lives 180 days from the refresh; the old one keeps its own expiry.
  await advance(sb, 30 * DAY);
  assert.equal((await http(sb, first.access_token)('GET', '/users/me')).status, 401);
  assert.equal((await http(sb, second.body.access_token)('GET', '/users/me')).body.id, seller.user_id);
  const third = await token(sb, { ...refresh, refresh_token: second.body.refresh_token });
  assert.equal(third.status, 200);
});

test('narrower scope: no offline_access means no refresh token; widening on refresh is unauthorized_client', async () => {
  const { sb, app, seller } = await setup('oa-scope');
  const base = { client_id: app.client_id, client_secret: app.client_secret };
  const short = await token(sb, { ...base, grant_type: 'authorization_code', code: await code(sb, app.client_id, seller), redirect_uri: CB, scope: 'read write' });
  assert.equal(short.status, 200);
  assert.equal(short.body.scope, 'read write');
  assert.equal('refresh_token' in short.body, false);

  const offline = await token(sb, { ...base, grant_type: 'authorization_code', code: await code(sb, app.client_id, seller), redirect_uri: CB, scope: 'read offline_access' });
  const wide = await token(sb, { ...base, grant_type: 'refresh_token', refresh_token: offline.body.refresh_token, scope: 'read write offline_access' });
  assert.equal(wide.body.error, 'unauthorized_client');
  const same = await token(sb, { ...base, grant_type: 'refresh_token', refresh_token: offline.body.refresh_token });
  assert.equal(same.body.scope, 'read offline_access');
});

test('OAuth access tokens expire after 180 virtual days; refresh tokens after their own 180 days', async () => {
  const { sb, app, seller } = await setup('oa-expiry');
  const t = (await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: await code(sb, app.client_id, seller), redirect_uri: CB })).body;
  await advance(sb, 180 * DAY - 1);
  assert.equal((await http(sb, t.access_token)('GET', '/users/me')).status, 200);
  await advance(sb, 1);
  const r = await http(sb, t.access_token)('GET', '/users/me');
  assert.equal(r.status, 401);
  assert.equal(r.body.error, 'unauthorized');
  const late = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'refresh_token', refresh_token: t.refresh_token });
  assert.equal(late.body.error, 'invalid_grant');
});

test('client_credentials: a short-lived token for the app owner, no refresh token', async () => {
  const { sb, app, integrator } = await setup('oa-cc');
  const r = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'client_credentials' });
  assert.equal(r.status, 200);
  assert.equal(r.body.user_id, integrator.user_id);
  assert.equal(r.body.expires_in, 6 * 3600);
  assert.equal('refresh_token' in r.body, false);
  assert.equal(r.body.token_type, 'bearer');
  assert.equal((await http(sb, r.body.access_token)('GET', '/users/me')).body.id, integrator.user_id);
  await advance(sb, 6 * 3600_000);
  assert.equal((await http(sb, r.body.access_token)('GET', '/users/me')).status, 401);
  assert.equal((await token(sb, { client_id: app.client_id, client_secret: 'x', grant_type: 'client_credentials' })).body.error, 'invalid_client');
});

test('test_token issues test credentials', async () => {
  const { sb, app, seller } = await setup('oa-test-token');
  const c = await code(sb, app.client_id, seller);
  const r = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB, test_token: 'true' });
  assert.equal(r.status, 200);
  assert.match(r.body.access_token, new RegExp(`^TEST-.*-${seller.user_id}$`));
  assert.equal(r.body.live_mode, false);
  assert.match(r.body.public_key, /^TEST-/);
  const refreshed = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'refresh_token', refresh_token: r.body.refresh_token });
  assert.equal(refreshed.body.live_mode, false);
  const cc = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'client_credentials', test_token: true });
  assert.match(cc.body.access_token, /^TEST-/);
  assert.equal((await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'client_credentials', test_token: 'yes' })).body.error, 'invalid_request');
});

test('the seller unlinks the app: its tokens get 401, refresh fails, mp-connect is emitted', async () => {
  const { sb, app, seller, events } = await setup('oa-revoke');
  const t = (await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: await code(sb, app.client_id, seller), redirect_uri: CB })).body;
  const pending = await code(sb, app.client_id, seller);
  assert.equal((await http(sb, t.access_token)('GET', '/users/me')).status, 200);

  const r = await request(sb, 'POST', `/__sandbox/accounts/${seller.user_id}/revoke`, { client_id: app.client_id });
  assert.equal(r.status, 200);
  assert.equal(r.body.revoked_access_tokens, 1);
  assert.equal((await http(sb, t.access_token)('GET', '/users/me')).status, 401);
  assert.equal((await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'refresh_token', refresh_token: t.refresh_token })).body.error, 'invalid_grant');
  assert.equal((await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: pending, redirect_uri: CB })).body.error, 'invalid_grant');
  assert.deepEqual((await events()).map((e) => e.action), ['application.authorized', 'application.deauthorized']);
  assert.equal((await events())[1].user_id, seller.user_id);
  assert.equal((await events())[1].client_id, app.client_id);
  // The seller's own credentials are untouched; unlinking twice is a 404.
  assert.equal((await http(sb, seller.access_token)('GET', '/users/me')).status, 200);
  assert.equal((await request(sb, 'POST', `/__sandbox/accounts/${seller.user_id}/revoke`, { client_id: app.client_id })).status, 404);
  assert.equal((await request(sb, 'POST', `/__sandbox/accounts/${seller.user_id}/revoke`, {})).status, 400);
  assert.deepEqual((await getAccount(sb, seller.user_id)).linked_apps, []);

  // Linking again works and is announced again.
  await code(sb, app.client_id, seller);
  assert.equal((await events()).at(-1)!.action, 'application.authorized');
});

test('a password change kills every OAuth token of the account, not its panel credentials', async () => {
  const { sb, app, seller } = await setup('oa-password');
  const t = (await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: await code(sb, app.client_id, seller), redirect_uri: CB })).body;
  const r = await request(sb, 'POST', `/__sandbox/accounts/${seller.user_id}/password`, { password: 'nueva-clave-1' });
  assert.equal(r.status, 200);
  assert.equal(r.body.password, 'nueva-clave-1');
  assert.equal((await http(sb, t.access_token)('GET', '/users/me')).status, 401);
  assert.equal((await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'refresh_token', refresh_token: t.refresh_token })).body.error, 'invalid_grant');
  assert.equal((await http(sb, seller.access_token)('GET', '/users/me')).status, 200);
  const old = await consent(sb, { client_id: app.client_id, response_type: 'code', redirect_uri: CB, email: seller.email, password: seller.password });
  assert.equal(old.status, 401);
  assert.ok(await code(sb, app.client_id, { email: seller.email, password: 'nueva-clave-1' }));
});

test('a test seller consents with its email and password; an expired one cannot', async () => {
  const { sb, app, integrator } = await setup('oa-test-user');
  const made = await http(sb, integrator.access_token)('POST', '/users/test_user', { site_id: 'MLA' });
  const c = await code(sb, app.client_id, { email: made.body.email, password: made.body.password });
  const t = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB });
  assert.equal(t.body.user_id, made.body.id);
  assert.ok((await http(sb, t.body.access_token)('GET', '/users/me')).body.tags.includes('test_user'));

  const idle = await http(sb, integrator.access_token)('POST', '/users/test_user', { site_id: 'MLA' });
  await advance(sb, 61 * DAY);
  const res = await consent(sb, { client_id: app.client_id, response_type: 'code', redirect_uri: CB, email: idle.body.email, password: idle.body.password });
  assert.equal(res.status, 401);
  assert.match(await res.text(), /expiró/);
});

test('in-process authorize mints a code without the page', async () => {
  const { sb, app, seller } = await setup('oa-ctl');
  const { code: c, redirect_url } = sb.control.accounts.authorize({ client_id: app.client_id, user_id: seller.user_id, state: 'abc' });
  assert.equal(redirect_url, `${CB}?code=${c}&state=abc`);
  const t = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB });
  assert.equal(t.body.user_id, seller.user_id);
  const r = await request(sb, 'POST', '/__sandbox/authorize', { client_id: app.client_id, user_id: seller.user_id, redirect_uri: 'https://evil.example' });
  assert.equal(r.status, 400);
});

test('link and unlink reach the integrator app webhook as signed mp-connect deliveries', async () => {
  const seen: { url: URL; body: Json; signed: boolean }[] = [];
  const sb = createSandbox({
    seed: 'oa-hook',
    webhookFetch: async (req) => {
      seen.push({ url: new URL(req.url), body: await req.json() as Json, signed: /v1=[0-9a-f]{64}/.test(req.headers.get('x-signature') ?? '') });
      return new Response('ok');
    },
  });
  const integrator = await createAccount(sb, { site_id: 'MLA' });
  const app = await newApp(sb, { owner_id: integrator.user_id, redirect_uris: [CB], webhook_url: 'https://integrador.example/hooks' });
  const seller = await createAccount(sb, { site_id: 'MLA' });
  await code(sb, app.client_id, seller);
  await request(sb, 'POST', `/__sandbox/accounts/${seller.user_id}/revoke`, { client_id: app.client_id });
  await request(sb, 'POST', '/__sandbox/webhooks/idle');
  assert.deepEqual(seen.map((d) => [d.url.pathname, d.url.searchParams.get('type'), d.body.action, d.body.user_id, d.body.application_id, d.signed]), [
    ['/hooks', 'mp-connect', 'application.authorized', seller.user_id, app.client_id, true],
    ['/hooks', 'mp-connect', 'application.deauthorized', seller.user_id, app.client_id, true],
  ]);
});
