// The admin's charges in headless Chromium against a real embedded gateway: a sale paid on the cashier page and
// one left open; the admin opens Charges from the navigation, filters by status approved (only the paid sale is
// left, its amount in the seller's currency), opens it and sees its timeline (created, MP's notification,
// approved, the event to the integrator, in that order). Every page passes axe, is saved as a non-blank
// screenshot, and Tab reaches each filter control and link; a bad filter and an unknown charge say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { adminLogin, assertAccessible, paidOnCashier, screenshot, useBrowserGateway } from './browser-helpers.ts';

const g = useBrowserGateway();

/** Each element Tab focuses from the top of the page, as tag:name-or-text (href for links), until one comes round again. */
async function tabOrder(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const order: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement & { name?: string };
      if (!e || e === document.body) return { label: '', seen: 'again' };
      // A date input's day, month and year fields are one element, focused three times in a row.
      const seen = e === (window as any).lastTab ? 'same' : e.dataset.tabbed ? 'again' : 'new';
      (window as any).lastTab = e;
      e.dataset.tabbed = '1';
      return { label: e instanceof HTMLAnchorElement ? `a:${e.getAttribute('href')}` : `${e.tagName.toLowerCase()}:${e.name || e.textContent!.trim()}`, seen };
    });
    if (at.seen === 'again') break;
    if (at.seen === 'new') order.push(at.label);
  }
  return order;
}

test('a paid sale: Charges filtered by approved shows it alone; its page shows the timeline; axe, screenshots, keyboard', async () => {
  // A sale paid by the buyer on the cashier page, and one left waiting.
  const paid = await paidOnCashier(g.b, g.key, '1250');
  const waiting = await fetch(`${g.b.gw.url}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${g.key}`, 'content-type': 'application/json', 'idempotency-key': 'left-open' }, body: JSON.stringify({ amount: '3.00' }),
  }).then((r) => r.json()) as { id: string; status: string };
  assert.equal(waiting.status, 'pending');

  const page = await adminLogin(g.b);
  await page.click('nav a:has-text("Charges")');
  await page.waitForURL('**/admin/charges');
  for (const id of [paid, waiting.id]) assert.ok(await page.isVisible(`tr[data-charge-id="${id}"]`), `${id} is listed`);
  await assertAccessible(page, 'charges');
  const stops = await tabOrder(page);
  for (const stop of ['select:seller', 'select:store', 'select:pos', 'select:status', 'input:from', 'input:to', 'button:Filter', `a:/admin/charges/${paid}`, `a:/admin/charges/${waiting.id}`]) {
    assert.ok(stops.includes(stop), `Tab reaches ${stop}: ${stops.join(', ')}`);
  }
  assert.ok(stops.indexOf('select:seller') < stops.indexOf('button:Filter') && stops.indexOf('button:Filter') < stops.indexOf(`a:/admin/charges/${paid}`), 'the form before the table');

  // Filter by keyboard: the status select, then Enter on the button.
  await page.focus('select[name=status]');
  await page.selectOption('select[name=status]', 'approved');
  await page.focus('button:has-text("Filter")');
  await page.keyboard.press('Enter');
  await page.waitForURL(/status=approved/);
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 1, 'only the paid sale');
  const row = (await rows.first().textContent())!;
  assert.match(row, new RegExp(`${paid}.*ARS\\s12\\.50.*approved.*Caja 1`, 's'));
  assert.equal(await page.inputValue('select[name=status]'), 'approved', 'the form keeps the filter');
  await assertAccessible(page, 'charges, approved');
  await screenshot(page, 'admin-charges-approved');

  await page.click(`a[href="/admin/charges/${paid}"]`);
  await page.waitForURL(`**/admin/charges/${paid}`);
  assert.equal(await page.textContent('h1'), `Charge ${paid}`);
  assert.match((await page.textContent('table.fields'))!, /AmountARS\s12\.50.*Statusapproved.*MP payment id\d+/s);
  const kinds = await page.locator('table.timeline tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-kind')}: ${tr.children[2]!.textContent}`));
  const index = (re: RegExp) => {
    const i = kinds.findIndex((k) => re.test(k));
    assert.ok(i >= 0, `${re} in the timeline:\n${kinds.join('\n')}`);
    return i;
  };
  const order = [index(/^state: charge\.created/), index(/^notification: Notification: (order|payment) /), index(/^state: charge\.approved/), index(/^event: charge\.approved to the integrator/)];
  assert.deepEqual(order, [...order].sort((a, b) => a - b), kinds.join('\n'));
  assert.ok(!(await page.content()).includes(g.key), 'no device key');
  await assertAccessible(page, 'charge');
  await screenshot(page, 'admin-charge-timeline');
  const detailStops = await tabOrder(page);
  for (const stop of ['a:/admin/charges', `a:/admin/sellers/${g.b.gw.demo!.seller.id}`]) assert.ok(detailStops.includes(stop), `Tab reaches ${stop}: ${detailStops.join(', ')}`);
  await page.context().close();
});

test('a bad filter is shown on the page with the field named; an unknown charge is a 404 page', async () => {
  const page = await adminLogin(g.b);
  const bad = await page.goto(`${g.b.gw.url}/admin/charges?from=2026-02-30&status=approved`);
  assert.equal(bad!.status(), 400);
  assert.match((await page.textContent('[role=alert]'))!, /^from: /);
  assert.equal(await page.inputValue('select[name=status]'), 'approved');
  await assertAccessible(page, 'charges, bad filter');
  await screenshot(page, 'admin-charges-bad-filter');
  const missing = await page.goto(`${g.b.gw.url}/admin/charges/chg_nosuchcharge0000000`);
  assert.equal(missing!.status(), 404);
  assert.equal(await page.textContent('h1'), 'Charge not found');
  assert.ok(await page.isVisible('nav a:has-text("Charges")'), 'in the admin layout');
  await assertAccessible(page, 'charge not found');
  await page.context().close();
});
