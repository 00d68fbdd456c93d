// The cashier page in a real browser: Debian's Chromium driven by playwright-core (no browser download), a real
// embedded gateway (startGateway on PGlite in a temp folder, PORT=0, its own sandbox), axe-core run inside the
// page, and screenshots checked for being more than one colour.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../src/main.ts';
import { createLogger } from '../src/log.ts';

const CHROMIUM = '/usr/bin/chromium';
const shots = mkdtempSync(join(tmpdir(), 'cobro-shots-'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One embedded gateway and browser for a test file (started before its tests, closed after). */
export function useBrowserGateway(): { readonly b: BrowserGateway; readonly key: string } {
  let started: BrowserGateway | undefined;
  before(async () => { started = await startBrowserGateway(); });
  after(() => started?.close());
  return { get b() { return started!; }, get key() { return started!.gw.demo!.pos.device_key!; } };
}

export interface BrowserGateway { gw: RunningGateway; browser: Browser; logs: string[]; close(): Promise<void> }

export async function startBrowserGateway(): Promise<BrowserGateway> {
  const logs: string[] = [];
  const logger = createLogger('info', new Writable({ write(c, _e, cb) { logs.push(String(c)); cb(); } }) as never);
  const gw = await startGateway({ env: {}, port: 0, dataDir: join(mkdtempSync(join(tmpdir(), 'cobro-browser-')), 'data'), logger });
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  }).catch(async (err) => { await gw.close(); throw err; });
  return { gw, browser, logs, close: async () => { await browser.close(); await gw.close(); } };
}

/** A fresh browser profile logged in to the admin pages with the gateway's admin key (on /admin/sellers). */
export async function adminLogin(b: BrowserGateway, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await b.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (err) => { throw err; });
  await page.goto(`${b.gw.url}/admin`);
  await page.fill('input[name=password]', b.gw.adminKey!);
  await page.click('button[type=submit]');
  await page.waitForURL('**/admin/sellers');
  return page;
}

/** A fresh browser profile on /cashier (phone-sized unless told), paired by pasting `key`. */
export async function openCashier(b: BrowserGateway, key: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await b.browser.newContext({ viewport, locale: 'es-AR' });
  const page = await context.newPage();
  page.on('pageerror', (err) => { throw err; });
  await page.goto(`${b.gw.url}/cashier`);
  await page.fill('#pair-input', key);
  await page.click('#pair-form button[type=submit]');
  await page.waitForSelector('#screen-sale:not([hidden])');
  return page;
}

/** Type an amount on the keypad (digits as keys), an optional description, then Charge; wait for the QR. */
export async function sell(page: Page, digits: string, description?: string): Promise<string> {
  for (const d of digits) await page.click(`[data-key="${d}"]`);
  if (description) await page.fill('#description', description);
  await page.click('#charge');
  await page.waitForSelector('#screen-qr:not([hidden]) #qr svg');
  return page.evaluate(() => JSON.parse(localStorage.getItem('cobro.cashier.sale')!).charge_id as string);
}

export const finalText = (page: Page, text: string, timeout = 20_000) =>
  page.waitForFunction((t) => document.querySelector('#final')?.textContent === t && !document.querySelector('#screen-final')!.hasAttribute('hidden'), text, { timeout });

/** A sale of `digits` paid by the test buyer ("simulate buyer: pay") on a cashier page of its own: its charge id. */
export async function paidOnCashier(b: BrowserGateway, key: string, digits: string): Promise<string> {
  const cashier = await openCashier(b, key);
  const id = await sell(cashier, digits);
  await cashier.click('[data-simulate="pay"]');
  await finalText(cashier, 'Pago aprobado');
  await cashier.context().close();
  return id;
}

/** Save a screenshot and check it is not blank: a decoded PNG of more than one colour. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(shots, `${name}.png`);
  const png = PNG.sync.read(await page.screenshot({ path: file }));
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length && colours.size < 3; i += 4) colours.add(png.data.readUInt32BE(i));
  assert.ok(colours.size > 1, `${file} is blank`);
  return file;
}

/** axe-core inside the page: no serious or critical violation on what is shown now. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
  });
  assert.deepEqual(violations, [], `axe on the ${screen} screen`);
}

export async function json(method: string, url: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
