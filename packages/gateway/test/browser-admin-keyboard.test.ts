// Every admin page by keyboard alone: from the top of the page, Tab visits every control (links, buttons, fields,
// the scrollable table regions) in the order they are on the page — nothing skipped, nothing reached twice, no
// trap — and each control shows a visible focus ring when it has the keyboard. Also axe on each, on a laptop
// screen and on a phone, and no secret in any page's HTML (device key, admin key, Mercado Pago tokens). The pages
// hold real data: a paid sale, its notification, a POS with a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { adminLogin, assertAccessible, json, screenshot, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();

/** The page's keyboard-reachable controls in document order, each tagged with a data attribute to name it. */
async function focusables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => el.offsetParent !== null || el === document.body)
      .map((el, i) => { el.dataset.kbd = String(i); return String(i); });
  });
}

/** Tab from the top until the focus leaves the page (or twice as many presses as controls): what it visited. */
async function tabWalk(page: Page, count: number): Promise<{ visited: string[]; ringless: string[] }> {
  await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.scrollTo(0, 0); });
  const visited: string[] = [];
  const ringless: string[] = [];
  for (let i = 0; i < count * 4 + 4; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      return { id: el.dataset.kbd ?? `?${el.tagName}`, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    });
    if (!at) break;
    if (at.id === visited.at(-1)) continue; // a date field's day, month and year parts are one control
    if (visited.includes(at.id)) break; // wrapped round
    visited.push(at.id);
    if (!at.ring) ringless.push(at.id);
  }
  return { visited, ringless };
}

async function checkPage(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  assert.equal(new URL(page.url()).pathname, new URL(url).pathname, `${name}: no redirect`);
  const all = await focusables(page);
  assert.ok(all.length >= 3, `${name}: has controls`);
  const { visited, ringless } = await tabWalk(page, all.length);
  assert.deepEqual(visited, all, `${name}: Tab visits every control once, in page order`);
  assert.deepEqual(ringless, [], `${name}: every focused control shows its focus ring`);
  await assertAccessible(page, name);
  // No secret on any page: not the demo POS's device key, not the admin key, no Mercado Pago token or secret.
  const html = await page.content();
  assert.ok(!html.includes(g.key), `${name}: no device key`);
  assert.ok(!html.includes(g.b.gw.adminKey!), `${name}: no admin key`);
  assert.doesNotMatch(html, /(APP_USR|TEST)-\d+-\d{6}-[0-9a-f]{32}-\d+/, `${name}: no access token`);
  assert.doesNotMatch(html, /TG-[0-9a-f]{24}-\d+/, `${name}: no refresh token`);
}

test('every admin page: Tab reaches every control in page order with a focus ring; axe on a laptop and a phone', { timeout: 240_000 }, async () => {
  const { gw } = g.b;
  const base = gw.url;
  // A paid sale (its notification in the inbox, its event in the outbox) and one left pending.
  const charge = async (amount: string) => {
    const res = await fetch(`${base}/api/charges`, { method: 'POST', headers: { authorization: `Bearer ${g.key}`, 'content-type': 'application/json', 'idempotency-key': `kbd-${amount}` }, body: JSON.stringify({ amount }) });
    return { status: res.status, body: await res.json() as any };
  };
  const paid = await charge('321.00');
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
  assert.equal((await json('POST', `${base}/cashier/simulate`, g.key, { charge_id: paid.body.id, action: 'pay' })).status, 200);
  assert.equal((await charge('12.00')).status, 201);
  for (let i = 0; i < 100 && (await json('GET', `${base}/api/charges/${paid.body.id}`, g.key)).body.status !== 'approved'; i++) await new Promise((r) => setTimeout(r, 100));
  const seller = gw.demo!.seller.id;
  const pages: [string, string][] = [
    ['/admin/sellers', 'sellers'], [`/admin/sellers/${seller}`, 'seller'], ['/admin/charges', 'charges'], [`/admin/charges/${paid.body.id}`, 'charge'],
    ['/admin/notifications', 'notifications'], ['/admin/events', 'events'], ['/admin/reconciliation', 'reconciliation'], ['/admin/health', 'health'], ['/admin/clock', 'clock'],
  ];
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await adminLogin(g.b, viewport);
    for (const [path, name] of pages) await checkPage(page, `${base}${path}`, `${name} (${viewport.width} px)`);
    await screenshot(page, `admin-keyboard-${viewport.width}`);
    await page.context().close();
  }
});
