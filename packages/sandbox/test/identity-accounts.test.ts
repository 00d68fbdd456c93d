import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { call, type Json } from './identity-helpers.ts';



test('control plane creates a production seller whose token is bound to it', async () => {
  const sb = createSandbox({ seed: 'acc-1' });
  const r = await call(sb, 'POST', '/__sandbox/accounts', {
    site_id: 'MLB', webhook_url: 'https://hooks.example/mp', redirect_uris: ['https://int.example/cb'], pkce: true, nickname: 'LOJA_SP',
  });
  assert.equal(r.status, 201);
  const a = r.body;
  assert.equal(a.site_id, 'MLB');
  assert.equal(a.nickname, 'LOJA_SP');
  assert.equal(a.kind, 'production');
  assert.match(a.access_token, new RegExp(`^APP_USR-${a.client_id}-\\d{6}-[0-9a-f]{32}-${a.user_id}$`));
  assert.match(a.public_key, /^APP_USR-[0-9a-f-]{36}$/);
  assert.match(a.client_id, /^\d{16}$/);
  assert.equal(a.webhook_url, 'https://hooks.example/mp');
  assert.deepEqual(a.redirect_uris, ['https://int.example/cb']);
  assert.equal(a.pkce, true);
  for (const k of ['email', 'password', 'client_secret', 'webhook_secret']) assert.equal(typeof a[k], 'string', k);

  const me = await call(sb, 'GET', '/users/me', undefined, a.access_token);
  assert.equal(me.status, 200);
  assert.equal(me.body.id, a.user_id);
  assert.equal(me.body.site_id, 'MLB');
  assert.equal(me.body.country_id, 'BR');

  const got = await call(sb, 'GET', `/__sandbox/accounts/${a.user_id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, a);
  const list = await call(sb, 'GET', '/__sandbox/accounts');
  assert.deepEqual(list.body.map((x: Json) => x.user_id), [a.user_id]);

  // The typed twin returns the same shape.
  const typed = sb.control.createAccount({ site_id: 'MLA' });
  assert.deepEqual(Object.keys(typed).sort(), Object.keys(a).sort());
  assert.equal((await call(sb, 'GET', '/users/me', undefined, typed.access_token)).body.id, typed.user_id);
});

test('control plane rejects bad account input and creates nothing', async () => {
  const sb = createSandbox({ seed: 'acc-2' });
  const cases: [unknown, string][] = [
    [{}, 'site_id'],
    [{ site_id: 'MLX' }, 'site_id'],
    [{ site_id: 'MLA', webhook_url: 'ftp://x.example' }, 'webhook_url'],
    [{ site_id: 'MLA', webhook_url: 'not a url' }, 'webhook_url'],
    [{ site_id: 'MLA', redirect_uris: 'https://a.example/cb' }, 'redirect_uris'],
    [{ site_id: 'MLA', pkce: 'yes' }, 'pkce'],
    [{ site_id: 'MLA', kind: 'admin' }, 'kind'],
    [{ site_id: 'MLA', parent_id: 123 }, 'parent_id'],
  ];
  for (const [body, field] of cases) {
    const r = await call(sb, 'POST', '/__sandbox/accounts', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error, 'bad_request');
    assert.match(r.body.message, new RegExp(field));
  }
  assert.throws(() => sb.control.createAccount({ site_id: 'XX' as 'MLA' }), /site_id/);
  assert.equal(sb.state.accounts.size, 0);
  assert.equal(sb.state.apps.size, 0);

  const first = await call(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'KIOSCO' });
  assert.equal(first.status, 201);
  const dup = await call(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'kiosco' });
  assert.equal(dup.status, 400);
  assert.equal(sb.state.accounts.size, 1);
  assert.equal((await call(sb, 'GET', '/__sandbox/accounts/999999999')).status, 404);
});

test('apps: create for an owner, patch settings, rotate the webhook secret', async () => {
  const sb = createSandbox({ seed: 'acc-3' });
  const owner = sb.control.createAccount({ site_id: 'MLA' });
  const r = await call(sb, 'POST', '/__sandbox/apps', {
    owner_id: owner.user_id, name: 'Integrador POS', redirect_uris: ['https://int.example/cb'], pkce: false, webhook_url: 'https://int.example/hooks',
  });
  assert.equal(r.status, 201);
  const app = r.body;
  assert.equal(app.owner_id, owner.user_id);
  assert.notEqual(app.client_id, owner.client_id);
  assert.match(app.access_token, new RegExp(`^APP_USR-${app.client_id}-.*-${owner.user_id}$`));
  assert.equal((await call(sb, 'GET', '/users/me', undefined, app.access_token)).body.id, owner.user_id);
  assert.deepEqual((await call(sb, 'GET', `/__sandbox/accounts/${owner.user_id}`)).body.apps.map((x: Json) => x.client_id), [owner.client_id, app.client_id]);

  const p = await call(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, {
    redirect_uris: ['https://int.example/cb2'], pkce: true, webhook_url: null, rotate_webhook_secret: true,
  });
  assert.equal(p.status, 200);
  assert.deepEqual(p.body.redirect_uris, ['https://int.example/cb2']);
  assert.equal(p.body.pkce, true);
  assert.equal(p.body.webhook_url, null);
  assert.notEqual(p.body.webhook_secret, app.webhook_secret);
  assert.equal(sb.state.apps.get(app.client_id)!.webhook_secret, p.body.webhook_secret);

  // A bad patch changes nothing, even fields that were valid.
  const bad = await call(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, { pkce: false, redirect_uris: ['nope'] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /redirect_uris/);
  assert.equal(sb.state.apps.get(app.client_id)!.pkce, true);
  assert.equal((await call(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, { color: 'red' })).status, 400);
  assert.equal((await call(sb, 'PATCH', '/__sandbox/apps/123', { pkce: false })).status, 404);
  assert.equal((await call(sb, 'POST', '/__sandbox/apps', { owner_id: 1 })).status, 404);
  assert.equal((await call(sb, 'POST', '/__sandbox/apps', {})).status, 400);
  assert.equal(sb.state.apps.size, 2);
});

test('/users/me shows only the account behind the token', async () => {
  const sb = createSandbox({ seed: 'acc-4' });
  const a = sb.control.createAccount({ site_id: 'MLA' });
  const b = sb.control.createAccount({ site_id: 'MLC' });
  const meA = await call(sb, 'GET', '/users/me', undefined, a.access_token);
  const meB = await call(sb, 'GET', '/users/me', undefined, b.access_token);
  assert.equal(meA.body.id, a.user_id);
  assert.equal(meA.body.email, a.email);
  assert.equal(meB.body.id, b.user_id);
  assert.equal(meB.body.site_id, 'MLC');
  assert.deepEqual(meA.body.tags, ['normal']);
  for (const k of ['nickname', 'first_name', 'last_name', 'registration_date', 'identification', 'user_type', 'status']) assert.ok(k in meA.body, k);
  // The user id in the path is not how /users/me works: a token only ever sees its owner.
  const wrong = await call(sb, 'GET', `/users/me?user_id=${b.user_id}`, undefined, a.access_token);
  assert.equal(wrong.body.id, a.user_id);
  const none = await call(sb, 'GET', '/users/me');
  assert.equal(none.status, 401);
  assert.equal(none.body.error, 'unauthorized');
  const forged = a.access_token.replace(/-\d+$/, `-${b.user_id}`);
  assert.equal((await call(sb, 'GET', '/users/me', undefined, forged)).status, 401);
});

test('panel tokens expire after 180 virtual days; a fresh one can be issued', async () => {
  const sb = createSandbox({ seed: 'acc-5' });
  const a = sb.control.createAccount({ site_id: 'MLA' });
  await sb.state.clock.advance(180 * 86400_000 - 1000);
  assert.equal((await call(sb, 'GET', '/users/me', undefined, a.access_token)).status, 200);
  await sb.state.clock.advance(1000);
  const r = await call(sb, 'GET', '/users/me', undefined, a.access_token);
  assert.equal(r.status, 401);
  const fresh = await call(sb, 'POST', `/__sandbox/accounts/${a.user_id}/tokens`, {});
  assert.equal(fresh.status, 201);
  assert.equal((await call(sb, 'GET', '/users/me', undefined, fresh.body.access_token)).body.id, a.user_id);
  assert.equal((await call(sb, 'GET', `/__sandbox/accounts/${a.user_id}`)).body.access_token, fresh.body.access_token);
});
