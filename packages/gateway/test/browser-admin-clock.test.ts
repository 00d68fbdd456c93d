// Embedded mode's virtual clock in headless Chromium: a sale's QR on the cashier page; in another page of the
// same browser the admin opens Clock and moves it 16 minutes (the gateway's charges expire after 15); the
// cashier page shows the expired final screen by itself, and the charge is expired in the gateway's JSON; the next
// sale's countdown runs on the gateway's clock, not the browser's. The
// clock page passes axe, its controls are reached and used by keyboard, and a POST without its CSRF token (or
// with a bad duration) is refused and leaves the clock where it was. Last, the seller page's QR download links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { decodeMpQr } from '@cobro/client';
import { adminLogin, assertAccessible, finalText, json, openCashier, screenshot, sell, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();
const jsQR = jsQRModule.default;

/** How far the sandbox's clock is ahead of the wall clock, in ms (read from the sandbox itself). */
async function ahead(): Promise<number> {
  const clock = await (await fetch(`${g.b.gw.sandboxUrl}/__sandbox/clock`)).json() as { now: string };
  return Date.parse(clock.now) - Date.now();
}

/** What Tab reaches on the page, by role and name, until the focus comes back round. */
async function tabStops(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const e = document.activeElement as HTMLInputElement | null;
      if (!e || e === document.body) return '';
      return e.tagName === 'INPUT' ? `input:${e.name}` : `${e.tagName.toLowerCase()}:${e.textContent!.trim()}`;
    });
    if (stop && seen.includes(stop)) break;
    if (stop) seen.push(stop);
  }
  return seen;
}

test('a sale expires by the virtual clock: advanced 16 minutes by keyboard in the admin, the cashier page says so without a reload', async () => {
  const cashier = await openCashier(g.b, g.key);
  const id = await sell(cashier, '4200');
  assert.match(await cashier.textContent('#countdown') ?? '', /^Vence en 1[45]:\d\d$/);
  await cashier.evaluate(() => { (window as any).samePage = true; });
  assert.ok(Math.abs(await ahead()) < 60_000, 'the clock starts at the wall clock');

  const admin = await adminLogin(g.b);
  await admin.click('nav a:has-text("Clock")');
  await admin.waitForURL('**/admin/clock');
  assert.match(await admin.textContent('main') ?? '', /Pending timers \([1-9]\d*\)/, 'the sale\'s expiry waits on the clock');
  await assertAccessible(admin, 'clock');
  await screenshot(admin, 'admin-clock');
  const stops = await tabStops(admin);
  for (const stop of ['button:+1 minute', "button:+16 minutes (past a charge's expiry)", 'button:+1 hour', 'button:+1 day', 'input:duration', 'button:Advance']) {
    assert.ok(stops.includes(stop), `${stop} by Tab: ${stops.join(' | ')}`);
  }
  await admin.focus("button:has-text(\"+16 minutes\")");
  await admin.keyboard.press('Enter');
  await admin.waitForURL('**/admin/clock?advanced=PT16M');
  assert.equal(await admin.textContent('[role=status]'), 'Moved forward by PT16M.');
  assert.match(await admin.textContent('#clock-ahead') ?? '', /^16 min( \d+ s)?$/);
  const jumped = await ahead();
  assert.ok(jumped > 15.9 * 60_000 && jumped < 17 * 60_000, `the sandbox is 16 minutes ahead (${jumped} ms)`);

  await finalText(cashier, 'El cobro venció');
  assert.equal(await cashier.evaluate(() => (window as any).samePage), true, 'no reload');
  assert.equal(await cashier.getAttribute('#final', 'aria-live'), 'assertive');
  assert.equal(await cashier.isVisible('#receipt'), false, 'no receipt for an expired sale');
  const charge = await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key);
  assert.equal(charge.body.status, 'expired');
  // MP's webhooks, signed at sandbox time 16 minutes ahead, were taken (the gateway's clock is the sandbox's): none
  // refused for its timestamp and left to retry.
  const log = await (await fetch(`${g.b.gw.sandboxUrl}/__sandbox/webhooks?resource_id=${charge.body.mp_order_id}`)).json() as { results: { status: string }[] };
  assert.ok(log.results.length > 0, 'the expiry was notified');
  assert.deepEqual(log.results.map((d) => d.status).filter((st) => st !== 'delivered'), [], 'every webhook delivered');
  await assertAccessible(cashier, 'expired');
  await screenshot(cashier, 'expired-by-clock');
  await assertAccessible(admin, 'clock, advanced');
  await screenshot(admin, 'admin-clock-advanced');
  // The next sale counts down on the gateway's clock, 16 minutes ahead of this browser's: 15 minutes, not 31.
  await cashier.click('#new-sale');
  await sell(cashier, '100');
  assert.match(await cashier.textContent('#countdown') ?? '', /^Vence en (14:[0-5]\d|15:00)$/);
  // A page that forgot what it learnt (a fresh load after the jump, mid-sale) learns the gateway's clock at load.
  await cashier.evaluate(() => localStorage.removeItem('cobro.cashier.skew'));
  await cashier.reload();
  await cashier.waitForSelector('#screen-qr:not([hidden]) #qr svg');
  await cashier.waitForFunction(() => /^Vence en (14:[0-5]\d|15:00)$/.test(document.querySelector('#countdown')?.textContent ?? ''), undefined, { timeout: 5000 });
  await cashier.context().close();
  await admin.context().close();
});

test('the clock\'s POST without its session\'s CSRF token is 403, a bad duration comes back saying why; neither moves the clock', async () => {
  const admin = await adminLogin(g.b);
  await admin.goto(`${g.b.gw.url}/admin/clock`);
  const token = (await admin.getAttribute('input[name=_csrf]', 'value'))!;
  const cookie = (await admin.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const before = await ahead();
  const post = (body: string) => fetch(`${g.b.gw.url}/admin/clock/advance`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  for (const body of ['duration=PT16M', `duration=PT16M&_csrf=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]) {
    const res = await post(body);
    assert.equal(res.status, 403, body);
    assert.equal((await res.json()).error.code, 'csrf_refused');
  }
  await admin.fill('#duration', 'P1W');
  await admin.click('button:has-text("Advance")');
  await admin.waitForSelector('[role=alert]');
  assert.match(await admin.textContent('[role=alert]') ?? '', /^duration: "P1W" is not an ISO-8601 duration/);
  await assertAccessible(admin, 'clock, refused');
  assert.ok(Math.abs(await ahead() - before) < 30_000, 'the clock did not move');
  const ok = await post(`duration=PT1M&_csrf=${encodeURIComponent(token)}`);
  assert.equal(ok.status, 303, 'its own token is taken');
  assert.ok(await ahead() - before > 59_000, 'and that moved it');
  await admin.context().close();
});

test('the seller page\'s download links give the POS\'s printed QR: a PNG of its static code, a PDF naming the store and POS', async () => {
  const { seller, pos } = g.b.gw.demo!;
  const admin = await adminLogin(g.b);
  await admin.goto(`${g.b.gw.url}/admin/sellers/${seller.id}`);
  const card = admin.locator('section:has(h3:has-text("Caja 1"))');
  const download = async (name: string) => {
    const [file] = await Promise.all([admin.waitForEvent('download'), card.locator(`a:has-text("${name}")`).click()]);
    return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
  };
  const png = await download('PNG of Caja 1');
  assert.equal(png.name, 'qr-DEMOPOS1.png');
  const img = PNG.sync.read(png.body);
  const code = jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
  const mpPos = (await json('GET', `${g.b.gw.url}/admin/api/sellers/${seller.id}/pos`, g.b.gw.adminKey!)).body.results.find((p: any) => p.id === pos.id);
  const qr = decodeMpQr(code!); // throws on a bad CRC
  assert.equal(qr.initiation, '11', 'a static (printed) code');
  assert.equal(qr.posId, mpPos.mp_pos_id, "Mercado Pago's POS");
  const pdf = await download('PDF of Caja 1');
  assert.equal(pdf.name, 'qr-DEMOPOS1.pdf');
  assert.equal(pdf.body.subarray(0, 8).toString('latin1'), '%PDF-1.4');
  assert.match(pdf.body.toString('latin1'), /\(Sucursal Centro \\267 Caja 1\) Tj/);
  await assertAccessible(admin, 'seller, with QR links');
  await admin.context().close();
});
