// No stricter than Mercado Pago (2): the documented endpoints integrations call — GET /users/{id}, PUT
// /v1/payments/{id} — the reference's shapes and error codes, and notifications signed, unsigned or signed over
// the lower-cased data.id, or not sent at all for test credentials. Over HTTP, through test/http.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { SandboxOptions } from '../src/options.ts';
import { code, http, ok, request, sandbox, seller, type Seller } from './http.ts';

let keys = 0;
const key = () => ({ 'x-idempotency-key': `fid-${++keys}` });

function orderBody(s: Seller, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'qr', total_amount: '50.00', external_reference: `ext_${keys}`,
    config: { qr: { external_pos_id: s.pos[0].external_id, mode: 'static' } },
    transactions: { payments: [{ amount: '50.00' }] }, ...over,
  };
}

async function paid(s: Seller, call = s.call): Promise<any> {
  const order = await ok(call('POST', '/v1/orders', orderBody(s, { config: { qr: { external_pos_id: s.pos[0].external_id, mode: 'dynamic' } } }), key()));
  assert.equal((await call('POST', `/v1/orders/${order.id}/events`, { status: 'processed' })).status, 204);
  return ok(call('GET', `/v1/orders/${order.id}`));
}

test('Orders refund above what is left → 400 refund_amount_exceeds (refunds in progress count as spent)', async () => {
  const sb = sandbox('fid-refund');
  const s = await seller(sb, { pos: 1 });
  const order = await paid(s);
  const tx = order.transactions.payments[0].id;
  const refund = (amount: string) => s.call('POST', `/v1/orders/${order.id}/refund`, { transactions: [{ id: tx, amount }] }, key());
  assert.equal((await refund('30.00')).status, 201);
  for (const amount of ['30.00', '60.00']) {
    const r = await refund(amount);
    assert.equal(r.status, 400, r.text);
    assert.equal(code(r), 'refund_amount_exceeds');
  }
  assert.equal((await refund('20.00')).status, 201);
});

test('one pending order per POS is the ordersOnePendingPerPos option (on by default)', async () => {
  const sb = sandbox('fid-queue');
  const s = await seller(sb, { pos: 1 });
  assert.equal((await s.call('POST', '/v1/orders', orderBody(s), key())).status, 201);
  assert.equal(code(await s.call('POST', '/v1/orders', orderBody(s), key())), 'already_queued_order_on_pos');
  const loose = sandbox('fid-queue-2', { ordersOnePendingPerPos: false });
  const t = await seller(loose, { pos: 1 });
  assert.equal((await t.call('POST', '/v1/orders', orderBody(t), key())).status, 201);
  assert.equal((await t.call('POST', '/v1/orders', orderBody(t), key())).status, 201);
});

test('GET /users/{id}: anyone\'s public profile; the owner\'s token gets the private view; unknown → 404', async () => {
  const sb = sandbox('fid-users');
  const a = await seller(sb);
  const b = await seller(sb);
  const pub = await ok(b.call('GET', `/users/${a.id}`));
  assert.equal(pub.id, a.id);
  assert.equal(pub.nickname, a.account.nickname);
  assert.equal(pub.site_id, 'MLA');
  assert.equal(pub.country_id, 'AR');
  assert.equal(pub.email, undefined, 'no private data for someone else');
  assert.equal((await ok(request(sb, 'GET', `/users/${a.id}`))).id, a.id, 'public: no token needed');
  const own = await ok(a.call('GET', `/users/${a.id}`));
  assert.equal(own.email, a.account.email);
  assert.equal((await b.call('GET', '/users/999999999999')).status, 404);
});

test('PUT /v1/payments/{id} {"status":"cancelled"}: a pending payment → 200 cancelled, the order payable again; approved → 400', async () => {
  const sb = sandbox('fid-cancel');
  const s = await seller(sb, { pos: 1 });
  const order = await ok(s.call('POST', '/v1/orders', orderBody(s), key()));
  const pending = await ok(request(sb, 'POST', '/__sandbox/pay', { pos_id: s.pos[0].id, card: 'CONT' }));
  assert.equal(pending.payment_status, 'in_process');
  const bad = await s.call('PUT', `/v1/payments/${pending.payment_id}`, { status: 'approved' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /status/);
  const extra = await s.call('PUT', `/v1/payments/${pending.payment_id}`, { status: 'cancelled', capture: true });
  assert.equal(extra.status, 400);
  assert.match(extra.body.message, /capture/);
  const cancelled = await ok(s.call('PUT', `/v1/payments/${pending.payment_id}`, { status: 'cancelled' }));
  assert.equal(cancelled.status, 'cancelled');
  assert.equal((await ok(s.call('GET', `/v1/payments/${pending.payment_id}`))).status, 'cancelled');
  const after = await ok(s.call('GET', `/v1/orders/${order.id}`));
  assert.equal(after.status, 'created');
  assert.equal(after.transactions.payments[0].status, 'created');
  const approved = await ok(request(sb, 'POST', '/__sandbox/pay', { pos_id: s.pos[0].id, card: 'APRO' }));
  assert.equal(approved.payment_status, 'approved');
  const late = await s.call('PUT', `/v1/payments/${approved.payment_id}`, { status: 'cancelled' });
  assert.equal(late.status, 400);
  assert.equal(code(late), 'invalid_payment_status');
  assert.equal((await ok(s.call('GET', `/v1/payments/${approved.payment_id}`))).status, 'approved');
});

interface Got { url: URL; headers: Record<string, string>; body: any }

async function deliveredOrderWebhooks(opts: SandboxOptions, testCredentials = false): Promise<{ got: Got[]; secret: string; orderId: string }> {
  const got: Got[] = [];
  const sb = sandbox(`fid-wh-${++keys}`, {
    ...opts,
    webhookFetch: async (req) => {
      got.push({ url: new URL(req.url), headers: Object.fromEntries(req.headers), body: await req.json() });
      return new Response('ok');
    },
  });
  const s = await seller(sb, { pos: 1, webhook_url: 'https://pos.example/hooks' });
  let call = s.call;
  if (testCredentials) {
    const form = { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.account.client_secret, test_token: 'true' };
    call = http(sb, (await ok(request(sb, 'POST', '/oauth/token', form))).access_token);
  }
  const order = await paid(s, call);
  await ok(request(sb, 'POST', '/__sandbox/webhooks/idle'));
  return { got: got.filter((g) => g.body.type === 'order'), secret: s.account.webhook_secret!, orderId: order.id };
}

function v1(secret: string, g: Got, id: string): string {
  const ts = /ts=(\d+)/.exec(g.headers['x-signature'])![1];
  return createHmac('sha256', secret).update(`id:${id};request-id:${g.headers['x-request-id']};ts:${ts};`).digest('hex');
}

test('notifications: signed by default, unsigned with webhookSignature "unsigned", or signed over the lower-cased data.id', async () => {
  const signed = await deliveredOrderWebhooks({});
  assert.equal(signed.got.length, 1);
  assert.equal(/v1=([0-9a-f]{64})/.exec(signed.got[0].headers['x-signature'])![1], v1(signed.secret, signed.got[0], signed.orderId));

  const unsigned = await deliveredOrderWebhooks({ webhookSignature: 'unsigned' });
  assert.equal(unsigned.got.length, 1);
  assert.equal(unsigned.got[0].headers['x-signature'], undefined);
  assert.equal(unsigned.got[0].url.searchParams.get('data.id'), unsigned.orderId);

  const lower = await deliveredOrderWebhooks({ signatureIdCase: 'lower' });
  assert.equal(lower.got[0].url.searchParams.get('data.id'), lower.orderId, 'the URL keeps the id as it is');
  assert.equal(/v1=([0-9a-f]{64})/.exec(lower.got[0].headers['x-signature'])![1], v1(lower.secret, lower.got[0], lower.orderId.toLowerCase()));
});

test('testCredentialsNotify false: orders made with test credentials send no notifications (poll instead); others still do', async () => {
  const quiet = await deliveredOrderWebhooks({ testCredentialsNotify: false }, true);
  assert.equal(quiet.got.length, 0);
  const live = await deliveredOrderWebhooks({ testCredentialsNotify: false }, false);
  assert.equal(live.got.length, 1);
  const loud = await deliveredOrderWebhooks({}, true);
  assert.equal(loud.got.length, 1, 'by default test credentials notify too');
});
