// Same seed, same script → byte-identical responses and webhook deliveries (ids, timestamps, QR payloads,
// signatures). A full flow over HTTP only, across every API generation, so any id drawn outside `state.rng`
// or any time read outside `state.now()` shows up here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox } from '../src/index.ts';
import { receiver } from './notifications-helpers.ts';

async function script(seed: string): Promise<string[]> {
  const rx = receiver();
  const sb = createSandbox({ seed, webhookFetch: rx.fetch });
  const log: string[] = [];
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await sb.fetch(`https://api.mercadopago.com${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    });
    const text = await res.text();
    log.push(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const seller = await call('POST', '/__sandbox/accounts', { site_id: 'MLB', webhook_url: 'https://hooks.example/mp' });
  const sponsor = await call('POST', '/__sandbox/accounts', { site_id: 'MLB' });
  const auth = { authorization: `Bearer ${seller.access_token}` };
  const uid = seller.user_id;
  await call('POST', `/users/${uid}/stores`, {
    name: 'Loja', external_id: 'LOJA1',
    location: { street_number: '100', street_name: 'Av Paulista', city_name: 'São Paulo', state_name: 'SP', latitude: -23.56, longitude: -46.65 },
  }, auth);
  const pos = await call('POST', '/pos', { name: 'Caixa 1', fixed_amount: true, external_store_id: 'LOJA1', external_id: 'LOJA1POS1' }, auth);
  await call('GET', `/pos/${pos.id}`, undefined, auth);
  // Orders API: dynamic order, paid, partially then fully refunded.
  const order = await call('POST', '/v1/orders', {
    type: 'qr', total_amount: '80.00', external_reference: 'det-1', config: { qr: { external_pos_id: 'LOJA1POS1', mode: 'dynamic' } },
    transactions: { payments: [{ amount: '80.00' }] }, integration_data: { sponsor: { id: String(sponsor.user_id) } },
  }, { ...auth, 'x-idempotency-key': 'det-k1' });
  await call('POST', '/__sandbox/pay', { qr_data: order.type_response.qr_data, card: 'OTHE' });
  await call('POST', '/__sandbox/pay', { qr_data: order.type_response.qr_data, payment_method_id: 'master' });
  const paid = await call('GET', `/v1/orders/${order.id}`, undefined, auth);
  await call('POST', `/v1/orders/${order.id}/refund`, { transactions: [{ id: paid.transactions.payments[0].id, amount: '10.00' }] }, { ...auth, 'x-idempotency-key': 'det-k2' });
  await call('POST', '/__sandbox/clock/advance', { duration: 'PT1M' });
  await call('POST', `/v1/orders/${order.id}/refund`, undefined, { ...auth, 'x-idempotency-key': 'det-k3' });
  await call('POST', '/__sandbox/clock/advance', { duration: 'PT1M' });
  await call('GET', `/v1/payments/${paid.transactions.payments[0].reference_id}`, undefined, auth);
  // A static order that expires.
  await call('POST', '/v1/orders', {
    type: 'qr', total_amount: '5.00', external_reference: 'det-2', config: { qr: { external_pos_id: 'LOJA1POS1', mode: 'static' } },
    transactions: { payments: [{ amount: '5.00' }] },
  }, { ...auth, 'x-idempotency-key': 'det-k4' });
  await call('POST', '/__sandbox/clock/advance', { duration: 'PT11M' });
  // Legacy attended order with a notification_url: scanned twice (two merchant orders), paid, refunded.
  await call('PUT', `/instore/qr/seller/collectors/${uid}/pos/LOJA1POS1/orders`, {
    external_reference: 'det-3', total_amount: 30, notification_url: 'https://pos.example/ipn', sponsor: { id: sponsor.user_id },
    items: [{ title: 'Café', description: 'Café', unit_price: 15, quantity: 2, unit_measure: 'unit' }],
  }, auth);
  await call('POST', '/__sandbox/scan', { pos_id: pos.id });
  const legacyPay = await call('POST', '/__sandbox/pay', { pos_id: pos.id, card: 'APRO' });
  await call('GET', `/merchant_orders/${legacyPay.merchant_order_id}`, undefined, auth);
  await call('POST', `/v1/payments/${legacyPay.payment_id}/refunds`, { amount: 5 }, { ...auth, 'x-idempotency-key': 'det-k5' });
  await call('GET', '/v1/payments/search?sort=date_created&criteria=asc', undefined, auth);
  await call('GET', '/merchant_orders/search', undefined, auth);
  // Dynamic legacy QR and a test user.
  await call('POST', `/instore/orders/qr/seller/collectors/${uid}/pos/LOJA1POS1/qrs`, {
    external_reference: 'det-4', total_amount: 12.5, items: [{ title: 'Pão', description: 'Pão', unit_price: 12.5, quantity: 1, unit_measure: 'unit' }],
  }, auth);
  await call('POST', '/users/test_user', { site_id: 'MLB', description: 'det' }, auth);
  await call('POST', '/__sandbox/webhooks/idle');
  for (const r of rx.got) log.push(`delivery ${r.url} ${JSON.stringify(r.headers)} ${JSON.stringify(r.body)}`);
  sb.close();
  return log;
}

test('two sandboxes with the same seed answer a full flow identically, webhook deliveries included', async () => {
  const a = await script('det-seed');
  const b = await script('det-seed');
  assert.ok(a.some((l) => l.startsWith('delivery ') && l.includes('x-signature')), 'signed webhooks were delivered');
  assert.ok(a.some((l) => l.startsWith('delivery ') && l.includes('topic=merchant_order')), 'legacy IPN was delivered');
  assert.ok(a.filter((l) => l.startsWith('delivery https://pos.example/')).every((l) => !l.includes('x-signature')), 'notification_url deliveries are unsigned (§9.1)');
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.equal(b[i], a[i], `line ${i} differs`);
  const other = await script('another-seed');
  assert.notDeepEqual(other, a, 'the seed drives the ids');
});
