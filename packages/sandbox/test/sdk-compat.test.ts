// The official `mercadopago` Node SDK, unchanged, against the sandbox on a real port: its requests are routed
// there by wrapping global fetch (the SDK has no base-URL option).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MercadoPagoConfig, MerchantOrder, OAuth, Order, Payment, PaymentRefund, User } from 'mercadopago';
import { createSandbox, listen, type RunningSandbox } from '../src/index.ts';

const sb = createSandbox({ seed: 'sdk-compat' });
let running: RunningSandbox;
const realFetch = globalThis.fetch;

before(async () => {
  running = await listen(sb);
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return realFetch(url.replace('https://api.mercadopago.com', running.url), init);
  }) as typeof fetch;
});
after(async () => {
  globalThis.fetch = realFetch;
  await running.close();
});

const seller = sb.control.accounts.create({ site_id: 'MLA' });
const integrator = sb.control.accounts.create({ site_id: 'MLA', redirect_uris: ['https://integrator.example/callback'] });
const config = new MercadoPagoConfig({ accessToken: seller.access_token });

async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await sb.fetch(`https://api.mercadopago.com${path}`, {
    method,
    headers: { authorization: `Bearer ${seller.access_token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path} → ${res.status} ${await res.clone().text()}`);
  return res.status === 204 ? undefined : await res.json() as Record<string, unknown>;
}

let posExternalId = '';
before(async () => {
  await raw('POST', `/users/${seller.user_id}/stores`, {
    name: 'Sucursal SDK', external_id: 'SDK1',
    location: { street_number: '100', street_name: 'Florida', city_name: 'San Nicolas', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.37, reference: 'Centro' },
  });
  await raw('POST', '/pos', { name: 'Caja SDK', fixed_amount: true, external_store_id: 'SDK1', external_id: 'SDKPOS1' });
  posExternalId = 'SDKPOS1';
});

test('User.get returns the token owner', async () => {
  const me = await new User(config).get();
  assert.equal(me.id, seller.user_id);
  assert.equal(me.site_id, 'MLA');
});

test('Order create → buyer pays → get, payment get/search, partial refund, merchant order', async () => {
  const orders = new Order(config);
  const created = await orders.create({
    body: {
      type: 'qr', total_amount: '150.50', external_reference: 'sdk-order-1', description: 'Cafe',
      config: { qr: { external_pos_id: posExternalId, mode: 'dynamic' } },
      transactions: { payments: [{ amount: '150.50' }] },
      integration_data: { sponsor: { id: String(integrator.user_id) } },
    } as never,
    requestOptions: { idempotencyKey: 'sdk-create-1' },
  });
  assert.equal(created.status, 'created');
  const qrData = (created as unknown as { type_response: { qr_data: string } }).type_response.qr_data;
  assert.match(qrData, /^000201/);

  sb.control.buyer.pay({ qr_data: qrData, card: 'APRO' });
  const got = await orders.get({ id: created.id! });
  assert.equal(got.status, 'processed');
  const txPayment = got.transactions!.payments![0];
  assert.equal(txPayment.status, 'processed');

  const paymentId = Number((txPayment as { reference_id?: string }).reference_id);
  const payment = await new Payment(config).get({ id: paymentId });
  assert.equal(payment.status, 'approved');
  assert.equal(payment.transaction_amount, 150.5);
  const search = await new Payment(config).search({ options: { external_reference: 'sdk-order-1' } });
  assert.equal(search.results?.length, 1);

  const refunded = await orders.refund({ id: created.id!, body: { transactions: [{ id: txPayment.id!, amount: '50.00' }] } as never, requestOptions: { idempotencyKey: 'sdk-refund-1' } });
  assert.equal(refunded.status, 'processed');
});

test('Order cancel', async () => {
  const orders = new Order(config);
  const created = await orders.create({
    body: {
      type: 'qr', total_amount: '10.00', external_reference: 'sdk-order-2',
      config: { qr: { external_pos_id: posExternalId, mode: 'static' } },
      transactions: { payments: [{ amount: '10.00' }] },
    } as never,
    requestOptions: { idempotencyKey: 'sdk-create-2' },
  });
  const canceled = await orders.cancel({ id: created.id!, requestOptions: { idempotencyKey: 'sdk-cancel-2' } });
  assert.equal(canceled.status, 'canceled');
});

test('legacy attended order → merchant order get/search, payment refund through the SDK', async () => {
  await raw('PUT', `/instore/qr/seller/collectors/${seller.user_id}/pos/${posExternalId}/orders`, {
    external_reference: 'sdk-legacy-1', title: 'Compra', total_amount: 100,
    items: [{ title: 'Pasta', description: 'Pasta', unit_price: 20, quantity: 5, unit_measure: 'unit', total_amount: 100 }],
  });
  const scan = sb.control.buyer.scan({ user_id: seller.user_id, external_pos_id: posExternalId });
  const paid = sb.control.buyer.pay({ scan_id: scan.scan_id, card: 'APRO' });
  const moId = Number(scan.merchant_order_id);
  const mo = await new MerchantOrder(config).get({ merchantOrderId: moId });
  assert.equal(mo.status, 'closed');
  assert.equal(mo.order_status, 'paid');
  const found = await new MerchantOrder(config).search({ options: { external_reference: 'sdk-legacy-1' } });
  assert.equal(found.elements?.length, 1);

  const paymentId = Number((paid as unknown as { payment_id: number }).payment_id);
  const refund = await new PaymentRefund(config).create({ payment_id: paymentId, body: { amount: 25 } });
  assert.equal(refund.amount, 25);
  const all = await new PaymentRefund(config).list({ payment_id: paymentId });
  assert.equal(all.length, 1);
});

test('OAuth create (authorization_code) and refresh', async () => {
  const redirect = 'https://integrator.example/callback';
  const { code } = sb.control.accounts.authorize({ client_id: integrator.client_id, user_id: seller.user_id, redirect_uri: redirect, state: 's1' });
  const oauth = new OAuth(new MercadoPagoConfig({ accessToken: integrator.access_token }));
  const tokens = await oauth.create({ body: { client_id: integrator.client_id, client_secret: integrator.client_secret, code, redirect_uri: redirect } });
  assert.equal(tokens.user_id, seller.user_id);
  assert.match(tokens.access_token!, new RegExp(`-${seller.user_id}$`));
  const refreshed = await oauth.refresh({ body: { client_id: integrator.client_id, client_secret: integrator.client_secret, refresh_token: tokens.refresh_token! } });
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
  const me = await new User(new MercadoPagoConfig({ accessToken: refreshed.access_token! })).get();
  assert.equal(me.id, seller.user_id);
});
