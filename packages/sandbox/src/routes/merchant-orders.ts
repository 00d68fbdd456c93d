// `GET /merchant_orders/{id}` and `GET /merchant_orders/search` (spec §8.1, §8.2): a seller sees only its own.
import { Hono } from 'hono';
import { authenticate, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { MerchantOrder } from '../model.ts';
import { classicError } from '../errors.ts';
import { merchantOrderJson } from '../legacy/merchant-order-json.ts';
import { parseSearchDate } from '../kit/search-dates.ts';
import { intQuery } from '../kit/paging.ts';

/** Page size when `limit` is absent, and the largest accepted (MP does not publish them; UNCONFIRMED). */
const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 100;

const invalidFormat = (what: string) => classicError(400, 'invalid_format', `Invalid format for ${what}.`);


export function merchantOrderRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  app.use('/merchant_orders/*', authenticate(state, 'classic', 'invalid_token'));

  const search = (c: Ctx) => {
    const { account } = c.get('auth');
    const q = (k: string) => c.req.query(k);
    const offset = intQuery(q('offset'), 0, 0, 1e9, () => invalidFormat('offset'));
    const limit = intQuery(q('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT, () => invalidFormat('limit'));
    const date = (k: string) => {
      const v = q(k);
      if (v === undefined || v === '') return undefined;
      const ms = parseSearchDate(v, state.now());
      if (ms === undefined) throw invalidFormat(k);
      return ms;
    };
    const createdFrom = date('date_created_from'), createdTo = date('date_created_to');
    const updatedFrom = date('last_updated_from'), updatedTo = date('last_updated_to');
    const eq = (k: string, actual: (mo: MerchantOrder) => unknown) => {
      const v = q(k);
      return (mo: MerchantOrder) => v === undefined || v === '' || String(actual(mo) ?? '').toLowerCase() === v.toLowerCase();
    };
    const filters = [
      eq('status', (mo) => mo.status),
      eq('preference_id', (mo) => mo.preference_id),
      eq('application_id', (mo) => mo.clientId),
      eq('payer_id', (mo) => mo.payerId),
      eq('sponsor_id', (mo) => mo.sponsor_id),
      eq('external_reference', (mo) => mo.external_reference),
      eq('site_id', (mo) => mo.site_id),
      eq('marketplace', () => 'NONE'),
      eq('order_status', (mo) => mo.order_status),
      (mo: MerchantOrder) => {
        const items = q('items');
        return !items || mo.items.some((i) => i.sku_number === items || i.title === items);
      },
      (mo: MerchantOrder) => (createdFrom === undefined || mo.date_created >= createdFrom) && (createdTo === undefined || mo.date_created <= createdTo),
      (mo: MerchantOrder) => (updatedFrom === undefined || mo.last_updated >= updatedFrom) && (updatedTo === undefined || mo.last_updated <= updatedTo),
    ];
    // By external_reference (how integrations find their merchant order) only that reference's are read.
    const ref = q('external_reference');
    const candidates = ref === undefined || ref === '' ? state.merchantOrders.values()
      : state.indexes.merchantOrdersWithRef(account.id, ref).map((id) => state.merchantOrders.peek(id)).filter((mo): mo is MerchantOrder => mo !== undefined);
    const all = [...candidates]
      .filter((mo) => mo.collectorId === account.id && filters.every((f) => f(mo)))
      .sort((a, b) => a.date_created - b.date_created || a.id - b.id);
    const elements = all.slice(offset, offset + limit).map((mo) => merchantOrderJson(state, mo));
    return c.json({ elements, next_offset: offset + elements.length, total: all.length }, 200);
  };
  app.get('/merchant_orders/search', search);
  app.get('/merchant_orders', search);

  app.get('/merchant_orders/:id', (c) => {
    const { account } = c.get('auth');
    const raw = c.req.param('id');
    if (!/^\d{1,15}$/.test(raw)) throw invalidFormat('id');
    const mo = state.merchantOrders.get(Number(raw));
    if (!mo || mo.collectorId !== account.id) throw classicError(404, 'not_found', `Merchant order ${raw} not found.`);
    return c.json(merchantOrderJson(state, mo), 200);
  });

  return app;
}
