// The admin pages in headless Chromium against a real embedded gateway: log-in required (a redirect; a POST is a
// 401), a wrong admin key refused, the session cookie's attributes; a POS created and its device key shown once,
// used, revoked (then 401 on /api/pos) and never in any other page; a pairing code made here pairs the cashier
// page; form POSTs without their session's CSRF token are 403 and change nothing; axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { adminLogin, assertAccessible, json, openCashier, screenshot, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();

const login = (width = 1280): Promise<Page> => adminLogin(g.b, { width, height: 900 });

const sellerUrl = () => `${g.b.gw.url}/admin/sellers/${g.b.gw.demo!.seller.id}`;

test('the admin pages want a session: a redirect to the log-in, a wrong key refused, then logged in and out', async () => {
  const context = await g.b.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(sellerUrl());
  assert.equal(new URL(page.url()).pathname, '/admin', 'sent to the log-in form');
  await assertAccessible(page, 'log-in');
  const post = await fetch(`${sellerUrl()}/disconnect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x' });
  assert.equal(post.status, 401, 'a form POST without a session');
  await page.fill('input[name=password]', `${g.b.gw.adminKey}x`);
  const refused = page.waitForResponse('**/admin/login');
  await page.click('button[type=submit]');
  assert.equal((await refused).status(), 401);
  assert.equal(await page.textContent('[role=alert]'), 'That is not the admin key.');
  const sessionCookies = async () => (await context.cookies()).filter((c) => c.name === 'cobro_admin');
  assert.deepEqual(await sessionCookies(), [], 'no session for a wrong key');
  await screenshot(page, 'admin-login-refused');
  await page.fill('input[name=password]', g.b.gw.adminKey!);
  await page.click('button[type=submit]');
  await page.waitForURL('**/admin/sellers');
  const [cookie] = await sessionCookies();
  assert.equal(cookie?.httpOnly, true);
  assert.equal(cookie?.sameSite, 'Strict');
  assert.equal(cookie?.path, '/admin');
  assert.ok(cookie!.expires * 1000 > Date.now() + 7 * 3600_000 && cookie!.expires * 1000 < Date.now() + 9 * 3600_000, 'expires in 8 hours');
  const row = await page.textContent('tbody tr');
  assert.match(row ?? '', new RegExp(`${g.b.gw.demo!.seller.nickname}.*ARS.*connected`, 's'));
  assert.ok(await page.isVisible('a[href^="/connect?return_to="]'), 'a connect link');
  assert.ok(await page.isVisible(`button:has-text("Disconnect ${g.b.gw.demo!.seller.nickname}")`));
  await assertAccessible(page, 'sellers (phone)');
  await screenshot(page, 'admin-sellers-phone');
  await page.click('button:has-text("Log out")');
  await page.waitForURL('**/admin');
  assert.deepEqual(await sessionCookies(), []);
  await page.goto(`${g.b.gw.url}/admin/sellers`);
  assert.equal(new URL(page.url()).pathname, '/admin');
  await context.close();
});

test('a store and a POS created here, its device key shown once, used, revoked: then 401 on /api/pos, and in no other page', async () => {
  const page = await login();
  await page.goto(sellerUrl());
  await assertAccessible(page, 'seller');
  const store = { name: 'Sucursal Norte', external_id: 'store_norte', street_name: 'Cabildo', street_number: '2040', city_name: 'Belgrano', state_name: 'Capital Federal', latitude: '-34.5597', longitude: '-58.4622' };
  for (const [field, value] of Object.entries(store)) await page.fill(`form:has(#new-store) input[name=${field}]`, value);
  await page.click('button:has-text("Create store")');
  await page.waitForSelector('td:has-text("Sucursal Norte")');
  const stores = await json('GET', `${g.b.gw.url}/admin/api/sellers/${g.b.gw.demo!.seller.id}/stores`, g.b.gw.adminKey!);
  assert.ok(stores.body.results.some((s: any) => s.external_id === 'store_norte' && s.mp_store_id), 'created on Mercado Pago');
  await page.fill('form:has(#new-pos) input[name=name]', 'Caja 2');
  await page.fill('form:has(#new-pos) input[name=external_id]', 'CAJA2');
  await page.selectOption('select[name=store_external_id]', 'store_norte');
  await page.click('button:has-text("Create POS")');
  await page.waitForSelector('h3:has-text("Caja 2")');
  assert.match(await page.textContent('h3:has-text("Caja 2")') ?? '', /Sucursal Norte/);
  await page.fill('section:has(h3:has-text("Caja 2")) input[name=label]', 'counter tablet');
  await page.click('button:has-text("New device key for Caja 2")');
  const key = (await page.textContent('#secret'))!;
  assert.match(key, /^cbk_[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.evaluate(() => document.title), `Device key ${key.slice(0, 8)}…${key.slice(-4)} · cobro admin`);
  await assertAccessible(page, 'device key shown once');
  await screenshot(page, 'admin-device-key');
  const terminal = await json('GET', `${g.b.gw.url}/api/pos`, key);
  assert.equal(terminal.status, 200);
  assert.equal(terminal.body.external_id, 'CAJA2');
  await page.click('a:has-text("Back to the seller")');
  const card = page.locator('section:has(h3:has-text("Caja 2"))');
  assert.match(await card.textContent() ?? '', /counter tablet/);
  for (const url of [`${g.b.gw.url}/admin/sellers`, sellerUrl()]) {
    await page.goto(url);
    assert.ok(!(await page.content()).includes(key), `the key is not in ${url}`);
    assert.ok(!(await page.content()).includes(key.slice(8, -4)), `nor any part past its hint in ${url}`);
  }
  await card.locator('button:has-text("Revoke")').click();
  await page.waitForSelector('section:has(h3:has-text("Caja 2")) .bad:has-text("revoked")');
  assert.equal((await json('GET', `${g.b.gw.url}/api/pos`, key)).status, 401, 'the revoked key is refused');
  await assertAccessible(page, 'seller, key revoked');
  await screenshot(page, 'admin-seller');
  await page.context().close();
});

test('a pairing code made in the admin pairs the cashier page', async () => {
  const page = await login(390);
  await page.goto(sellerUrl());
  await page.click('button:has-text("Pairing code for Caja 1")');
  const code = (await page.textContent('#secret'))!;
  assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  await assertAccessible(page, 'pairing code');
  await screenshot(page, 'admin-pairing-code');
  await page.goto(sellerUrl());
  assert.ok(!(await page.content()).includes(code));
  const cashier = await openCashier(g.b, code);
  assert.match(await cashier.textContent('#where') ?? '', /Caja 1/);
  await cashier.context().close();
  await page.context().close();
});

test('a form POST without its session\'s CSRF token is 403 and changes nothing', async () => {
  const { seller, pos } = g.b.gw.demo!;
  const keys = async () => (await json('GET', `${g.b.gw.url}/admin/api/sellers/${seller.id}/pos/${pos.id}/device-keys`, g.b.gw.adminKey!)).body.results.length;
  const session = async () => {
    const page = await login();
    await page.goto(sellerUrl());
    const token = await page.getAttribute('input[name=_csrf]', 'value');
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await page.context().close();
    return { token: token!, cookie };
  };
  const a = await session();
  const b = await session();
  assert.notEqual(a.token, b.token, 'one token per session');
  const create = (cookie: string, form: string) => fetch(`${sellerUrl()}/pos/${pos.id}/device-keys`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual',
  });
  const before = await keys();
  for (const form of ['label=x', 'label=x&_csrf=', `label=x&_csrf=${a.token.slice(0, -1)}${a.token.endsWith('A') ? 'B' : 'A'}`, `label=x&_csrf=${b.token}`]) {
    const res = await create(a.cookie, form);
    assert.equal(res.status, 403, form);
    assert.equal((await res.json()).error.code, 'csrf_refused');
  }
  const disconnect = await fetch(`${sellerUrl()}/disconnect`, { method: 'POST', headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${b.token}` });
  assert.equal(disconnect.status, 403);
  assert.equal(await keys(), before, 'no key was created');
  assert.equal((await json('GET', `${g.b.gw.url}/admin/api/sellers/${seller.id}`, g.b.gw.adminKey!)).body.status, 'connected', 'the seller is still connected');
  const ok = await create(a.cookie, `label=x&_csrf=${encodeURIComponent(a.token)}`);
  assert.equal(ok.status, 201, 'its own token is taken');
  assert.equal(await keys(), before + 1);
});

test('a POS form the gateway refuses comes back saying why; a forged session cookie is no session', async () => {
  const page = await login();
  await page.goto(sellerUrl());
  const token = (await page.getAttribute('input[name=_csrf]', 'value'))!;
  const [cookie] = await page.context().cookies();
  await page.context().close();
  const headers = { cookie: `${cookie!.name}=${cookie!.value}`, 'content-type': 'application/x-www-form-urlencoded' };
  const bad = await fetch(`${sellerUrl()}/pos`, { method: 'POST', headers, body: new URLSearchParams({ _csrf: token, name: 'Caja 3', external_id: 'caja-3', store_external_id: 'DEMO_STORE' }) });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /external_id: letters and digits only/);
  const badStore = await fetch(`${sellerUrl()}/stores`, { method: 'POST', headers, body: new URLSearchParams({ _csrf: token, name: 'X', external_id: 'x1', street_name: 'a', street_number: '1', city_name: 'b', state_name: 'c', latitude: 'north', longitude: '0' }) });
  assert.equal(badStore.status, 400);
  assert.match(await badStore.text(), /location\.latitude/);
  const [sid, exp] = cookie!.value.split('.');
  for (const forged of [`${sid}.${Number(exp) + 3600}.${cookie!.value.split('.')[2]}`, `${sid}.${exp}.${'A'.repeat(43)}`, 'x']) {
    const res = await fetch(`${g.b.gw.url}/admin/sellers`, { headers: { cookie: `${cookie!.name}=${forged}` }, redirect: 'manual' });
    assert.equal(res.status, 303, forged);
    assert.equal(res.headers.get('location'), '/admin');
  }
});

// Last: it disconnects the demo seller the other tests use.
test('Disconnect: the seller shows disconnected and its terminals are refused', async () => {
  const page = await login();
  await page.click(`button:has-text("Disconnect ${g.b.gw.demo!.seller.nickname}")`);
  await page.waitForSelector('tbody .bad:has-text("disconnected by an operator")');
  assert.ok(await page.isVisible('a:has-text("Connect again")'));
  const charge = await fetch(`${g.b.gw.url}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${g.key}`, 'content-type': 'application/json', 'idempotency-key': 'after-disconnect' },
    body: JSON.stringify({ amount: '10.00', mode: 'dynamic' }),
  });
  assert.equal(charge.status, 409);
  assert.equal((await charge.json()).error.code, 'seller_disconnected');
  await assertAccessible(page, 'sellers, disconnected');
  await screenshot(page, 'admin-sellers-disconnected');
  await page.context().close();
});
