// The admin's reports in headless Chromium against a real embedded gateway: a sale paid on the cashier page, then
// Reconciliation from the navigation shows it on its day (in the seller's zone, said on the page), and its
// "Download CSV" link downloads a file whose row for that day has the sale's amount; Health shows the seller's
// notifications and the database. Both pages pass axe, are saved as non-blank screenshots, and Tab reaches
// every control; the CSV link also works from the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { adminLogin, assertAccessible, json, paidOnCashier, screenshot, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();
const ZONE = 'America/Argentina/Buenos_Aires';
const CSV_LINK = 'a[href^="/admin/reconciliation.csv?"]';

/** Press Tab from the top of the page until `selector` has the focus; false when 60 presses never reach it. */
async function reachedByTab(page: Page, selector: string): Promise<boolean> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

/** RFC 4180 enough for this file: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\r\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .filter((m, i, all) => i < all.length - 1 || m[0] !== '')
    .map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!)));
}

test('a paid sale shows on its day in Reconciliation and in the downloaded CSV; Health; axe, screenshots, keyboard', async () => {
  const id = await paidOnCashier(g.b, g.key, '1250');
  // The day the approval was seen, in the seller's zone (MLA), from the charge as its terminal sees it.
  const charge = (await json('GET', `${g.b.gw.url}/api/charges/${id}`, g.key)).body;
  assert.equal(charge.status, 'approved');
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(charge.updated_at));

  const page = await adminLogin(g.b);
  await page.click('nav a:has-text("Reconciliation")');
  await page.waitForURL('**/admin/reconciliation');
  assert.match((await page.textContent('main'))!, new RegExp(`Days in ${ZONE}`));
  assert.equal(await page.inputValue('select[name=seller]'), g.b.gw.demo!.seller.id);
  const cells = await page.locator(`tr[data-day="${day}"] td`).allTextContents();
  assert.deepEqual(cells, [day, '1', '12.50', '0.00', '12.50'], 'the sale on its day');
  assert.deepEqual(await page.locator('tr[data-day="total"] > *').allTextContents(), ['Total', '1', '12.50', '0.00', '12.50']);
  await assertAccessible(page, 'reconciliation');
  await screenshot(page, 'admin-reconciliation');
  for (const control of ['select[name=seller]', 'input[name=from]', 'input[name=to]', 'button[type=submit].primary', CSV_LINK]) {
    assert.ok(await reachedByTab(page, control), `Tab reaches ${control}`);
  }

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download CSV")')]);
  assert.match(download.suggestedFilename(), new RegExp(`^reconciliation-${g.b.gw.demo!.seller.id}-\\d{4}-\\d\\d-\\d\\d-to-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
  const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
  assert.deepEqual(rows[0], ['day', 'seller', 'currency', 'approved_count', 'approved_amount', 'refunded_amount', 'net_amount']);
  const row = rows.find((r) => r[0] === day);
  assert.deepEqual(row?.slice(2), ['ARS', '1', '12.50', '0.00', '12.50'], `the sale's day in the CSV: ${JSON.stringify(row)}`);
  assert.equal(rows.length, 1 + 30 + 1, 'a header, 30 days, the totals');
  // The same link from the keyboard: Enter on it downloads too.
  assert.ok(await reachedByTab(page, CSV_LINK));
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(again.suggestedFilename(), download.suggestedFilename());

  // A bad range comes back on the page, saying which field.
  const bad = await page.goto(`${g.b.gw.url}/admin/reconciliation?seller=${g.b.gw.demo!.seller.id}&from=2026-03-02&to=2026-03-01`);
  assert.equal(bad!.status(), 400);
  assert.match((await page.textContent('[role=alert]'))!, /^to: on or after from/);

  await page.click('nav a:has-text("Health")');
  await page.waitForURL('**/admin/health');
  const main = (await page.textContent('main'))!;
  assert.match(main, /database: PGlite/);
  const seller = (await page.textContent(`tr[data-seller="${g.b.gw.demo!.seller.id}"]`))!;
  assert.doesNotMatch(seller, /never/, `a verified notification arrived for the paid sale: ${seller}`);
  assert.match(seller, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ (s|min) ago\)/);
  assert.match(main, /This process since it started\s*\d+ attempts/);
  await assertAccessible(page, 'health');
  await screenshot(page, 'admin-health');
  for (const control of ['nav a[href="/admin/reconciliation"]', 'nav a[href="/admin/health"]', 'form[action="/admin/logout"] button']) {
    assert.ok(await reachedByTab(page, control), `Tab reaches ${control}`);
  }
  await page.context().close();
});
