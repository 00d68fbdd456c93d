// testUsers, users.me and oauth against the sandbox in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '@cobro/sandbox';
import { AuthenticationError, BadRequestError, ConnectionError, PermissionError, ServerError, codeChallenge } from '../src/index.ts';
import { recording } from './helpers.ts';
import { sandboxClient } from './resources-helpers.ts';

test('testUsers.create on /users/test_user and /users/test; the test user logs in with its own token', async () => {
  const sb = createSandbox({ seed: 'res-test-users' });
  const owner = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, owner.access_token, { transport: rec.fetch });

  const seller = await client.testUsers.create({ site_id: 'MLA', description: 'vendedor' });
  assert.equal(rec.calls[0].url, 'https://api.mercadopago.com/users/test_user');
  assert.equal(rec.calls[0].headers.get('x-idempotency-key'), null);
  assert.deepEqual(JSON.parse(rec.calls[0].body!), { site_id: 'MLA', description: 'vendedor' });
  assert.equal(typeof seller.id, 'number');
  assert.match(seller.nickname, /\S/);
  assert.equal(seller.site_status, 'active');
  assert.equal(seller.site_id, undefined);

  const buyer = await client.testUsers.create({ site_id: 'MLB', description: 'comprador' }, { endpoint: 'test' });
  assert.equal(rec.calls[1].url, 'https://api.mercadopago.com/users/test');
  assert.equal(buyer.site_id, 'MLB');
  assert.equal(buyer.description, 'comprador');
  assert.match(buyer.date_created!, /^\d{4}-\d\d-\d\dT/);

  const listed = await client.testUsers.search();
  assert.deepEqual(listed.results.map((u) => u.id).sort(), [seller.id, buyer.id].sort());

  const token = sb.control.accounts.issueToken(seller.id).access_token;
  const me = await sandboxClient(sb, token).users.me();
  assert.equal(me.id, seller.id);
  assert.equal(me.site_id, 'MLA');
  assert.ok(me.tags?.includes('test_user'));
  sb.close();
});

test('testUsers.create errors: invalid site → BadRequestError, a test user as caller → PermissionError', async () => {
  const sb = createSandbox({ seed: 'res-test-users-errors' });
  const owner = sb.control.accounts.create({ site_id: 'MLA' });
  const client = sandboxClient(sb, owner.access_token);
  const bad = await client.testUsers.create({ site_id: 'XXX' as 'MLA' }).catch((e) => e);
  assert.ok(bad instanceof BadRequestError, String(bad));
  assert.equal(bad.status, 400);
  assert.equal(bad.cause[0]?.code, 'invalid_site_id');

  const tu = await client.testUsers.create({ site_id: 'MLA' });
  const asTestUser = sandboxClient(sb, sb.control.accounts.issueToken(tu.id).access_token);
  const denied = await asTestUser.testUsers.create({ site_id: 'MLA' }).catch((e) => e);
  assert.ok(denied instanceof PermissionError, String(denied));
  assert.equal(denied.message, 'the caller id must be a productive user');
  assert.equal((await client.testUsers.search()).total, 1, 'the refused calls created nothing');
  sb.close();
});

test('users.me with a bad token → AuthenticationError', async () => {
  const sb = createSandbox({ seed: 'res-me-401' });
  const err = await sandboxClient(sb, 'APP_USR-0000000000000000-000000-00000000000000000000000000000000-1').users.me().catch((e) => e);
  assert.ok(err instanceof AuthenticationError, String(err));
  assert.equal(err.status, 401);
  sb.close();
});

test('oauth.authorizationUrl: state, PKCE challenge and the parameters MP expects', () => {
  const sb = createSandbox({ seed: 'res-oauth-url' });
  const client = sandboxClient(sb, 'unused');
  const plain = client.oauth.authorizationUrl({ clientId: '123', redirectUri: 'https://int.example/cb', state: 'st-1' });
  const u = new URL(plain.url);
  assert.equal(u.origin + u.pathname, 'https://auth.mercadopago.com/authorization');
  assert.deepEqual(Object.fromEntries(u.searchParams), {
    client_id: '123', response_type: 'code', platform_id: 'mp', state: 'st-1', redirect_uri: 'https://int.example/cb',
  });
  assert.equal(plain.state, 'st-1');
  assert.equal(plain.codeVerifier, undefined);

  const pkce = client.oauth.authorizationUrl({ clientId: '123', redirectUri: 'https://int.example/cb', pkce: true });
  const q = new URL(pkce.url).searchParams;
  assert.ok(pkce.state.length >= 43, 'a fresh random state');
  assert.equal(q.get('state'), pkce.state);
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.equal(q.get('code_challenge'), codeChallenge(pkce.codeVerifier!, 'S256'));
  assert.notEqual(client.oauth.authorizationUrl({ clientId: '1', redirectUri: 'https://x/cb' }).state, pkce.state);
  sb.close();
});

test('oauth: PKCE code exchange, refresh (single-use), client credentials — each with expiresAt', async () => {
  const sb = createSandbox({ seed: 'res-oauth' });
  const redirect = 'https://int.example/cb';
  const app = sb.control.accounts.create({ site_id: 'MLA', redirect_uris: [redirect], pkce: true });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, app.access_token, { transport: rec.fetch });

  const auth = client.oauth.authorizationUrl({ clientId: app.client_id, redirectUri: redirect, pkce: true });
  const q = new URL(auth.url).searchParams;
  const { code } = sb.control.accounts.authorize({
    client_id: app.client_id, user_id: seller.user_id, redirect_uri: redirect, state: auth.state,
    code_challenge: q.get('code_challenge')!, code_challenge_method: 'S256',
  });
  const t0 = sb.state.now();
  const token = await client.oauth.exchangeCode({
    clientId: app.client_id, clientSecret: app.client_secret, code, redirectUri: redirect, codeVerifier: auth.codeVerifier,
  });
  const call = rec.calls.at(-1)!;
  assert.equal(call.url, 'https://api.mercadopago.com/oauth/token');
  assert.equal(call.headers.get('authorization'), null, 'no Bearer on /oauth/token');
  assert.deepEqual(JSON.parse(call.body!), {
    grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: redirect,
    code_verifier: auth.codeVerifier,
  });
  assert.equal(token.user_id, seller.user_id);
  assert.equal(token.expires_in, 15552000);
  assert.equal(token.expiresAt.getTime(), t0 + 15552000 * 1000);
  assert.equal(token.expiry.shouldRefresh(t0), false);
  assert.equal((await sandboxClient(sb, token.access_token).users.me()).id, seller.user_id);

  // The same code again: invalid_grant, typed.
  const reused = await client.oauth.exchangeCode({
    clientId: app.client_id, clientSecret: app.client_secret, code, redirectUri: redirect, codeVerifier: auth.codeVerifier,
  }).catch((e) => e);
  assert.ok(reused instanceof BadRequestError, String(reused));
  assert.equal(reused.code, 'invalid_grant');

  await sb.state.clock.advance(60_000);
  const refreshed = await client.oauth.refresh({ clientId: app.client_id, clientSecret: app.client_secret, refreshToken: token.refresh_token! });
  assert.notEqual(refreshed.refresh_token, token.refresh_token);
  assert.notEqual(refreshed.access_token, token.access_token);
  assert.equal(refreshed.expiresAt.getTime(), t0 + 60_000 + 15552000 * 1000);
  const spent = await client.oauth.refresh({ clientId: app.client_id, clientSecret: app.client_secret, refreshToken: token.refresh_token! }).catch((e) => e);
  assert.equal(spent.code, 'invalid_grant', 'a refresh token is single-use');

  const own = await client.oauth.clientCredentials({ clientId: app.client_id, clientSecret: app.client_secret });
  assert.equal(own.user_id, app.user_id);
  assert.equal(own.refresh_token, undefined);
  assert.equal(own.expiresAt.getTime(), sb.state.now() + own.expires_in * 1000);

  const wrong = await client.oauth.clientCredentials({ clientId: app.client_id, clientSecret: 'nope' }).catch((e) => e);
  assert.ok(wrong instanceof BadRequestError);
  assert.equal(wrong.code, 'invalid_client');
  assert.doesNotMatch(wrong.message, /nope/, 'the secret never reaches the message');
  sb.close();
});

test('token and test-user calls are not retried once they may have reached MP; a 429 (not processed) is', async () => {
  const sb = createSandbox({ seed: 'res-oauth-retries' });
  const redirect = 'https://int.example/cb';
  const app = sb.control.accounts.create({ site_id: 'MLA', redirect_uris: [redirect] });
  const seller = sb.control.accounts.create({ site_id: 'MLA' });
  const rec = recording(sb.fetch);
  const client = sandboxClient(sb, app.access_token, { transport: rec.fetch });
  const { code } = sb.control.accounts.authorize({ client_id: app.client_id, user_id: seller.user_id, redirect_uri: redirect });
  const params = { clientId: app.client_id, clientSecret: app.client_secret, code, redirectUri: redirect };

  sb.control.faults.add({ method: 'POST', path: '/oauth/token', status: 500, once: true });
  const failed = await client.oauth.exchangeCode(params).catch((e) => e);
  assert.ok(failed instanceof ServerError, String(failed));
  assert.equal(rec.calls.length, 1, 'a 500 on a single-use code is not retried blindly');

  sb.control.faults.add({ method: 'POST', path: '/oauth/token', status: 429, retry_after: 1, once: true });
  const token = await client.oauth.exchangeCode(params);
  assert.equal(token.user_id, seller.user_id);
  assert.equal(rec.calls.length, 3);

  sb.control.faults.add({ method: 'POST', path: '/users/test_user', fault: 'reset', once: true });
  const reset = await client.testUsers.create({ site_id: 'MLA' }).catch((e) => e);
  assert.ok(reset instanceof ConnectionError, String(reset));
  assert.equal(rec.calls.length, 4);
  sb.close();
});
