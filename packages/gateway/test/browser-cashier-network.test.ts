// The cashier page when the shop's Wi-Fi drops: the network cut mid-sale (the page says "reconnecting", never a
// final state it has not been told), the buyer pays meanwhile, and on reconnection the page resumes from its last
// event id to the true state. And a device key of one POS cannot open another POS's charges from the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finalText, json, openCashier, screenshot, sell, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();

test('the network cut and restored mid-sale: "reconnecting", then the payment made meanwhile, from the last event id', async () => {
  const page = await openCashier(g.b, g.key);
  const id = await sell(page, '15050');
  const charge = (await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key)).body;
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Esperando el pago');
  const resumes: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/events')) resumes.push(r.headers()['last-event-id'] ?? ''); });
  await page.context().setOffline(true);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Reconectando…', null, { timeout: 10_000 });
  await screenshot(page, 'reconnecting');
  // The buyer pays while the terminal is offline (the test's own fetch is not the browser's network).
  const paid = await fetch(`${g.b.gw.sandboxUrl}/__sandbox/pay`, { method: 'POST', body: JSON.stringify({ qr_data: charge.qr_data, card: 'APRO' }) });
  assert.equal(paid.status, 201);
  await waitFor(async () => (await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key)).body.status === 'approved');
  await page.waitForTimeout(1500);
  assert.equal(await page.isVisible('#screen-final'), false, 'offline, the page does not claim a final state');
  assert.equal(await page.textContent('#status'), 'Reconectando…');
  await page.context().setOffline(false);
  await finalText(page, 'Pago aprobado');
  assert.match(await page.textContent('#r-payment') ?? '', /^\d+$/);
  assert.ok(resumes.some((v) => Number(v) > 0), `a reconnection resumed from the last event id: ${JSON.stringify(resumes)}`);
  await screenshot(page, 'recovered');
  await page.context().close();
});

test('a device key of one POS cannot open another POS\'s charges from the cashier page', async () => {
  const admin = g.b.gw.adminKey!;
  const seller = g.b.gw.demo!.seller.id;
  const other = await json('POST', `${g.b.gw.url}/admin/api/sellers/${seller}/pos`, admin, { name: 'Caja 2', external_id: 'DEMOPOS2', store_external_id: 'DEMO_STORE' });
  assert.equal(other.status, 201);
  const otherKey = (await json('POST', `${g.b.gw.url}/admin/api/sellers/${seller}/pos/${other.body.id}/device-keys`, admin, {})).body.key as string;
  const page = await openCashier(g.b, g.key);
  const id = await sell(page, '777');
  await page.context().close();
  // Terminal 2 holds terminal 1's sale as its own (as if copied over): the page refuses to show it.
  const intruder = await openCashier(g.b, otherKey);
  await intruder.evaluate((chargeId) => localStorage.setItem('cobro.cashier.sale', JSON.stringify({ idem: 'x', amount: '7.77', charge_id: chargeId })), id);
  await intruder.reload();
  await intruder.waitForSelector('#screen-sale:not([hidden])');
  assert.equal(await intruder.isVisible('#screen-qr'), false);
  assert.equal(await intruder.evaluate(() => localStorage.getItem('cobro.cashier.sale')), null);
  const answers = await intruder.evaluate(async ([chargeId, k]) => {
    const h = { authorization: `Bearer ${k}` };
    const paths = ['', '/events', '/qr.svg'].map((p) => fetch(`/api/charges/${chargeId}${p}`, { headers: h }).then((r) => r.status));
    const cancel = fetch(`/api/charges/${chargeId}/cancel`, { method: 'POST', headers: h }).then((r) => r.status);
    const simulate = fetch('/cashier/simulate', { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ charge_id: chargeId, action: 'pay' }) }).then((r) => r.status);
    return Promise.all([...paths, cancel, simulate]);
  }, [id, otherKey] as const);
  assert.deepEqual(answers, [404, 404, 404, 404, 404]);
  assert.equal((await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key)).body.status, 'pending', 'terminal 1\'s charge untouched');
  await screenshot(intruder, 'other-pos');
  // The page never put a device key in a URL the gateway logged.
  assert.ok(!g.b.logs.join('').includes(g.key) && !g.b.logs.join('').includes(otherKey), 'no device key in the logs');
  await intruder.context().close();
});

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a device key revoked mid-sale: the page stops and asks to pair again, instead of "reconnecting" forever', async () => {
  const { seller, pos } = g.b.gw.demo!;
  const admin = g.b.gw.adminKey!;
  const fresh = (await json('POST', `${g.b.gw.url}/admin/api/sellers/${seller.id}/pos/${pos.id}/device-keys`, admin, {})).body;
  const page = await openCashier(g.b, fresh.key);
  await sell(page, '1000');
  assert.equal((await json('DELETE', `${g.b.gw.url}/admin/api/sellers/${seller.id}/pos/${pos.id}/device-keys/${fresh.id}`, admin)).status, 204);
  await page.context().setOffline(true);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Reconectando…');
  await page.context().setOffline(false);
  await page.waitForSelector('#screen-pair:not([hidden])', { timeout: 15_000 });
  assert.equal(await page.evaluate(() => localStorage.getItem('cobro.cashier.device_key')), null);
  await page.context().close();
});
