// Money is integer minor units inside the sandbox; these are the only conversions to and from the wire.
// Orders API: decimal strings ("50.00" or "50"); legacy APIs: JSON numbers (≤ 2 decimals);
// CLP/COP: integers only (spec §10.3).
import type { Site } from './sites.ts';

/** Parse an Orders API amount string; undefined when it breaks the format for the site. */
export function parseAmountString(v: unknown, site: Site): number | undefined {
  if (typeof v !== 'string') return undefined;
  if (!(site.decimals === 0 ? WHOLE_AMOUNT : DECIMAL_AMOUNT).test(v)) return undefined;
  // Past the format, digit by digit (no split): at most 15 digits, so every step is an exact integer and the
  // value is Number(whole) × 10^decimals + Number(cents), as the parts would give.
  let minor = 0;
  let i = 0;
  for (; i < v.length && v.charCodeAt(i) !== 46; i++) minor = minor * 10 + (v.charCodeAt(i) - 48);
  if (site.decimals === 0) return minor;
  minor *= 100;
  if (i < v.length) minor += (v.charCodeAt(i + 1) - 48) * 10 + (v.charCodeAt(i + 2) - 48);
  return minor;
}

const WHOLE_AMOUNT = /^\d{1,15}$/;
const DECIMAL_AMOUNT = /^\d{1,13}(\.\d{2})?$/;

/** Parse a legacy numeric amount; undefined when not a finite non-negative number with allowed precision. */
export function parseAmountNumber(v: unknown, site: Site): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  const minor = Math.round(v * 10 ** site.decimals);
  // Past 2^53 minor units arithmetic on the amount stops being exact (and no real order is that large).
  if (!Number.isSafeInteger(minor)) return undefined;
  // Reject values with more precision than the site accepts (e.g. 10.005, or 10.5 in CLP).
  if (Math.abs(minor / 10 ** site.decimals - v) > 1e-9) return undefined;
  return minor;
}

/** Orders wire format: "50.00" (or "1500" for CLP/COP). */
export function formatAmountString(minor: number, site: Site): string {
  if (site.decimals === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Legacy wire format: a JSON number. */
export function formatAmountNumber(minor: number, site: Site): number {
  return minor / 10 ** site.decimals;
}
