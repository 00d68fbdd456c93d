// The one place the resources turn typed amounts (`Amount` objects or decimal strings) into wire values:
// JSON numbers for the legacy APIs, decimal strings for the Orders API. Everything goes through money.ts.
import { AmountError, parseDecimal, toLegacyAmount, toOrdersAmount, type Amount } from '../money.ts';
import { getSite, type Site, type SiteId } from '../sites.ts';
import type { AmountInput } from '../types/instore.ts';

/**
 * Rules for a decimal string when the seller's site is unknown: at most two decimals (what every site but
 * CLP/COP takes). Pass `site` (or `Amount` objects) to have CLP/COP decimals refused here rather than by MP.
 */
const ANY_SITE: Site = Object.freeze({ id: 'MLA', country: '', currency: 'no site given', currencyNumeric: '', decimals: 2 });

/** The site amounts of one request are read in: the explicit one, else the site of its `Amount` objects. */
export interface AmountScope {
  site: Site | undefined;
}

function isAmount(v: unknown): v is Amount {
  return typeof v === 'object' && v !== null && 'minor' in v && 'site' in v;
}

export function amountScope(explicit: SiteId | undefined, values: ReadonlyArray<AmountInput | undefined>): AmountScope {
  let site = explicit === undefined ? undefined : getSite(explicit);
  for (const v of values) {
    if (!isAmount(v)) continue;
    if (site && v.site.id !== site.id) {
      throw new AmountError(`an amount in ${v.site.currency} (${v.site.id}) was given for a ${site.currency} (${site.id}) request`);
    }
    site = v.site;
  }
  return { site };
}

/** Integer minor units of a typed amount; `field` names it in errors. */
export function minorUnits(v: AmountInput, scope: AmountScope, field: string): number {
  try {
    if (isAmount(v)) return v.minor;
    if (typeof v !== 'string') {
      throw new AmountError(`expected an Amount (amount('150.50', site)) or a decimal string, got ${typeof v} ${String(v)}`);
    }
    return parseDecimal(v, scope.site ?? ANY_SITE);
  } catch (e) {
    if (e instanceof AmountError) throw new AmountError(`${field}: ${e.message}`);
    throw e;
  }
}

/** Legacy JSON number (150.5; CLP/COP 1500). */
export function legacyAmount(v: AmountInput, scope: AmountScope, field: string): number {
  return toLegacyAmount(minorUnits(v, scope, field), scope.site ?? ANY_SITE);
}

/** Legacy number from minor units already computed (e.g. unit_price × quantity). */
export function legacyFromMinor(minor: number, scope: AmountScope): number {
  return toLegacyAmount(minor, scope.site ?? ANY_SITE);
}

/**
 * Orders API string: two decimals ("150.50"), CLP/COP integers ("1500"). With no site known, a whole
 * decimal string stays whole ("1500" is valid on every site), anything else gets two decimals.
 */
export function ordersAmount(v: AmountInput, scope: AmountScope, field: string): string {
  const minor = minorUnits(v, scope, field);
  if (!scope.site && typeof v === 'string' && !v.includes('.')) return String(minor / 100);
  return toOrdersAmount(minor, scope.site ?? ANY_SITE);
}
