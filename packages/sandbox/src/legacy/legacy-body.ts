// Validation of the legacy "v2" in-store order body (spec §6.1), shared by the attended PUT and the dynamic
// and hybrid `/qrs` endpoints. Error keys and messages are the reference's; amounts come out in minor units.
import type { SandboxState } from '../state.ts';
import type { Account, InstoreOrder, LegacyItem } from '../model.ts';
import { classicError, type MpError } from '../errors.ts';
import { isObject } from '../http.ts';
import { parseAmountNumber } from '../money.ts';
import { validateSponsor } from '../identity/sponsor.ts';
import { isHttpUrl, parseIsoDate } from '../kit/validation.ts';

/** What a valid body contributes to an in-store order (the rest comes from the path and the token). */
export type LegacyOrderBody = Pick<InstoreOrder, 'external_reference' | 'title' | 'description' | 'notification_url' |
  'expiration_date' | 'expiresAt' | 'total_amount' | 'items' | 'sponsor_id' | 'cash_out'>;

const bad = (key: string, message: string, cause?: string): MpError =>
  classicError(400, key, message, cause ? [{ code: key, description: cause, data: null }] : []);

const EXTERNAL_REFERENCE = /^[A-Za-z0-9_-]{1,64}$/;
/** Parse an ISO expiration date (with a UTC offset or Z, as in `2023-08-22T16:34:56.559-04:00`) that must be in
 *  the future of the virtual clock; undefined when not. */
export function futureIsoDate(state: SandboxState, v: unknown): number | undefined {
  const ms = parseIsoDate(v, { offset: 'required' });
  return ms !== undefined && ms > state.now() ? ms : undefined;
}

const ITEM_STRINGS = ['sku_number', 'category', 'title', 'description', 'unit_measure', 'currency_id'] as const;
const ITEM_NUMBERS = ['quantity', 'unit_price', 'total_amount'] as const;
/** Item fields whose absence the reference reports (`invalid_<field>` "<field> must be present."). */
const ITEM_REQUIRED = ['unit_price', 'quantity', 'unit_measure', 'description'] as const;

/** unit_price × quantity in minor units; undefined past 2^53, where the product (1e19…) is no longer exact. */
export function lineAmount(unit: number, qty: number): number | undefined {
  const v = Math.round(unit * qty);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** The items' totals plus `extra` (cash out) in minor units; undefined past 2^53, like `lineAmount`. */
export function itemsAmount(items: readonly LegacyItem[], extra = 0): number | undefined {
  const v = items.reduce((s, i) => s + (i.total_amount ?? 0), extra);
  return Number.isSafeInteger(v) ? v : undefined;
}

const TOO_LARGE = 'is larger than any amount an order can hold';

export function parseLegacyOrderBody(state: SandboxState, body: Record<string, unknown>, collector: Account): LegacyOrderBody {
  const site = state.site(collector.site_id);
  const digits = site.decimals === 0 ? 'no decimals' : `${site.decimals} decimals`;

  const ref = body.external_reference;
  if (ref === undefined || ref === null || ref === '') throw bad('invalid_external_reference', 'external_reference must be present.');
  if (typeof ref !== 'string') throw bad('invalid_external_reference', 'external_reference must be string.');
  if (!EXTERNAL_REFERENCE.test(ref)) {
    throw bad('invalid_external_reference', 'external_reference must have at most 64 characters: letters, numbers, hyphens (-) and underscores (_) only.');
  }
  if (body.title !== undefined && typeof body.title !== 'string') throw bad('invalid_title', 'title must be string.');
  if (body.description !== undefined && typeof body.description !== 'string') throw bad('invalid_description', 'description must be string.');

  let notification_url: string | undefined;
  if (body.notification_url !== undefined && body.notification_url !== null) {
    if (typeof body.notification_url !== 'string' || !isHttpUrl(body.notification_url)) {
      throw bad('invalid_notification_url', 'notification_url must be a valid URL.');
    }
    notification_url = body.notification_url;
  }

  let expiresAt: number | undefined;
  if (body.expiration_date !== undefined && body.expiration_date !== null) {
    expiresAt = futureIsoDate(state, body.expiration_date);
    if (expiresAt === undefined) throw bad('invalid_expiration_date', 'Expiration date must be a valid and future date.');
  }

  if (body.total_amount === undefined || body.total_amount === null) throw bad('invalid_total_amount', 'total_amount must be present.');
  if (typeof body.total_amount !== 'number') throw bad('invalid_total_amount', 'total_amount must be number.');
  const total = parseAmountNumber(body.total_amount, site);
  if (total === undefined || total <= 0) {
    throw bad('invalid_total_amount', `total_amount must be a positive number with at most ${digits} (${site.currency}).`);
  }

  const items: LegacyItem[] = [];
  if (body.items !== undefined && body.items !== null) {
    if (!Array.isArray(body.items)) throw bad('invalid_items', 'items must be array.');
    for (const raw of body.items) {
      if (!isObject(raw)) throw bad('invalid_items', 'items must be objects.');
      for (const f of ITEM_STRINGS) {
        if (raw[f] !== undefined && raw[f] !== null && typeof raw[f] !== 'string') throw bad(`invalid_items.${f}`, `items.${f} must be string.`);
      }
      for (const f of ITEM_NUMBERS) {
        if (raw[f] !== undefined && raw[f] !== null && typeof raw[f] !== 'number') throw bad(`invalid_items.${f}`, `items.${f} must be number.`);
      }
      for (const f of ITEM_REQUIRED) {
        if (raw[f] === undefined || raw[f] === null) throw bad(`invalid_${f}`, `${f} must be present.`);
      }
      if (raw.currency_id !== undefined && raw.currency_id !== site.currency) {
        throw bad('invalid_items.currency_id', `items.currency_id must be ${site.currency} (the currency of site ${site.id}).`);
      }
      const unit = parseAmountNumber(raw.unit_price, site);
      if (unit === undefined || unit <= 0) throw bad('invalid_items.unit_price', `items.unit_price must be a positive number with at most ${digits}.`);
      const qty = raw.quantity as number;
      if (!(qty > 0) || !Number.isFinite(qty)) throw bad('invalid_items.quantity', 'items.quantity must be a positive number.');
      const lineTotal = lineAmount(unit, qty);
      if (lineTotal === undefined) throw bad('invalid_items.quantity', `items.quantity × items.unit_price ${TOO_LARGE}.`);
      if (raw.total_amount !== undefined && raw.total_amount !== null) {
        const given = parseAmountNumber(raw.total_amount, site);
        if (given === undefined) throw bad('invalid_items.total_amount', `items.total_amount must be a number with at most ${digits}.`);
        if (state.opts.legacyItemsMustSumToTotal && given !== lineTotal) {
          throw bad('invalid_items.total_amount', 'items.total_amount must equal unit_price × quantity.');
        }
      }
      items.push({
        sku_number: raw.sku_number as string | undefined,
        category: raw.category as string | undefined,
        title: raw.title as string | undefined,
        description: raw.description as string,
        unit_price: unit,
        quantity: qty,
        unit_measure: raw.unit_measure as string,
        total_amount: lineTotal,
        currency_id: site.currency,
      });
    }
  }

  let cash_out: number | undefined;
  if (body.cash_out !== undefined && body.cash_out !== null) {
    if (!isObject(body.cash_out) || body.cash_out.amount === undefined || body.cash_out.amount === null) {
      throw bad('invalid_amount', 'cash_out.amount must be present.');
    }
    if (typeof body.cash_out.amount !== 'number') throw bad('invalid_cash_out.amount', 'cash_out.amount must be number.');
    cash_out = parseAmountNumber(body.cash_out.amount, site);
    if (cash_out === undefined) throw bad('invalid_cash_out.amount', `cash_out.amount must be a non-negative number with at most ${digits}.`);
  }
  if (items.length === 0 && cash_out === undefined) {
    throw bad('error_creating_seller_qr_order', 'The cash out is required when order has no items.');
  }
  const sum = itemsAmount(items, cash_out);
  if (sum === undefined) throw bad('invalid_items', `the sum of items (unit_price × quantity) ${TOO_LARGE}.`);
  if (state.opts.legacyItemsMustSumToTotal && items.length > 0) {
    if (sum !== total) {
      throw bad('invalid_total_amount', 'total_amount must equal the sum of items (unit_price × quantity) plus cash_out.amount.');
    }
  }
  if (items.length === 0 && cash_out !== undefined && cash_out !== total) {
    throw bad('invalid_total_amount', 'total_amount must equal cash_out.amount when the order has no items.');
  }

  let sponsor_id: number | undefined;
  if (body.sponsor !== undefined && body.sponsor !== null) {
    if (!isObject(body.sponsor) || body.sponsor.id === undefined || body.sponsor.id === null) throw bad('invalid_id', 'sponsor.id must be present.');
    if (typeof body.sponsor.id !== 'number') throw bad('invalid_sponsor.id', 'sponsor.id must be number.');
    const reason = validateSponsor(state, body.sponsor.id, collector);
    if (reason) throw bad('invalid_sponsor.id', 'sponsor.id is not an active user.', reason);
    sponsor_id = body.sponsor.id;
  }

  return {
    external_reference: ref,
    title: body.title as string | undefined,
    description: body.description as string | undefined,
    notification_url,
    expiration_date: body.expiration_date as string | undefined,
    expiresAt,
    total_amount: total,
    items,
    sponsor_id,
    cash_out,
  };
}
