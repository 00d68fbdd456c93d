import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { advance, createAccount, getAccount, http, listAccounts, request } from './http.ts';

type Json = Record<string, any>;
const DAY = 86400_000;

const testUserCount = async (sb: Sandbox) => (await listAccounts(sb)).filter((a) => a.kind === 'test').length;

test('POST /users/test_user creates a usable test user; credentials come from the control plane', async () => {
  const sb = createSandbox({ seed: 'tu-1' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const r = await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLA', description: 'vendedor' });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), ['email', 'id', 'nickname', 'password', 'site_status']);
  assert.equal(r.body.site_status, 'active');
  assert.equal(typeof r.body.id, 'number');
  assert.match(String(r.body.id), /^\d{9,10}$/);
  assert.match(r.body.email, /@testuser\.com$/);

  const ctl = await request(sb, 'GET', `/__sandbox/accounts/${r.body.id}`);
  assert.equal(ctl.body.kind, 'test');
  assert.equal(ctl.body.parent_id, owner.user_id);
  assert.equal(ctl.body.password, r.body.password);
  assert.notEqual(ctl.body.client_id, owner.client_id);
  assert.match(ctl.body.access_token, new RegExp(`^APP_USR-.*-${r.body.id}$`));
  const me = await http(sb, ctl.body.access_token)('GET', '/users/me');
  assert.equal(me.body.id, r.body.id);
  assert.ok(me.body.tags.includes('test_user'));
  assert.deepEqual((await request(sb, 'GET', `/__sandbox/accounts/${owner.user_id}`)).body.test_user_ids, [r.body.id]);
});

test('POST /users/test adds site_id, description and dates', async () => {
  const sb = createSandbox({ seed: 'tu-2' });
  const owner = await createAccount(sb, { site_id: 'MLB' });
  const r = await http(sb, owner.access_token)('POST', '/users/test', { site_id: 'MLB', description: 'comprador' });
  assert.equal(r.status, 200);
  assert.equal(r.body.site_id, 'MLB');
  assert.equal(r.body.description, 'comprador');
  assert.equal(r.body.date_created, '2026-01-15T09:00:00.000-03:00');
  assert.equal(r.body.date_last_updated, r.body.date_created);
  for (const k of ['id', 'nickname', 'password', 'site_status', 'email']) assert.ok(k in r.body, k);
});

test('test-user creation errors: bad site, bad token, test caller; nothing is created', async () => {
  const sb = createSandbox({ seed: 'tu-3' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  for (const path of ['/users/test_user', '/users/test']) {
    for (const body of [{}, { site_id: 'MLX' }, { site_id: 42 }]) {
      const r = await http(sb, owner.access_token)('POST', path, body);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.equal(r.body.error, 'bad_request');
      assert.match(r.body.message, /site_id/);
      assert.equal(r.body.cause[0].code, 'invalid_site_id');
    }
    const unauth = await http(sb, 'APP_USR-nope')('POST', path, { site_id: 'MLA' });
    assert.equal(unauth.status, 401);
    assert.equal((await request(sb, 'POST', path, { site_id: 'MLA' })).status, 401);
  }
  assert.equal(await testUserCount(sb), 0);

  const made = await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLA' });
  const testToken = (await getAccount(sb, made.body.id)).access_token!;
  const r = await http(sb, testToken)('POST', '/users/test_user', { site_id: 'MLA' });
  assert.equal(r.status, 403);
  assert.equal(r.body.message, 'the caller id must be a productive user');
  assert.equal(r.body.status, 403);
  assert.deepEqual(r.body.cause, []);
  assert.equal(await testUserCount(sb), 1);
});

test('at most 10 active test users per production account', async () => {
  const sb = createSandbox({ seed: 'tu-4' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const other = await createAccount(sb, { site_id: 'MLA' });
  for (let i = 0; i < 10; i++) {
    const path = i % 2 ? '/users/test' : '/users/test_user';
    assert.equal((await http(sb, owner.access_token)('POST', path, { site_id: 'MLA' })).status, 200);
  }
  const r = await http(sb, owner.access_token)('POST', '/users/test', { site_id: 'MLA' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'test_user_limit_reached');
  assert.equal(await testUserCount(sb), 10);
  // The limit is per production account.
  assert.equal((await http(sb, other.access_token)('POST', '/users/test_user', { site_id: 'MLA' })).status, 200);
});

test('a test user idle 60 virtual days expires: its token gets 401 and its slot frees', async () => {
  const sb = createSandbox({ seed: 'tu-5' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const ids: number[] = [];
  for (let i = 0; i < 10; i++) ids.push((await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLA' })).body.id);
  const idle = (await getAccount(sb, ids[0])).access_token!;
  const busy = (await getAccount(sb, ids[1])).access_token!;

  await advance(sb, 30 * DAY);
  assert.equal((await http(sb, busy)('GET', '/users/me')).status, 200); // activity at day 30
  await advance(sb, 30 * DAY);
  // Day 60 exactly: not yet past the limit.
  assert.equal((await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLA' })).status, 400);
  await advance(sb, 1000);

  const gone = await http(sb, idle)('GET', '/users/me');
  assert.equal(gone.status, 401);
  assert.equal((await http(sb, busy)('GET', '/users/me')).status, 200);
  assert.equal((await getAccount(sb, ids[0])).status, 'expired');

  // Nine idle users expired; the busy one still counts.
  for (let i = 0; i < 9; i++) assert.equal((await http(sb, owner.access_token)('POST', '/users/test', { site_id: 'MLA' })).status, 200);
  assert.equal((await http(sb, owner.access_token)('POST', '/users/test', { site_id: 'MLA' })).status, 400);

  const search = await http(sb, owner.access_token)('GET', '/test_user/search');
  assert.equal(search.status, 200);
  assert.equal(search.body.total, 19);
  const byId = new Map(search.body.results.map((x: Json) => [x.id, x]));
  assert.equal((byId.get(ids[0]) as Json).site_status, 'deactive');
  assert.equal((byId.get(ids[1]) as Json).site_status, 'active');
});

test('GET /test_user/search and PUT /test_user/{id}/password belong to the creating account', async () => {
  const sb = createSandbox({ seed: 'tu-6' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const other = await createAccount(sb, { site_id: 'MLA' });
  const made = await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLU' });
  const s = await http(sb, owner.access_token)('GET', '/test_user/search');
  assert.deepEqual(s.body.results.map((x: Json) => [x.id, x.site_id]), [[made.body.id, 'MLU']]);
  assert.equal((await http(sb, other.access_token)('GET', '/test_user/search')).body.total, 0);

  assert.equal((await http(sb, other.access_token)('PUT', `/test_user/${made.body.id}/password`, {})).status, 404);
  assert.equal((await getAccount(sb, made.body.id)).password, made.body.password);
  const p = await http(sb, owner.access_token)('PUT', `/test_user/${made.body.id}/password`, {});
  assert.equal(p.status, 200);
  assert.equal(p.body.message, 'password successfully reset');
  assert.notEqual(p.body.new_password, made.body.password);
  assert.equal((await getAccount(sb, made.body.id)).password, p.body.new_password);
});

test('PUT /test_user/{id}/account_money credits a test user (204); a bad amount is 400 invalid-amount', async () => {
  const sb = createSandbox({ seed: 'tu-money' });
  const owner = await createAccount(sb, { site_id: 'MLA' });
  const other = await createAccount(sb, { site_id: 'MLA' });
  const made = await http(sb, owner.access_token)('POST', '/users/test_user', { site_id: 'MLA' });
  const path = `/test_user/${made.body.id}/account_money`;
  const res = await sb.fetch(`https://api.mercadopago.com${path}`, {
    method: 'PUT', body: JSON.stringify({ amount: 1500.5 }), headers: { authorization: `Bearer ${owner.access_token}`, 'content-type': 'application/json' },
  });
  assert.equal(res.status, 204);
  assert.equal(await res.text(), '');
  assert.equal((await getAccount(sb, made.body.id)).account_money, 1500.5);
  for (const body of [{}, { amount: '10' }, { amount: 0 }, { amount: -5 }, { amount: 10.001 }, { amount: 1e300 }, { amount: 5, currency: 'ARS' }]) {
    const r = await http(sb, owner.access_token)('PUT', path, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error, 'invalid-amount', JSON.stringify(body));
  }
  assert.equal((await http(sb, other.access_token)('PUT', path, { amount: 5 })).status, 404, "another account's test user");
  assert.equal((await http(sb, owner.access_token)('PUT', `/test_user/${owner.user_id}/account_money`, { amount: 5 })).status, 404, 'not a test user');
  assert.equal((await getAccount(sb, made.body.id)).account_money, 1500.5, 'rejected calls changed nothing');
  // Credits add up.
  const again = await sb.fetch(`https://api.mercadopago.com${path}`, {
    method: 'PUT', body: JSON.stringify({ amount: 100 }), headers: { authorization: `Bearer ${owner.access_token}`, 'content-type': 'application/json' },
  });
  assert.equal(again.status, 204);
  assert.equal((await getAccount(sb, made.body.id)).account_money, 1600.5);
});
