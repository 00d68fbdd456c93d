// A terminal's sale against the sandbox, as several suites need it: a POST with the device key and an
// Idempotency-Key, and a charge the test buyer has paid (its webhook delivered, its jobs run).
import { GATEWAY, control, type TestGateway } from './gateway-helpers.ts';

export async function post(gw: TestGateway, key: string, path: string, body: unknown, idem: string) {
  const res = await gw.app.request(`${GATEWAY}/api${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as any };
}

export async function paidCharge(gw: TestGateway, key: string, amount: string) {
  const c = (await post(gw, key, '/charges', { amount }, `sale-${Math.random()}`)).body;
  await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: c.qr_data, card: 'APRO' });
  await gw.drain();
  return c;
}
