// OAuth consent and code exchange (spec §2.1–2.2): the authorization page, codes, token errors and PKCE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, app as newApp, createAccount, getAccount, http } from './http.ts';

type Json = Record<string, any>;
import { CB, INVALID_GRANT, S256, VERIFIER, authQuery, code, consent, linkedApps, setup, token } from './identity-oauth-helpers.ts';

test('the authorization page is an HTML sign-in and consent form that escapes what it echoes', async () => {
  const { sb, app } = await setup('oa-page');
  const res = await sb.fetch(`https://auth.mercadopago.com/authorization?${authQuery(app.client_id, { state: '"><script>alert(1)</script>' })}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/html/);
  const page = await res.text();
  assert.match(page, /<form method="post" action="\/authorization">/);
  assert.match(page, /name="email"/);
  assert.match(page, /type="password" id="password" name="password"/);
  assert.match(page, /<button type="submit" name="decision" value="allow">Permitir<\/button>/);
  assert.match(page, /Cobro POS/);
  assert.ok(!page.includes('<script>alert(1)</script>'));
  assert.match(page, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});

test('full code flow: form consent → redirect with code and state → token for the seller', async () => {
  const { sb, app, seller, integrator, events } = await setup('oa-flow');
  const res = await consent(sb, {
    client_id: app.client_id, response_type: 'code', redirect_uri: CB, state: 'st-42', platform_id: 'mp',
    email: seller.email, password: seller.password, decision: 'allow',
  });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get('location')!);
  assert.equal(`${loc.origin}${loc.pathname}`, CB);
  assert.equal(loc.searchParams.get('state'), 'st-42');
  const c = loc.searchParams.get('code')!;
  assert.match(c, new RegExp(`^TG-[0-9a-f]+-${seller.user_id}$`));
  assert.deepEqual((await events()).map((e) => [e.topic, e.action, e.user_id, e.client_id]), [['mp-connect', 'application.authorized', seller.user_id, app.client_id]]);

  const t = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB });
  assert.equal(t.status, 200);
  assert.deepEqual(Object.keys(t.body).sort(), ['access_token', 'expires_in', 'live_mode', 'public_key', 'refresh_token', 'scope', 'token_type', 'user_id']);
  assert.match(t.body.access_token, new RegExp(`^APP_USR-${app.client_id}-\\d{6}-[0-9a-f]{32}-${seller.user_id}$`));
  assert.equal(t.body.token_type, 'bearer');
  assert.equal(t.body.expires_in, 15552000);
  assert.equal(t.body.scope, 'read write offline_access');
  assert.equal(t.body.user_id, seller.user_id);
  assert.match(t.body.refresh_token, new RegExp(`^TG-[0-9a-f]+-${seller.user_id}$`));
  assert.equal(t.body.public_key, app.public_key);
  assert.equal(t.body.live_mode, true);

  const me = await http(sb, t.body.access_token)('GET', '/users/me');
  assert.equal(me.body.id, seller.user_id);
  assert.notEqual(me.body.id, integrator.user_id);
  assert.deepEqual((await getAccount(sb, seller.user_id)).linked_apps.map((g) => g.client_id), [app.client_id]);

  // Signing in with the nickname works too, and a second consent does not re-announce the link.
  const again = await code(sb, app.client_id, { email: 'kiosco_pepe', password: seller.password });
  assert.match(again, new RegExp(`-${seller.user_id}$`));
  assert.equal((await events()).length, 1);
});

test('scripted consent with a JSON body; denial redirects with access_denied', async () => {
  const { sb, app, seller } = await setup('oa-json');
  const res = await sb.fetch('https://auth.mercadopago.com/authorization', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: app.client_id, response_type: 'code', redirect_uri: CB, state: 's', email: seller.email, password: seller.password }),
  });
  assert.equal(res.status, 302);
  assert.ok(new URL(res.headers.get('location')!).searchParams.get('code'));

  const bad = await sb.fetch('https://auth.mercadopago.com/authorization', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: app.client_id, response_type: 'code', redirect_uri: CB, email: seller.email, password: 'wrong' }),
  });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json() as Json).error, 'invalid_credentials');

  const linked = await linkedApps(sb);
  const deny = await consent(sb, { client_id: app.client_id, response_type: 'code', redirect_uri: CB, state: 'st-9', decision: 'deny' });
  assert.equal(deny.status, 302);
  const loc = new URL(deny.headers.get('location')!);
  assert.equal(loc.searchParams.get('error'), 'access_denied');
  assert.equal(loc.searchParams.get('state'), 'st-9');
  assert.equal(loc.searchParams.get('code'), null);
  assert.equal(await linkedApps(sb), linked);
});

test('wrong password re-renders the form with 401 and mints no code', async () => {
  const { sb, app, seller, events } = await setup('oa-pass');
  const res = await consent(sb, { client_id: app.client_id, response_type: 'code', redirect_uri: CB, email: seller.email, password: 'nope', decision: 'allow' });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('location'), null);
  const page = await res.text();
  assert.match(page, /<form/);
  assert.match(page, /incorrectos/);
  assert.equal(await linkedApps(sb), 0);
  assert.equal((await events()).length, 0);
});

test('authorization requests are validated before any redirect: HTML 400 pages', async () => {
  const { sb, app } = await setup('oa-validate', { pkce: true });
  const plain = await newApp(sb, { owner_id: app.owner_id, redirect_uris: [CB] });
  const cases: [string, RegExp][] = [
    [authQuery('0000000000000000'), /invalid_client/],
    [authQuery(plain.client_id, { redirect_uri: `${CB}/` }), /redirect_uri/],
    [authQuery(plain.client_id, { redirect_uri: 'https://evil.example/cb' }), /redirect_uri/],
    [authQuery(plain.client_id, { response_type: 'token' }), /unsupported_response_type/],
    [authQuery(app.client_id), /PKCE/],
    [authQuery(app.client_id, { code_challenge: S256 }), /PKCE/],
    [authQuery(app.client_id, { code_challenge: S256, code_challenge_method: 'S512' }), /code_challenge_method/],
    [authQuery(app.client_id, { code_challenge: 'short', code_challenge_method: 'S256' }), /code_challenge/],
  ];
  for (const [q, why] of cases) {
    const res = await sb.fetch(`https://auth.mercadopago.com/authorization?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.headers.get('location'), null);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.match(await res.text(), why);
  }
  // The POST re-validates: a tampered redirect_uri never receives a code.
  const seller = await createAccount(sb, { site_id: 'MLA' });
  const res = await consent(sb, { client_id: plain.client_id, response_type: 'code', redirect_uri: 'https://evil.example/cb', email: seller.email, password: seller.password });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.equal(await linkedApps(sb), 0);
});

test('codes: single use, exact redirect_uri, own client only, 10-minute life', async () => {
  const { sb, app, seller, integrator } = await setup('oa-codes');
  const base = { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', redirect_uri: CB };

  const c1 = await code(sb, app.client_id, seller);
  const mismatch = await token(sb, { ...base, code: c1, redirect_uri: `${CB}?x=1` });
  assert.equal(mismatch.status, 400);
  assert.deepEqual(mismatch.body, { message: INVALID_GRANT, error: 'invalid_grant', status: 400, cause: [] });
  // Another app's valid credentials cannot redeem this app's code.
  const other = await token(sb, { ...base, client_id: integrator.client_id, client_secret: integrator.client_secret, code: c1 });
  assert.equal(other.body.error, 'invalid_grant');
  assert.equal((await token(sb, { ...base, code: c1 })).status, 200);
  const reuse = await token(sb, { ...base, code: c1 });
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error, 'invalid_grant');
  assert.equal(reuse.body.message, INVALID_GRANT);

  const c2 = await code(sb, app.client_id, seller);
  await advance(sb, 10 * 60_000 - 1);
  assert.equal((await token(sb, { ...base, code: c2 })).status, 200);
  const c3 = await code(sb, app.client_id, seller);
  await advance(sb, 10 * 60_000);
  const late = await token(sb, { ...base, code: c3 });
  assert.equal(late.status, 400);
  assert.equal(late.body.error, 'invalid_grant');
  assert.equal((await token(sb, { ...base, code: 'TG-000000-1' })).body.error, 'invalid_grant');
});

test('token endpoint request errors: client, grant type, params, scope', async () => {
  const { sb, app, seller } = await setup('oa-errors');
  const c = await code(sb, app.client_id, seller);
  const base = { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB };
  const expect = async (params: Record<string, unknown>, error: string) => {
    const r = await token(sb, params);
    assert.equal(r.status, 400, JSON.stringify(params));
    assert.equal(r.body.error, error, JSON.stringify(params));
    assert.equal(r.body.status, 400);
    assert.ok(Array.isArray(r.body.cause));
  };
  await expect({ ...base, client_secret: 'wrong' }, 'invalid_client');
  await expect({ ...base, client_id: '1234567890123456' }, 'invalid_client');
  await expect({ ...base, grant_type: undefined }, 'invalid_request');
  await expect({ ...base, client_secret: undefined }, 'invalid_request');
  await expect({ ...base, code: undefined }, 'invalid_request');
  await expect({ ...base, redirect_uri: undefined }, 'invalid_request');
  await expect({ ...base, grant_type: 'password' }, 'unsupported_grant_type');
  await expect({ ...base, username: 'x' }, 'invalid_request');
  await expect({ ...base, scope: 'read admin' }, 'invalid_scope');
  // Parameters in the query string are refused.
  const q = await sb.fetch(`https://api.mercadopago.com/oauth/token?${new URLSearchParams(base as Record<string, string>)}`, { method: 'POST' });
  assert.equal(q.status, 400);
  assert.equal((await q.json() as Json).error, 'invalid_request');
  const malformed = await sb.fetch('https://api.mercadopago.com/oauth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id":' });
  assert.equal((await malformed.json() as Json).error, 'invalid_request');
  // None of that consumed the code; a form-encoded body is accepted.
  const ok = await sb.fetch('https://api.mercadopago.com/oauth/token', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(base as Record<string, string>).toString(),
  });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json() as Json).user_id, seller.user_id);
});

test('PKCE S256 and plain: the right verifier redeems, a wrong or missing one does not', async () => {
  const { sb, app, seller } = await setup('oa-pkce', { pkce: true });
  const base = { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', redirect_uri: CB };

  const page = await sb.fetch(`https://auth.mercadopago.com/authorization?${authQuery(app.client_id, { code_challenge: S256, code_challenge_method: 'S256' })}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(`name="code_challenge" value="${S256}"`));

  const s = await code(sb, app.client_id, seller, { code_challenge: S256, code_challenge_method: 'S256' });
  const missing = await token(sb, { ...base, code: s });
  assert.equal(missing.body.error, 'invalid_request');
  const wrong = await token(sb, { ...base, code: s, code_verifier: VERIFIER.replace(/.$/, 'Z') });
  assert.equal(wrong.body.error, 'invalid_grant');
  assert.equal(wrong.body.message, INVALID_GRANT);
  assert.equal((await token(sb, { ...base, code: s, code_verifier: 'too-short' })).body.error, 'invalid_request');
  const right = await token(sb, { ...base, code: s, code_verifier: VERIFIER });
  assert.equal(right.status, 200);
  assert.equal(right.body.user_id, seller.user_id);

  const plainVerifier = 'a'.repeat(43) + '-._~' + 'Z'.repeat(20);
  const p = await code(sb, app.client_id, seller, { code_challenge: plainVerifier, code_challenge_method: 'plain' });
  assert.equal((await token(sb, { ...base, code: p, code_verifier: 'b'.repeat(64) })).body.error, 'invalid_grant');
  assert.equal((await token(sb, { ...base, code: p, code_verifier: plainVerifier })).status, 200);
});

test('PKCE off: a code_verifier sent anyway is ignored', async () => {
  const { sb, app, seller } = await setup('oa-nopkce');
  const c = await code(sb, app.client_id, seller);
  const r = await token(sb, { client_id: app.client_id, client_secret: app.client_secret, grant_type: 'authorization_code', code: c, redirect_uri: CB, code_verifier: VERIFIER });
  assert.equal(r.status, 200);
});
