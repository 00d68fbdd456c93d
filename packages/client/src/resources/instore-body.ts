// Typed legacy order input → wire body (JSON numbers), for the attended, dynamic, hybrid and /mpmobile APIs.
import { AmountError } from '../money.ts';
import { getSite } from '../sites.ts';
import type { InstoreOrderBody, InstoreOrderInput, MpmobileOrderInput } from '../types/instore.ts';
import { amountScope, legacyAmount, legacyFromMinor, minorUnits } from './amounts.ts';

export function instoreOrderBody(input: InstoreOrderInput): InstoreOrderBody {
  const { site, total_amount, items, cash_out, sponsor_id, expiration_date, ...rest } = input;
  const scope = amountScope(site, [total_amount, cash_out?.amount, ...(items ?? []).flatMap((i) => [i.unit_price, i.total_amount])]);
  const body: InstoreOrderBody = { ...rest, total_amount: legacyAmount(total_amount, scope, 'total_amount') };
  if (items) {
    body.items = items.map((item, i) => {
      const f = `items[${i}]`;
      const unit = minorUnits(item.unit_price, scope, `${f}.unit_price`);
      let total: number;
      if (item.total_amount !== undefined) total = minorUnits(item.total_amount, scope, `${f}.total_amount`);
      else if (Number.isInteger(item.quantity)) total = unit * item.quantity;
      else throw new AmountError(`${f}.total_amount is required when quantity (${item.quantity}) is not an integer`);
      return { ...item, unit_price: legacyFromMinor(unit, scope), total_amount: legacyFromMinor(total, scope) };
    });
  }
  if (cash_out) body.cash_out = { amount: legacyAmount(cash_out.amount, scope, 'cash_out.amount') };
  if (sponsor_id !== undefined) body.sponsor = { id: sponsorNumber(sponsor_id) };
  if (expiration_date !== undefined) body.expiration_date = expiration_date instanceof Date ? expiration_date.toISOString() : expiration_date;
  return body;
}

/** `/mpmobile` body: `sponsor_id` at the top level, items with `currency_id` (default: the site's). */
export function mpmobileBody(input: MpmobileOrderInput): Record<string, unknown> {
  const { site, items, ...rest } = input;
  const scope = amountScope(site, items.map((i) => i.unit_price));
  return {
    ...rest,
    items: items.map((item, i) => {
      const currency_id = item.currency_id ?? (scope.site ? getSite(scope.site.id).currency : undefined);
      if (!currency_id) throw new TypeError(`items[${i}].currency_id is required when neither site nor an Amount gives the currency`);
      return { ...item, currency_id, unit_price: legacyAmount(item.unit_price, scope, `items[${i}].unit_price`) };
    }),
  };
}

/** The legacy v2 APIs want `sponsor.id` as a number. */
function sponsorNumber(v: number | string): number {
  const n = typeof v === 'number' ? v : /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new TypeError(`sponsor_id must be an MP user id, got ${String(v)}`);
  return n;
}
