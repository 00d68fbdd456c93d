// HTTP conventions every endpoint shares (spec §12): JSON bodies only, MP-shaped 404s for unknown paths and for
// known paths called with a method MP does not serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSeller, orderBody, sandbox } from './orders-helpers.ts';
import { stats } from './http.ts';

test('by default a JSON body is read whatever its Content-Type says (MP gives no rejection for it)', async () => {
  const sb = sandbox('http-0');
  const s = await newSeller(sb);
  const res = await sb.fetch('https://api.mercadopago.com/v1/orders', {
    method: 'POST', body: JSON.stringify(orderBody(s)),
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'text/plain', 'x-idempotency-key': 'ct-0' },
  });
  assert.equal(res.status, 201, await res.text());
});

test('requireJsonContentType: a body sent with a non-JSON Content-Type is a 400 naming the header, and creates nothing', async () => {
  const sb = sandbox('http-1', { requireJsonContentType: true });
  const s = await newSeller(sb);
  const uid = s.id;
  const legacy = { external_reference: 'r1', total_amount: 10, items: [{ title: 't', description: 'd', unit_price: 10, quantity: 1, unit_measure: 'unit' }] };
  const writes: [string, string, unknown, Record<string, string>][] = [
    ['POST', '/v1/orders', orderBody(s), { 'x-idempotency-key': 'ct-1' }],
    ['POST', `/users/${uid}/stores`, { name: 'x', location: {} }, {}],
    ['POST', '/pos', { name: 'Caja 9', fixed_amount: true, external_store_id: 'STORE1', external_id: 'POS9' }, {}],
    ['PUT', `/instore/qr/seller/collectors/${uid}/pos/${s.posExternalId}/orders`, legacy, {}],
  ];
  const counts = () => stats(sb);
  const before = await counts();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    for (const [method, path, body, headers] of writes) {
      const res = await sb.fetch(`https://api.mercadopago.com${path}`, {
        method, body: JSON.stringify(body), headers: { authorization: `Bearer ${s.token}`, 'content-type': type, ...headers },
      });
      const text = await res.text();
      assert.equal(res.status, 400, `${method} ${path} as ${type}: ${text}`);
      assert.match(text, /Content-Type must be application\/json/);
    }
  }
  assert.deepEqual(await counts(), before);
  // Parameters and vendor JSON types are JSON too.
  const ok = await sb.fetch('https://api.mercadopago.com/v1/orders', {
    method: 'POST', body: JSON.stringify(orderBody(s)),
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json; charset=utf-8', 'x-idempotency-key': 'ct-2' },
  });
  assert.equal(ok.status, 201);
});

test('a known path with a method MP does not serve is a 404 in MP\'s shape (Orders shape under /v1/orders), never plain text', async () => {
  const sb = sandbox('http-2');
  const s = await newSeller(sb);
  for (const [method, path] of [['PATCH', '/v1/orders'], ['GET', '/v1/orders'], ['PUT', '/pos'], ['POST', `/pos/${s.posId}`],
    ['GET', '/oauth/token'], ['DELETE', '/v1/payments/search'], ['PUT', '/__sandbox/clock']] as const) {
    const r = await s.call(method, path);
    assert.equal(r.status, 404, `${method} ${path}`);
    const message = `Resource ${method} ${path} not found.`;
    assert.deepEqual(r.body, path.startsWith('/v1/orders')
      ? { errors: [{ code: 'not_found', message, details: [message] }] }
      : { message, error: 'not_found', status: 404, cause: [] });
  }
});

test('every write endpoint answers malformed JSON and non-object bodies with a 400 in MP\'s shape, changing nothing', async () => {
  const sb = sandbox('http-3');
  const s = await newSeller(sb);
  const u = s.id;
  const order = (await s.call('POST', '/v1/orders', orderBody(s), { 'x-idempotency-key': 'w-0' })).body;
  const store = (await s.call('GET', `/users/${u}/stores/search`)).body.results[0].id;
  const writes: [string, string][] = [
    ['POST', '/v1/orders'], ['POST', `/v1/orders/${order.id}/refund`], ['POST', `/v1/orders/${order.id}/events`],
    ['POST', `/users/${u}/stores`], ['PUT', `/users/${u}/stores/${store}`], ['POST', '/pos'], ['PUT', `/pos/${s.posId}`],
    ['PUT', `/instore/qr/seller/collectors/${u}/pos/${s.posExternalId}/orders`],
    ['POST', `/instore/orders/qr/seller/collectors/${u}/pos/${s.posExternalId}/qrs`],
    ['PUT', `/instore/orders/qr/seller/collectors/${u}/pos/${s.posExternalId}/qrs`],
    ['POST', `/mpmobile/instore/qr/${u}/${s.posExternalId}`], ['POST', '/users/test_user'], ['POST', '/oauth/token'],
    ['POST', '/__sandbox/accounts'], ['POST', '/__sandbox/apps'], ['POST', '/__sandbox/authorize'], ['POST', '/__sandbox/scan'],
    ['POST', '/__sandbox/pay'], ['POST', '/__sandbox/abandon'], ['POST', '/__sandbox/clock/advance'], ['POST', '/__sandbox/clock/set'],
    ['POST', '/__sandbox/faults'],
  ];
  const snapshot = async () => JSON.stringify(await stats(sb));
  const before = await snapshot();
  let n = 0;
  for (const [method, path] of writes) {
    for (const body of ['{"a":', '[1]', 'null', '"text"', '12', 'true']) {
      const res = await sb.fetch(`https://api.mercadopago.com${path}`, {
        method, body, headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', 'x-idempotency-key': `w-${++n}` },
      });
      const text = await res.text();
      const where = `${method} ${path} ${body}: ${text}`;
      assert.equal(res.status, 400, where);
      const json = JSON.parse(text);
      assert.ok(json.errors?.[0]?.code || (json.error && json.status === 400), where);
    }
  }
  assert.equal(await snapshot(), before);
});
