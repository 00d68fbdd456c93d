// Every authenticated endpoint refuses a dead token the same way: a revoked OAuth token, an expired panel
// token and the token of a test user idle for 60 days all get 401 in the endpoint's error shape, see no data and
// change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caller, control, createdOrder, newSeller, request, sandbox, type Seller } from './orders-helpers.ts';
import { advance, stats } from './http.ts';

function endpoints(s: Seller, ids: { store: string; order: string; payment: number; refund: number; mo: number }): [string, string, unknown?][] {
  const u = s.id, p = s.posExternalId;
  const legacy = { external_reference: 'r', total_amount: 10, items: [{ title: 't', description: 'd', unit_price: 10, quantity: 1, unit_measure: 'unit' }] };
  return [
    ['GET', '/users/me'], ['POST', '/users/test_user', { site_id: 'MLA' }], ['GET', '/test_user/search'], ['PUT', `/test_user/${u}/password`],
    ['POST', `/users/${u}/stores`, { name: 'x' }], ['GET', `/users/${u}/stores/search`], ['GET', `/stores/${ids.store}`],
    ['PUT', `/users/${u}/stores/${ids.store}`, { name: 'y' }], ['DELETE', `/users/${u}/stores/${ids.store}`],
    ['POST', '/pos', { name: 'x' }], ['GET', '/pos'], ['GET', `/pos/${s.posId}`], ['PUT', `/pos/${s.posId}`, { name: 'y' }], ['DELETE', `/pos/${s.pos2Id}`],
    ['PUT', `/instore/qr/seller/collectors/${u}/pos/${p}/orders`, legacy], ['GET', `/instore/qr/seller/collectors/${u}/pos/${p}/orders`],
    ['DELETE', `/instore/qr/seller/collectors/${u}/pos/${p}/orders`], ['PUT', `/instore/qr/seller/collectors/${u}/stores/STORE/pos/${p}/orders`, legacy],
    ['POST', `/instore/orders/qr/seller/collectors/${u}/pos/${p}/qrs`, legacy], ['PUT', `/instore/orders/qr/seller/collectors/${u}/pos/${p}/qrs`, legacy],
    ['POST', `/mpmobile/instore/qr/${u}/${p}`, {}], ['GET', `/mpmobile/instore/qr/${u}/${p}`], ['DELETE', `/mpmobile/instore/qr/${u}/${p}`],
    ['GET', `/merchant_orders/${ids.mo}`], ['GET', '/merchant_orders/search'],
    ['GET', `/v1/payments/${ids.payment}`], ['GET', '/v1/payments/search'], ['POST', `/v1/payments/${ids.payment}/refunds`, {}],
    ['GET', `/v1/payments/${ids.payment}/refunds`], ['GET', `/v1/payments/${ids.payment}/refunds/${ids.refund}`],
    ['POST', '/v1/orders', {}], ['GET', `/v1/orders/${ids.order}`], ['POST', `/v1/orders/${ids.order}/cancel`],
    ['POST', `/v1/orders/${ids.order}/refund`], ['POST', `/v1/orders/${ids.order}/events`, { status: 'processed' }],
  ];
}

async function world(seed: string, kind: 'production' | 'test') {
  const sb = sandbox(seed);
  const s = await newSeller(sb, 'MLA', kind);
  const store = (await s.call('GET', `/users/${s.id}/stores/search`)).body.results[0].id;
  await s.call('PUT', `/instore/qr/seller/collectors/${s.id}/pos/${s.pos2ExternalId}/orders`,
    { external_reference: 'r', total_amount: 10, items: [{ title: 't', description: 'd', unit_price: 10, quantity: 1, unit_measure: 'unit' }] });
  const legacy = await control(sb, 'pay', { pos_id: s.pos2Id });
  const refund = await s.call('POST', `/v1/payments/${legacy.body.payment_id}/refunds`, { amount: 1 });
  const order = await createdOrder(s);
  const ids = { store, order: order.id, payment: legacy.body.payment_id, refund: refund.body.id, mo: legacy.body.merchant_order_id };
  const counts = async () => JSON.stringify(await stats(sb));
  return { sb, s, ids, counts };
}

async function assertDead(w: Awaited<ReturnType<typeof world>>, token: string, why: string) {
  const before = await w.counts();
  const call = caller(w.sb, token);
  for (const [method, path, body] of endpoints(w.s, w.ids)) {
    const r = await call(method, path, body, { 'x-idempotency-key': `${why}-${method}-${path}` });
    const where = `${why}: ${method} ${path}`;
    assert.equal(r.status, 401, `${where}: ${r.text}`);
    if (path.startsWith('/v1/orders')) assert.equal(r.body.errors[0].code, 'unauthorized', where);
    else assert.equal(r.body.error, path.startsWith('/merchant_orders') ? 'invalid_token' : 'unauthorized', where);
    assert.ok(!r.text.includes(String(w.ids.payment)) && !r.text.includes(w.ids.order), `${where} leaks nothing`);
  }
  assert.equal(await w.counts(), before, `${why}: nothing changed`);
}

test('a revoked OAuth token is refused everywhere', async () => {
  const w = await world('auth-revoked', 'production');
  const integrator = (await control(w.sb, 'accounts', { site_id: 'MLA', redirect_uris: ['https://int.example/cb'] })).body;
  const consent = await control(w.sb, 'authorize', { client_id: integrator.client_id, user_id: w.s.id });
  const grant = await request(w.sb, 'POST', '/oauth/token', {
    client_id: integrator.client_id, client_secret: integrator.client_secret, grant_type: 'authorization_code',
    code: consent.body.code, redirect_uri: 'https://int.example/cb',
  });
  assert.equal(grant.status, 200, grant.text);
  const token = grant.body.access_token;
  assert.equal((await caller(w.sb, token)('GET', '/users/me')).status, 200);
  const r = await control(w.sb, `accounts/${w.s.id}/revoke`, { client_id: integrator.client_id });
  assert.equal(r.status, 200, r.text);
  await assertDead(w, token, 'revoked');
});

test('an expired panel token is refused everywhere', async () => {
  const w = await world('auth-expired', 'production');
  await advance(w.sb, 181 * 86400_000);
  await assertDead(w, w.s.token, 'expired');
});

test('the token of a test user idle for 60 days is refused everywhere', async () => {
  const w = await world('auth-idle', 'test');
  await advance(w.sb, 61 * 86400_000);
  await assertDead(w, w.s.token, 'idle');
});
