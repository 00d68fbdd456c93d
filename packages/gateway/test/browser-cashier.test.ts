// The cashier page in headless Chromium against a real embedded gateway: paired with a pairing code, a sale paid
// through the "simulate buyer" panel (the status flips without a reload, the receipt carries MP's payment id), a
// rejected card then a payment, a cancel, the language switch, axe on every screen, and every control by Tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertAccessible, finalText, json, openCashier, screenshot, sell, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();

const statusText = (page: Page, text: string) => page.waitForFunction((t) => document.querySelector('#status')?.textContent === t, text, { timeout: 20_000 });

test('pairing code, then a sale paid: the page flips to approved without a reload, with a printable receipt', async () => {
  const { seller, pos } = g.b.gw.demo!;
  const code = await json('POST', `${g.b.gw.url}/admin/api/sellers/${seller.id}/pos/${pos.id}/pairing-codes`, g.b.gw.adminKey!);
  assert.equal(code.status, 201);
  const page = await openCashier(g.b, code.body.code);
  assert.match(await page.textContent('#where') ?? '', /Sucursal Centro · Caja 1/);
  for (const d of '123456') await page.click(`[data-key="${d}"]`);
  assert.equal(await page.textContent('#amount'), '$ 1.234,56', 'ARS as the counter writes it');
  await assertAccessible(page, 'sale');
  await page.fill('#description', 'Café y medialunas');
  await page.click('#charge');
  await page.waitForSelector('#screen-qr:not([hidden]) #qr svg');
  assert.equal(await page.textContent('#qr-amount'), '$ 1.234,56');
  assert.match(await page.textContent('#countdown') ?? '', /^Vence en 1[45]:\d\d$/);
  await statusText(page, 'Esperando el pago');
  await assertAccessible(page, 'QR');
  await screenshot(page, 'qr-phone');
  await page.evaluate(() => { (window as any).samePage = true; });
  await page.click('[data-simulate="pay"]');
  await finalText(page, 'Pago aprobado');
  assert.equal(await page.evaluate(() => (window as any).samePage), true, 'no reload');
  assert.equal(await page.getAttribute('#final', 'aria-live'), 'assertive');
  const chargeId = await page.evaluate(() => document.querySelector('#r-payment')!.textContent);
  assert.match(chargeId ?? '', /^\d+$/, 'the MP payment id');
  assert.equal(await page.textContent('#r-amount'), '$ 1.234,56');
  assert.equal(await page.textContent('#r-store'), 'Sucursal Centro (DEMO_STORE)');
  assert.equal(await page.textContent('#r-pos'), 'Caja 1 (DEMOPOS1)');
  await assertAccessible(page, 'approved');
  await screenshot(page, 'approved-phone');
  // Printing shows the receipt alone.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#new-sale'), false);
  assert.equal(await page.isVisible('#receipt'), true);
  await page.emulateMedia({ media: 'screen' });
  await page.click('#new-sale');
  assert.equal(await page.textContent('#amount'), '$ 0,00');
  await page.context().close();
});

test('a rejected card is shown, then the buyer pays', async () => {
  const page = await openCashier(g.b, g.key, { width: 1920, height: 1080 });
  await sell(page, '50000');
  await page.click('[data-simulate="reject"]');
  await statusText(page, 'Tarjeta rechazada, el comprador puede intentar de nuevo');
  await assertAccessible(page, 'rejected');
  await screenshot(page, 'rejected-1080p');
  assert.equal(await page.isVisible('#screen-final'), false, 'a rejection is not final');
  await page.click('[data-simulate="pay"]');
  await finalText(page, 'Pago aprobado');
  await screenshot(page, 'approved-1080p');
  await page.context().close();
});

test('cancel: the final screen says canceled, and the gateway agrees', async () => {
  const page = await openCashier(g.b, g.key);
  const id = await sell(page, '999');
  await page.click('#cancel');
  await finalText(page, 'Cobro cancelado');
  assert.equal(await page.isVisible('#receipt'), false, 'no receipt for a canceled sale');
  assert.equal((await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key)).body.status, 'canceled');
  await assertAccessible(page, 'canceled');
  await screenshot(page, 'canceled');
  await page.context().close();
});

test('the language switch: Portuguese and English, kept across a reload', async () => {
  const page = await openCashier(g.b, g.key);
  await page.selectOption('#lang', 'en');
  assert.equal(await page.textContent('#charge'), 'Charge');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.waitForSelector('#screen-sale:not([hidden])');
  assert.equal(await page.textContent('#charge'), 'Charge');
  await page.selectOption('#lang', 'pt');
  assert.equal(await page.textContent('#new-sale'), 'Nova venda');
  await assertAccessible(page, 'sale (pt)');
  await screenshot(page, 'sale-pt');
  await page.context().close();
});

/** What Tab reaches, in order, until the focus comes back round. */
async function tabStops(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => { const e = document.activeElement as HTMLElement | null; return e && e !== document.body ? (e.id || (e.dataset.key ? `key:${e.dataset.key}` : e.dataset.simulate ? `sim:${e.dataset.simulate}` : e.tagName)) : ''; });
    if (id && seen.includes(id)) break;
    if (id) seen.push(id);
  }
  return seen;
}

test('keyboard: the keypad, the description and every button are reached by Tab; digits type the amount', async () => {
  const page = await openCashier(g.b, g.key);
  await page.keyboard.type('25');
  assert.equal(await page.textContent('#amount'), '$ 0,25');
  const sale = await tabStops(page);
  for (const k of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '00', '0', 'back', 'clear']) assert.ok(sale.includes(`key:${k}`), `key ${k} by Tab: ${sale}`);
  for (const id of ['lang', 'unpair', 'description', 'charge']) assert.ok(sale.includes(id), `${id} by Tab: ${sale}`);
  await page.focus('#charge');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#screen-qr:not([hidden]) #qr svg');
  const qr = await tabStops(page);
  for (const id of ['cancel', 'sim:pay', 'sim:reject', 'sim:pending', 'sim:abandon']) assert.ok(qr.includes(id), `${id} by Tab: ${qr}`);
  await page.focus('#cancel');
  await page.keyboard.press('Enter');
  await finalText(page, 'Cobro cancelado');
  assert.ok((await tabStops(page)).includes('new-sale'));
  await screenshot(page, 'canceled-by-keyboard');
  await page.context().close();
});

test("the seller's currency and language: BRL in Portuguese, MXN, and CLP/COP without decimals", async () => {
  // The demo seller is Argentinian; the page takes the site and currency from GET /api/pos, so that answer is
  // rewritten for each site (the gateway's own answer, with another seller).
  const cases = [
    { site_id: 'MLB', currency: 'BRL', digits: '123456', shown: 'R$ 1.234,56', lang: 'pt', charge: 'Cobrar', amount: 'Valor' },
    { site_id: 'MLM', currency: 'MXN', digits: '123456', shown: '$1,234.56', lang: 'es', charge: 'Cobrar', amount: 'Monto' },
    { site_id: 'MLC', currency: 'CLP', digits: '123456', shown: '$ 123.456', lang: 'es', charge: 'Cobrar', amount: 'Monto' },
    { site_id: 'MCO', currency: 'COP', digits: '1500000', shown: '$ 1.500.000', lang: 'es', charge: 'Cobrar', amount: 'Monto' },
  ];
  for (const c of cases) {
    const context = await g.b.browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/api/pos', async (route) => {
      const res = await route.fetch();
      const pos = await res.json();
      await route.fulfill({ response: res, json: { ...pos, seller: { ...pos.seller, site_id: c.site_id, currency: c.currency } } });
    });
    await context.addInitScript((k) => { if (!localStorage.getItem('cobro.cashier.device_key')) localStorage.setItem('cobro.cashier.device_key', k); }, g.key);
    const page = await context.newPage();
    await page.goto(`${g.b.gw.url}/cashier`);
    await page.waitForSelector('#screen-sale:not([hidden])');
    for (const d of c.digits) await page.click(`[data-key="${d}"]`);
    assert.equal(await page.textContent('#amount'), c.shown, c.currency);
    assert.equal(await page.getAttribute('html', 'lang'), c.lang, c.site_id);
    assert.equal(await page.textContent('#amount-label'), c.amount);
    await screenshot(page, `sale-${c.currency}`);
    await context.close();
  }
});
