// The one place amounts are converted to and from the wire (design rule: never a JS float in our logic).
// Input: integer minor units (number or bigint) or decimal strings. Output per API (spec §10.3): Orders
// API wants strings ("150.50", CLP/COP "1500"), legacy bodies want JSON numbers; CLP/COP take integers only.
import { getSite, type Site, type SiteId } from './sites.ts';

export class AmountError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

function site(s: SiteId | Site): Site {
  return typeof s === 'string' ? getSite(s) : s;
}

function checkMinor(minor: number | bigint, s: Site): number {
  const n = typeof minor === 'bigint' ? Number(minor) : minor;
  if (typeof minor === 'bigint' ? BigInt(n) !== minor || !Number.isSafeInteger(n) : !Number.isSafeInteger(n)) {
    throw new AmountError(`amount in minor units must be a safe integer, got ${String(minor)} (${s.currency}); for decimals pass a string like "150.50"`);
  }
  if (n < 0) throw new AmountError(`amount must not be negative, got ${n} minor units (${s.currency})`);
  return n;
}

/** Parse a decimal string ("150.5", "150.50", "1500") to minor units; rejects what the site cannot take. */
export function parseDecimal(value: string, siteOrId: SiteId | Site): number {
  const s = site(siteOrId);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new AmountError(`amount "${value}" is not a non-negative decimal number like "150.50"`);
  const [, int, frac = ''] = m;
  // Trailing zeros carry no value: "1500.00" is a whole number of pesos.
  const significant = frac.replace(/0+$/, '');
  if (significant.length > s.decimals) {
    throw new AmountError(s.decimals === 0
      ? `amount "${value}" has decimals, but ${s.currency} (${s.id}) amounts must be integers`
      : `amount "${value}" has more than ${s.decimals} decimals (${s.currency})`);
  }
  const minor = Number(int + significant.padEnd(s.decimals, '0'));
  if (!Number.isSafeInteger(minor)) throw new AmountError(`amount "${value}" is too large`);
  return minor;
}

/** Integer minor units → Orders API string: "150.50"; CLP/COP "1500". */
export function toOrdersAmount(minor: number | bigint, siteOrId: SiteId | Site): string {
  const s = site(siteOrId);
  const n = checkMinor(minor, s);
  if (s.decimals === 0) return String(n);
  const digits = String(n).padStart(s.decimals + 1, '0');
  return `${digits.slice(0, -s.decimals)}.${digits.slice(-s.decimals)}`;
}

/** Integer minor units → legacy JSON number: 150.5; CLP/COP 1500. */
export function toLegacyAmount(minor: number | bigint, siteOrId: SiteId | Site): number {
  // Through the decimal string: Number("150.50") is the nearest double to 150.5, no float arithmetic.
  return Number(toOrdersAmount(minor, siteOrId));
}

/** Orders API string → minor units. */
export function fromOrdersAmount(value: string, siteOrId: SiteId | Site): number {
  if (typeof value !== 'string') throw new AmountError(`Orders API amounts are strings, got ${typeof value}`);
  return parseDecimal(value, siteOrId);
}

/** Legacy JSON number → minor units, exactly (via the shortest decimal form of the number). */
export function fromLegacyAmount(value: number, siteOrId: SiteId | Site): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AmountError(`legacy amount must be a finite number, got ${String(value)}`);
  const text = String(value);
  if (/e/i.test(text)) throw new AmountError(`amount ${text} is out of range`);
  return parseDecimal(text, siteOrId);
}

export interface Amount {
  readonly site: Site;
  /** Integer minor units (centavos; pesos for CLP/COP). */
  readonly minor: number;
  /** Orders API wire format. */
  toOrders(): string;
  /** Legacy (merchant_order / in-store) wire format. */
  toLegacy(): number;
  plus(other: Amount | string | number | bigint): Amount;
  toString(): string;
}

/**
 * An amount for a site, from a decimal string (`amount('150.50', 'MLA')`) or integer minor units
 * (`amount(15050, 'MLA')`, `amount(15050n, 'MLA')`). Floats are refused: `amount(150.5, …)` throws.
 */
export function amount(value: string | number | bigint, siteOrId: SiteId | Site): Amount {
  const s = site(siteOrId);
  const minor = typeof value === 'string' ? parseDecimal(value, s) : checkMinor(value, s);
  const self: Amount = Object.freeze({
    site: s,
    minor,
    toOrders: () => toOrdersAmount(minor, s),
    toLegacy: () => toLegacyAmount(minor, s),
    plus: (other: Amount | string | number | bigint) => {
      const o = typeof other === 'object' ? other : amount(other, s);
      if (o.site.id !== s.id) throw new AmountError(`cannot add ${o.site.currency} to ${s.currency}`);
      return amount(minor + o.minor, s);
    },
    toString: () => toOrdersAmount(minor, s),
  });
  return self;
}
