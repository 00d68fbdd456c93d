// The admin's Notifications and Events pages in headless Chromium against a real embedded gateway: a sale paid by
// the sandbox's buyer rings Mercado Pago's notification; on Notifications its delivery is reached by keyboard and
// replayed, shows pending, then processed, and the charge is still approved with no new version; on Events the
// charge.approved event is listed and the page says no integrator endpoint is configured. axe on both pages; a
// replay POST without its session's CSRF token is 403 and leaves the delivery processed (nothing queued).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { adminLogin, assertAccessible, json, screenshot, useBrowserGateway } from './browser-helpers.ts';
import { until } from './crash-helpers.ts';

const g = useBrowserGateway();
const url = () => g.b.gw.url;
const admin = (path: string) => json('GET', `${url()}/admin/api${path}`, g.b.gw.adminKey!);

/** A sale paid by the sandbox's test buyer, approved, and the order notification it rang, processed. */
async function paidSale(): Promise<{ charge: any; delivery: any }> {
  const headers = { authorization: `Bearer ${g.key}`, 'content-type': 'application/json' };
  const created = await fetch(`${url()}/api/charges`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'notifications-sale' }, body: JSON.stringify({ amount: '25.00' }) });
  const c = await created.json() as any;
  assert.equal(created.status, 201, JSON.stringify(c));
  const paid = await fetch(`${url()}/cashier/simulate`, { method: 'POST', headers, body: JSON.stringify({ charge_id: c.id, action: 'pay' }) });
  assert.equal(paid.status, 200, await paid.text());
  const charge = await until('the charge approved', async () => {
    const got = (await json('GET', `${url()}/api/charges/${c.id}`, g.key)).body;
    return got.status === 'approved' && got;
  });
  const delivery = await until('its notification processed', async () => (await admin('/inbox?topic=order&state=processed')).body.results
    .find((n: any) => n.resource_id === c.mp_order_id));
  return { charge, delivery };
}

let sale: { charge: any; delivery: any } | undefined;
const theSale = async () => (sale ??= await paidSale());

const processedCell = (page: Page, id: string) => page.textContent(`tr[data-id="${id}"] td.processed`);

test('Notifications: the sale\'s delivery replayed by keyboard-reachable button: pending, then processed; the charge unchanged', async () => {
  const { charge, delivery } = await theSale();
  assert.equal(delivery.charge_id, charge.id);
  const page = await adminLogin(g.b);
  await page.click('nav a:has-text("Notifications")');
  await page.waitForURL('**/admin/notifications');
  const row = page.locator(`tr[data-id="${delivery.id}"]`);
  assert.match(await row.textContent() ?? '', new RegExp(`order.*${delivery.resource_id}.*verified`, 's'));
  assert.notEqual((await processedCell(page, delivery.id))?.trim(), 'pending');
  assert.equal(await row.locator(`a[href="/admin/charges/${charge.id}"]`).count(), 1, 'a link to its charge');
  await assertAccessible(page, 'notifications');
  await screenshot(page, 'admin-notifications');

  // Tab from the top of the page reaches this delivery's Replay button.
  let reached = false;
  for (let i = 0; i < 120 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((id) => {
      const e = document.activeElement;
      return e?.tagName === 'BUTTON' && e.textContent === 'Replay' && e.closest('tr')?.getAttribute('data-id') === id;
    }, delivery.id);
  }
  assert.ok(reached, 'the Replay button is reached by keyboard');

  // Mercado Pago answers the re-fetch slowly, so the page is seen while the replay is still pending.
  const slow = await fetch(`${g.b.gw.sandboxUrl}/__sandbox/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'GET', path: `/v1/orders/${delivery.resource_id}`, latency_ms: 4000, times: 2 }),
  });
  assert.equal(slow.status, 201, await slow.text());
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/admin/notifications?replayed=${delivery.id}`);
  assert.match(await page.textContent('[role=status]') ?? '', new RegExp(`Replay of ${delivery.id} queued`));
  assert.equal((await processedCell(page, delivery.id))?.trim(), 'pending');
  await screenshot(page, 'admin-notifications-replayed');
  await until('the replayed delivery processed', async () => {
    await page.reload();
    return (await processedCell(page, delivery.id))?.trim() !== 'pending';
  });
  const after = (await json('GET', `${url()}/api/charges/${charge.id}`, g.key)).body;
  assert.equal(after.status, 'approved');
  assert.equal(after.version, charge.version, 'the re-fetch found nothing new');
  await assertAccessible(page, 'notifications after a replay');
  const bad = await page.goto(`${url()}/admin/notifications?topic=refund`);
  assert.equal(bad!.status(), 400);
  assert.match(await page.textContent('[role=alert]') ?? '', /^topic: /);
  await page.context().close();
});

test('Events: the charge.approved event is listed, and the page says no integrator endpoint is configured', async () => {
  const { charge } = await theSale();
  const page = await adminLogin(g.b, { width: 390, height: 844 });
  await page.click('nav a:has-text("Events")');
  await page.waitForURL('**/admin/events');
  assert.match(await page.textContent('#events-off') ?? '', /INTEGRATOR_WEBHOOK_URL/);
  await page.selectOption('select[name=type]', 'charge.approved');
  await page.fill('input[name=charge_id]', charge.id);
  await page.click('form[aria-label="Filter events"] button[type=submit]');
  await page.waitForURL('**/admin/events?*');
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent() ?? '', new RegExp(`charge\\.approved.*${charge.id}.*pending`, 's'));
  assert.equal(await page.locator('button:has-text("Redeliver")').count(), 0, 'nothing to redeliver to');
  await assertAccessible(page, 'events');
  await screenshot(page, 'admin-events-phone');
  await page.context().close();
});

test('a replay POST without its session\'s CSRF token is 403 and queues nothing', async () => {
  const { delivery } = await theSale();
  const page = await adminLogin(g.b);
  await page.goto(`${url()}/admin/notifications`);
  const token = (await page.getAttribute('input[name=_csrf]', 'value'))!;
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  await page.context().close();
  const before = (await admin(`/inbox/${delivery.id}`)).body;
  assert.notEqual(before.processed_at, null);
  for (const form of ['', '_csrf=', `_csrf=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`]) {
    const res = await fetch(`${url()}/admin/notifications/${delivery.id}/replay`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual',
    });
    assert.equal(res.status, 403, form);
    assert.equal((await res.json() as any).error.code, 'csrf_refused');
  }
  assert.deepEqual((await admin(`/inbox/${delivery.id}`)).body, before, 'still processed: no replay was recorded');
  assert.ok(!(await admin('/inbox?state=pending')).body.results.some((n: any) => n.id === delivery.id));
  const metrics = await (await fetch(`${url()}/metrics`)).text();
  assert.match(metrics, /^cobro_jobs\{queue="mp\.resource",state="queued"\} 0$/m, 'no reconcile job queued');
  const ok = await fetch(`${url()}/admin/notifications/${delivery.id}/replay`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}`, redirect: 'manual',
  });
  assert.equal(ok.status, 303, 'its own token is taken');
});
