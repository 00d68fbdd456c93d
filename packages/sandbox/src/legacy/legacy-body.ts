// Validation of the legacy "v2" in-store order body (spec §6.1), shared by the attended PUT and the dynamic
// and hybrid `/qrs` endpoints. Error keys and messages are the reference's ("<field> must be present."); amounts
// come out in minor units. No stricter than MP (spec §14): `external_reference` is free text, an item's
// `description` may be left to the order's, and items need not add up unless an option says so.
import type { SandboxState } from '../state.ts';
import type { Account, InstoreOrder, LegacyItem } from '../model.ts';
import type { Site } from '../sites.ts';
import { classicError, type MpError } from '../errors.ts';
import { isObject } from '../http.ts';
import { parseAmountNumber } from '../money.ts';
import { validateSponsor } from '../identity/sponsor.ts';
import { classicFieldError, isHttpUrl, parseIsoDate } from '../kit/validation.ts';

/** What a valid body contributes to an in-store order (the rest comes from the path and the token). */
export type LegacyOrderBody = Pick<InstoreOrder, 'external_reference' | 'title' | 'description' | 'notification_url' |
  'expiration_date' | 'expiresAt' | 'total_amount' | 'items' | 'sponsor_id' | 'cash_out'>;

/** `invalid_<field>` "<field> <rule>." — the reference's key and wording for every v2 field. */
const bad = (field: string, rule: string, key = `invalid_${field}`): MpError => classicFieldError(field, rule, key);

/** Parse an ISO expiration date (with a UTC offset or Z, as in `2023-08-22T16:34:56.559-04:00`) that must be in
 *  the future of the virtual clock; undefined when not. */
export function futureIsoDate(state: SandboxState, v: unknown): number | undefined {
  const ms = parseIsoDate(v, { offset: 'required' });
  return ms !== undefined && ms > state.now() ? ms : undefined;
}

const ITEM_STRINGS = ['sku_number', 'category', 'title', 'description', 'unit_measure', 'currency_id'] as const;
const ITEM_NUMBERS = ['quantity', 'unit_price', 'total_amount'] as const;
/** Item fields whose absence the reference reports (`invalid_<field>` "<field> must be present."). `description`
 *  only when the order has none of its own (spec §14). */
const ITEM_REQUIRED = ['unit_price', 'quantity', 'unit_measure'] as const;

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** unit_price × quantity in minor units; undefined past 2^53, where the product (1e19…) is no longer exact.
 *  Shared with /mpmobile, so both generations refuse the same amounts. */
export function lineAmount(unit: number, qty: number): number | undefined {
  const v = Math.round(unit * qty);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** The items' totals plus `extra` (cash out) in minor units; undefined past 2^53, like `lineAmount`. */
export function itemsAmount(items: readonly LegacyItem[], extra = 0): number | undefined {
  const v = items.reduce((s, i) => s + (i.total_amount ?? 0), extra);
  return Number.isSafeInteger(v) ? v : undefined;
}

export function parseLegacyOrderBody(state: SandboxState, body: Record<string, unknown>, collector: Account): LegacyOrderBody {
  const site = state.site(collector.site_id);
  const ref = body.external_reference;
  // Free text (spec §14): integrations in production send JSON strings here. Only /v1/orders restricts it.
  if (!present(ref) || ref === '') throw bad('external_reference', 'must be present');
  if (typeof ref !== 'string') throw bad('external_reference', 'must be string');
  if (present(body.title) && typeof body.title !== 'string') throw bad('title', 'must be string');
  if (present(body.description) && typeof body.description !== 'string') throw bad('description', 'must be string');

  let notification_url: string | undefined;
  if (present(body.notification_url)) {
    if (!isHttpUrl(body.notification_url)) throw bad('notification_url', 'must be a valid URL');
    notification_url = body.notification_url;
  }
  let expiresAt: number | undefined;
  if (present(body.expiration_date)) {
    expiresAt = futureIsoDate(state, body.expiration_date);
    if (expiresAt === undefined) throw bad('expiration_date', 'must be a valid and future date');
  }
  const total = parseTotal(body.total_amount, site);
  const orderDescribed = typeof body.title === 'string' || typeof body.description === 'string';
  const items = present(body.items) ? parseItems(state, body.items, site, orderDescribed) : [];
  const cash_out = parseCashOut(body.cash_out, site);
  checkTotals(state, items, cash_out, total);
  return {
    external_reference: ref,
    title: body.title as string | undefined,
    description: body.description as string | undefined,
    notification_url,
    expiration_date: body.expiration_date as string | undefined,
    expiresAt,
    total_amount: total,
    items,
    sponsor_id: parseSponsor(state, body.sponsor, collector),
    cash_out,
  };
}

const digitsOf = (site: Site): string => (site.decimals === 0 ? 'no decimals' : `${site.decimals} decimals`);

function parseTotal(v: unknown, site: Site): number {
  if (!present(v)) throw bad('total_amount', 'must be present');
  if (typeof v !== 'number') throw bad('total_amount', 'must be number');
  const total = parseAmountNumber(v, site);
  if (total === undefined || total <= 0) throw bad('total_amount', `must be a positive number with at most ${digitsOf(site)} (${site.currency})`);
  return total;
}

function parseItems(state: SandboxState, v: unknown, site: Site, orderDescribed: boolean): LegacyItem[] {
  if (!Array.isArray(v)) throw bad('items', 'must be array');
  const descriptionRequired = state.opts.legacyItemDescriptionRequired || !orderDescribed;
  return v.map((raw) => {
    if (!isObject(raw)) throw bad('items', 'must be objects');
    for (const f of ITEM_STRINGS) if (present(raw[f]) && typeof raw[f] !== 'string') throw bad(`items.${f}`, 'must be string', `invalid_items.${f}`);
    for (const f of ITEM_NUMBERS) if (present(raw[f]) && typeof raw[f] !== 'number') throw bad(`items.${f}`, 'must be number', `invalid_items.${f}`);
    for (const f of ITEM_REQUIRED) if (!present(raw[f])) throw bad(f, 'must be present');
    if (descriptionRequired && !present(raw.description)) throw bad('description', 'must be present');
    const unit = parseAmountNumber(raw.unit_price, site);
    // Zero is a price (a gift line); MP gives only "must be number" and the decimals.
    if (unit === undefined) throw bad('items.unit_price', `must be a non-negative number with at most ${digitsOf(site)}`, 'invalid_items.unit_price');
    const qty = raw.quantity as number;
    if (!(qty > 0) || !Number.isFinite(qty)) throw bad('items.quantity', 'must be a positive number', 'invalid_items.quantity');
    const lineTotal = lineAmount(unit, qty);
    if (lineTotal === undefined) throw bad('items.quantity', '× items.unit_price is larger than any amount an order can hold', 'invalid_items.quantity');
    if (present(raw.total_amount)) {
      const given = parseAmountNumber(raw.total_amount, site);
      if (given === undefined) throw bad('items.total_amount', `must be a number with at most ${digitsOf(site)}`, 'invalid_items.total_amount');
      if (state.opts.legacyItemsMustSumToTotal && given !== lineTotal) {
        throw bad('items.total_amount', 'must equal unit_price × quantity', 'invalid_items.total_amount');
      }
    }
    return {
      sku_number: raw.sku_number as string | undefined,
      category: raw.category as string | undefined,
      title: raw.title as string | undefined,
      description: raw.description as string | undefined,
      unit_price: unit,
      quantity: qty,
      unit_measure: raw.unit_measure as string,
      total_amount: lineTotal,
      // Currency is the site's (spec §10.3); MP documents only that a sent one must be a string.
      currency_id: site.currency,
    };
  });
}

function parseCashOut(v: unknown, site: Site): number | undefined {
  if (!present(v)) return undefined;
  if (!isObject(v) || !present(v.amount)) throw bad('cash_out.amount', 'must be present', 'invalid_amount');
  if (typeof v.amount !== 'number') throw bad('cash_out.amount', 'must be number');
  const amount = parseAmountNumber(v.amount, site);
  if (amount === undefined) throw bad('cash_out.amount', `must be a non-negative number with at most ${digitsOf(site)}`);
  return amount;
}

function checkTotals(state: SandboxState, items: LegacyItem[], cashOut: number | undefined, total: number): void {
  if (items.length === 0 && cashOut === undefined) {
    throw classicError(400, 'error_creating_seller_qr_order', 'The cash out is required when order has no items.');
  }
  const sum = itemsAmount(items, cashOut);
  if (sum === undefined) throw bad('items', 'add up (unit_price × quantity) to more than any amount an order can hold');
  // UNCONFIRMED whether MP checks the sum (spec §6.1): an option, off by default.
  if (!state.opts.legacyItemsMustSumToTotal) return;
  if (sum !== total) {
    throw bad('total_amount', items.length ? 'must equal the sum of items (unit_price × quantity) plus cash_out.amount' : 'must equal cash_out.amount when the order has no items');
  }
}

function parseSponsor(state: SandboxState, v: unknown, collector: Account): number | undefined {
  if (!present(v)) return undefined;
  if (!isObject(v) || !present(v.id)) throw bad('sponsor.id', 'must be present', 'invalid_id');
  if (typeof v.id !== 'number') throw bad('sponsor.id', 'must be number');
  const reason = validateSponsor(state, v.id, collector);
  if (reason) throw classicFieldError('sponsor.id', `is not an active user (${reason})`, 'invalid_sponsor.id');
  return v.id;
}
