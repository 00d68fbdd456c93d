// The control plane (`/__sandbox/…`) validates its input like MP's endpoints: a typo in a field name or a value of
// the wrong type is a 400 naming the field, never silently ignored, and the rejected call changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, createdOrder, newSeller, request, sandbox } from './orders-helpers.ts';
import { stats } from './http.ts';

test('accounts, apps and authorize reject unknown fields and wrong types, creating nothing', async () => {
  const sb = sandbox('ctl-in-1');
  const s = await newSeller(sb);
  const before = await stats(sb);
  const cases: [string, unknown, RegExp][] = [
    ['accounts', { site_id: 'MLA', sitee: 'MLB' }, /^sitee is not a field/],
    ['accounts', { site_id: 'MLA', webhook: 'https://x.example' }, /^webhook is not a field/],
    ['apps', { owner_id: s.id, redirect_uri: 'https://x.example/cb' }, /^redirect_uri is not a field/],
    ['authorize', { user_id: s.id, client_id: s.clientId, scope: 'read' }, /^scope is not a field/],
    ['authorize', { user_id: s.id, client_id: s.clientId, redirect_uri: 5 }, /^redirect_uri must be/],
    ['authorize', { user_id: s.id, client_id: s.clientId, state: ['x'] }, /^state must be/],
    [`accounts/${s.id}/tokens`, { client_id: 5 }, /^client_id must be/],
    [`accounts/${s.id}/tokens`, { clientid: s.clientId }, /^clientid is not a field/],
    [`accounts/${s.id}/password`, { pasword: 'x' }, /^pasword is not a field/],
    [`accounts/${s.id}/revoke`, { client_id: s.clientId, all: true }, /^all is not a field/],
  ];
  for (const [path, body, message] of cases) {
    const r = await control(sb, path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.error, 'bad_request');
    assert.match(r.body.message, message, `${path} ${JSON.stringify(body)}`);
  }
  assert.deepEqual(await stats(sb), before);
  assert.equal((await s.call('GET', '/users/me')).status, 200, 'no token was revoked');
});

test('scan, pay and abandon reject unknown fields and wrong types before touching the order', async () => {
  const sb = sandbox('ctl-in-2');
  const s = await newSeller(sb);
  const order = await createdOrder(s);
  const qr = order.type_response.qr_data;
  const cases: [string, unknown, RegExp][] = [
    ['scan', { qr_data: qr, buyer: 5 }, /^buyer is not a field/],
    ['pay', { qr_data: qr, cardholder_name: 'APRO' }, /^cardholder_name is not a field/],
    ['pay', { qr_data: qr, buyer_id: 'someone' }, /^buyer_id must be/],
    ['abandon', { scan_id: 5 }, /^scan_id must be a string/],
    ['abandon', { scan_id: 'x', reason: 'bored' }, /^reason is not a field/],
  ];
  for (const [path, body, message] of cases) {
    const r = await control(sb, path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.body.message, message, `${path} ${JSON.stringify(body)}`);
  }
  assert.equal((await stats(sb)).scans, 0);
  const got = await s.call('GET', `/v1/orders/${order.id}`);
  assert.equal(got.body.status, 'created');
  const cancel = await s.call('POST', `/v1/orders/${order.id}/cancel`, undefined, { 'x-idempotency-key': 'c1' });
  assert.equal(cancel.status, 200, 'nothing locked the order');
});

test('the delivery log rejects filter values it can never match', async () => {
  const sb = sandbox('ctl-in-3');
  for (const q of ['status=deliverd', 'kind=email', 'topic=orders', 'user_id=abc']) {
    const r = await request(sb, 'GET', `/__sandbox/webhooks?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.body.message, new RegExp(`^${q.split('=')[0]} must be`), q);
  }
  const unknown = await request(sb, 'GET', '/__sandbox/webhooks?state=failed');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.message, /^state is not a filter/);
  assert.equal((await request(sb, 'GET', '/__sandbox/webhooks?status=failed')).status, 200);
});
