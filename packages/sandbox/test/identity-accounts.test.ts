import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { advance, createAccount, http, listAccounts, request } from './http.ts';

type Json = Record<string, any>;
const appCount = async (sb: Parameters<typeof listAccounts>[0]) => (await listAccounts(sb)).reduce((n, a) => n + a.apps.length, 0);

test('control plane creates a production seller whose token is bound to it', async () => {
  const sb = createSandbox({ seed: 'acc-1' });
  const r = await request(sb, 'POST', '/__sandbox/accounts', {
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

  const me = await http(sb, a.access_token)('GET', '/users/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.id, a.user_id);
  assert.equal(me.body.site_id, 'MLB');
  assert.equal(me.body.country_id, 'BR');

  const got = await request(sb, 'GET', `/__sandbox/accounts/${a.user_id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, a);
  const list = await request(sb, 'GET', '/__sandbox/accounts');
  assert.deepEqual(list.body.map((x: Json) => x.user_id), [a.user_id]);

  // The typed twin returns the same shape.
  const typed = sb.control.accounts.create({ site_id: 'MLA' });
  assert.deepEqual(Object.keys(typed).sort(), Object.keys(a).sort());
  assert.equal((await http(sb, typed.access_token)('GET', '/users/me')).body.id, typed.user_id);
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
    const r = await request(sb, 'POST', '/__sandbox/accounts', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error, 'bad_request');
    assert.match(r.body.message, new RegExp(field));
  }
  assert.throws(() => sb.control.accounts.create({ site_id: 'XX' as 'MLA' }), /site_id/);
  assert.equal((await listAccounts(sb)).length, 0);
  assert.equal(await appCount(sb), 0);

  const first = await request(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'KIOSCO' });
  assert.equal(first.status, 201);
  const dup = await request(sb, 'POST', '/__sandbox/accounts', { site_id: 'MLA', nickname: 'kiosco' });
  assert.equal(dup.status, 400);
  assert.equal((await listAccounts(sb)).length, 1);
  assert.equal((await request(sb, 'GET', '/__sandbox/accounts/999999999')).status, 404);
});

test('apps: create for an owner, patch settings, rotate the webhook secret', async () => {
  const sb = createSandbox({ seed: 'acc-3' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const r = await request(sb, 'POST', '/__sandbox/apps', {
    owner_id: owner.user_id, name: 'Integrador POS', redirect_uris: ['https://int.example/cb'], pkce: false, webhook_url: 'https://int.example/hooks',
  });
  assert.equal(r.status, 201);
  const app = r.body;
  assert.equal(app.owner_id, owner.user_id);
  assert.notEqual(app.client_id, owner.client_id);
  assert.match(app.access_token, new RegExp(`^APP_USR-${app.client_id}-.*-${owner.user_id}$`));
  assert.equal((await http(sb, app.access_token)('GET', '/users/me')).body.id, owner.user_id);
  assert.deepEqual((await request(sb, 'GET', `/__sandbox/accounts/${owner.user_id}`)).body.apps.map((x: Json) => x.client_id), [owner.client_id, app.client_id]);

  const p = await request(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, {
    redirect_uris: ['https://int.example/cb2'], pkce: true, webhook_url: null, rotate_webhook_secret: true,
  });
  assert.equal(p.status, 200);
  assert.deepEqual(p.body.redirect_uris, ['https://int.example/cb2']);
  assert.equal(p.body.pkce, true);
  assert.equal(p.body.webhook_url, null);
  assert.notEqual(p.body.webhook_secret, app.webhook_secret);
  assert.equal((await request(sb, 'GET', `/__sandbox/apps/${app.client_id}`)).body.webhook_secret, p.body.webhook_secret);

  // A bad patch changes nothing, even fields that were valid.
  const bad = await request(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, { pkce: false, redirect_uris: ['nope'] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /redirect_uris/);
  assert.equal((await request(sb, 'GET', `/__sandbox/apps/${app.client_id}`)).body.pkce, true);
  assert.equal((await request(sb, 'PATCH', `/__sandbox/apps/${app.client_id}`, { color: 'red' })).status, 400);
  assert.equal((await request(sb, 'PATCH', '/__sandbox/apps/123', { pkce: false })).status, 404);
  assert.equal((await request(sb, 'POST', '/__sandbox/apps', { owner_id: 1 })).status, 404);
  assert.equal((await request(sb, 'POST', '/__sandbox/apps', {})).status, 400);
  assert.equal(await appCount(sb), 2);
});

test('/users/me shows only the account behind the token', async () => {
  const sb = createSandbox({ seed: 'acc-4' });
  const a = await createAccount(sb, { site_id: 'MLA' });
  const b = await createAccount(sb, { site_id: 'MLC' });
  const meA = await http(sb, a.access_token)('GET', '/users/me');
  const meB = await http(sb, b.access_token)('GET', '/users/me');
  assert.equal(meA.body.id, a.user_id);
  assert.equal(meA.body.email, a.email);
  assert.equal(meB.body.id, b.user_id);
  assert.equal(meB.body.site_id, 'MLC');
  assert.deepEqual(meA.body.tags, ['normal']);
  for (const k of ['nickname', 'first_name', 'last_name', 'registration_date', 'identification', 'user_type', 'status']) assert.ok(k in meA.body, k);
  // The user id in the path is not how /users/me works: a token only ever sees its owner.
  const wrong = await http(sb, a.access_token)('GET', `/users/me?user_id=${b.user_id}`);
  assert.equal(wrong.body.id, a.user_id);
  const none = await request(sb, 'GET', '/users/me');
  assert.equal(none.status, 401);
  assert.equal(none.body.error, 'unauthorized');
  const forged = a.access_token.replace(/-\d+$/, `-${b.user_id}`);
  assert.equal((await http(sb, forged)('GET', '/users/me')).status, 401);
});

test('panel tokens expire after 180 virtual days; a fresh one can be issued', async () => {
  const sb = createSandbox({ seed: 'acc-5' });
  const a = await createAccount(sb, { site_id: 'MLA' });
  await advance(sb, 180 * 86400_000 - 1000);
  assert.equal((await http(sb, a.access_token)('GET', '/users/me')).status, 200);
  await advance(sb, 1000);
  const r = await http(sb, a.access_token)('GET', '/users/me');
  assert.equal(r.status, 401);
  const fresh = await request(sb, 'POST', `/__sandbox/accounts/${a.user_id}/tokens`, {});
  assert.equal(fresh.status, 201);
  assert.equal((await http(sb, fresh.body.access_token)('GET', '/users/me')).body.id, a.user_id);
  assert.equal((await request(sb, 'GET', `/__sandbox/accounts/${a.user_id}`)).body.access_token, fresh.body.access_token);
});
