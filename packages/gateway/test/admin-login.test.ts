// Logging in and out of the admin pages: the log-in form carries its own CSRF token (a nonce cookie and its HMAC),
// wrong admin keys are rate-limited, and a log-out ends the session on the server, so a copy of its cookie is
// refused afterwards (on PGlite and PostgreSQL: the list of ended sessions is a table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { adminLogin, cookieOf, loginForm, postLogin } from './admin-login-helpers.ts';
import { LoginLimiter } from '../src/http/middleware/login-limit.ts';

const csrfOf = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;

for (const target of testDatabases()) {
  test(`${target.name}: a log-out ends the session on the server: a copy of its cookie is refused afterwards`, async () => {
    const gw = await testGateway(await target.open(), `admin-logout-${target.name}`);
    const session = await adminLogin(gw.app);
    const sellers = await gw.app.request(`${GATEWAY}/admin/sellers`, { headers: { cookie: session } });
    assert.equal(sellers.status, 200);
    const csrf = await csrfOf(sellers);
    const out = await gw.app.request(`${GATEWAY}/admin/logout`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${csrf}` });
    assert.equal(out.status, 303);
    // The copied cookie: the page sends it back to the log-in; a form POST with it is a 401 and changes nothing.
    const again = await gw.app.request(`${GATEWAY}/admin/sellers`, { headers: { cookie: session } });
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), '/admin');
    const seller = (await gw.sellerWithPos()).seller;
    const post = await gw.app.request(`${GATEWAY}/admin/sellers/${seller.id}/disconnect`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${csrf}` });
    assert.equal(post.status, 401);
    assert.equal((await gw.admin('GET', `/sellers/${seller.id}`)).body.status, 'connected');
    // Another session is unaffected, and logging in again works.
    assert.equal((await gw.app.request(`${GATEWAY}/admin/sellers`, { headers: { cookie: await adminLogin(gw.app) } })).status, 200);
  });
}

test('the log-in form wants its own token: none, a forged one or another nonce\'s is a 403 with no session', async () => {
  const gw = await testGateway(await testDatabases()[0]!.open(), 'admin-login-csrf');
  const a = await loginForm(gw.app);
  const b = await loginForm(gw.app);
  for (const form of [{ cookie: a.cookie }, { token: a.token }, { cookie: a.cookie, token: b.token }, { cookie: a.cookie, token: `${a.token.slice(0, -1)}${a.token.endsWith('A') ? 'B' : 'A'}` }]) {
    const res = await postLogin(gw.app, form);
    assert.equal(res.status, 403, JSON.stringify(Object.keys(form)));
    assert.equal(cookieOf(res, 'cobro_admin'), undefined, 'no session');
    assert.match(await res.text(), /expired or came from elsewhere/);
  }
  assert.equal((await postLogin(gw.app, a)).status, 303, 'its own token works');
});

test('wrong admin keys are rate-limited: the sixth try within the window is a 429, even with the right key', async () => {
  const gw = await testGateway(await testDatabases()[0]!.open(), 'admin-login-limit');
  for (let i = 0; i < 5; i++) assert.equal((await postLogin(gw.app, await loginForm(gw.app), `wrong-${i}`)).status, 401);
  const limited = await postLogin(gw.app, await loginForm(gw.app));
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 800, 'about 15 minutes');
  assert.equal(cookieOf(limited, 'cobro_admin'), undefined);
});

test('the limiter: per address, overall, the window slides, a right key clears its address', () => {
  const l = new LoginLimiter({ perAddress: 3, overall: 5, windowMs: 60_000 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) l.failed('a', t0 + i);
  assert.equal(l.retryAfter('a', t0 + 10), 60);
  assert.equal(l.retryAfter('b', t0 + 10), 0, 'another address may still try');
  l.failed('b', t0 + 20);
  l.failed('c', t0 + 30);
  assert.ok(l.retryAfter('d', t0 + 40) > 0, 'five failures from anywhere stop everyone');
  assert.equal(l.retryAfter('a', t0 + 60_002), 0, 'its oldest failures left the window');
  assert.equal(l.retryAfter('d', t0 + 60_003), 0);
  l.failed('e', t0 + 100_000);
  l.succeeded('e');
  l.failed('e', t0 + 100_001);
  l.failed('e', t0 + 100_002);
  assert.equal(l.retryAfter('e', t0 + 100_003), 0, 'the success cleared the earlier failure');
});
