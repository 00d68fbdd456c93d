// Sellers connect through Mercado Pago's consent page (state in a signed cookie, PKCE), their tokens are sealed
// at rest, refreshed by one process at a time, and a refused refresh disconnects them with a clear 409.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, MP, control, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

for (const target of testDatabases()) {
  test(`${target.name}: a seller connects through the consent page; tokens are stored sealed`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sel-1-${target.name}`);
    const shop = await gw.shop('MLB');
    const r = await gw.connect(shop);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.seller.mp_user_id, shop.user_id);
    assert.equal(r.body.seller.site_id, 'MLB');
    assert.equal(r.body.seller.currency, 'BRL');
    assert.equal(r.body.seller.status, 'connected');
    assert.equal(JSON.stringify(r.body).includes('APP_USR'), false, 'no token in the response');
    const row = await db.db.selectFrom('sellers').selectAll().executeTakeFirstOrThrow();
    assert.match(row.access_token, /^k1:/);
    assert.equal(JSON.stringify(row).includes('APP_USR'), false, 'no plaintext token at rest');
    // The stored token acts as the seller.
    const { mp } = await gw.sellers.clientFor(row.id);
    assert.equal((await mp.users.me()).id, shop.user_id);
    // A second shop is a second tenant; reconnecting the first keeps its id.
    const other = await gw.connect(await gw.shop('MLC'));
    assert.equal(other.body.seller.currency, 'CLP');
    const again = await gw.connect(shop);
    assert.equal(again.body.seller.id, r.body.seller.id);
    assert.equal((await gw.sellers.list()).length, 2);
  });

  test(`${target.name}: a callback without this browser's state cookie, or replayed, stores nothing`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sel-2-${target.name}`);
    const shop = await gw.shop();
    const start = await gw.app.request(`${GATEWAY}/connect`);
    const consent = new URL(start.headers.get('location')!);
    assert.equal(consent.searchParams.get('code_challenge_method'), 'S256');
    const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), email: shop.email, password: shop.password, decision: 'allow' });
    const allowed = await gw.sb.fetch(`${MP}/authorization`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = allowed.headers.get('location')!;
    const noCookie = await gw.app.request(callback);
    assert.equal(noCookie.status, 400);
    assert.equal((await noCookie.json()).error.code, 'oauth_state_mismatch');
    const forged = await gw.app.request(callback, { headers: { cookie: `cobro_oauth_state=${consent.searchParams.get('state')}.forged` } });
    assert.equal((await forged.json()).error.code, 'oauth_state_mismatch');
    const cookie = start.headers.get('set-cookie')!.split(';')[0];
    assert.equal((await gw.app.request(callback, { headers: { cookie } })).status, 200);
    const replay = await gw.app.request(callback, { headers: { cookie } });
    assert.equal((await replay.json()).error.code, 'oauth_state_expired');
    assert.equal((await gw.sellers.list()).length, 1);
    const open = await gw.app.request(`${GATEWAY}/connect?return_to=https://evil.example/`);
    assert.equal(open.status, 400);
  });

  test(`${target.name}: two processes refreshing at once make one Mercado Pago refresh; a refused refresh disconnects`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sel-3-${target.name}`);
    const shop = await gw.shop();
    const { body } = await gw.connect(shop);
    const id = body.seller.id;
    gw.now.value = new Date(gw.now.value.getTime() + 120_000);
    const before = await db.db.selectFrom('sellers').select(['access_token', 'refresh_token']).executeTakeFirstOrThrow();
    const results = await Promise.all([gw.sellers.refresh(id), gw.second().refresh(id)]);
    assert.deepEqual(results.sort(), ['refreshed', 'skipped']);
    const after = await db.db.selectFrom('sellers').select(['access_token', 'refresh_token']).executeTakeFirstOrThrow();
    assert.notEqual(after.access_token, before.access_token);
    assert.notEqual(after.refresh_token, before.refresh_token);
    // The new token works; had both processes called MP, the second would have spent the new refresh token.
    assert.equal((await (await gw.sellers.clientFor(id)).mp.users.me()).id, shop.user_id);
    assert.equal(await gw.sellers.refresh(id), 'skipped', 'just refreshed: left alone');
    gw.now.value = new Date(gw.now.value.getTime() + 120_000);
    assert.equal(await gw.sellers.refresh(id), 'refreshed');
    gw.now.value = new Date(gw.now.value.getTime() + 120_000);
    // The seller unlinks the app on Mercado Pago: the next refresh is refused and charges get a clear 409.
    await control(gw.sb, 'POST', `/__sandbox/accounts/${shop.user_id}/revoke`, { client_id: gw.integrator.client_id });
    assert.equal(await gw.sellers.refresh(id), 'disconnected');
    await assert.rejects(gw.sellers.clientFor(id), (e: any) => e.status === 409 && e.code === 'seller_disconnected' && /connect again/.test(e.message));
    assert.equal((await gw.sellers.get(id)).status, 'disconnected');
  });

  test(`${target.name}: tokens due within a month are the refresh job's work`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `sel-4-${target.name}`);
    const { body } = await gw.connect(await gw.shop());
    assert.deepEqual(await gw.sellers.dueForRefresh(), []);
    gw.now.value = new Date(gw.now.value.getTime() + 151 * 86400_000);
    assert.deepEqual(await gw.sellers.dueForRefresh(), [body.seller.id]);
  });
}
