// An amount typed by a person: the message says what is allowed and shows the corrected value, because
// "12,50" and "-5" are what people actually type.
import { AmountError, parseDecimal, type Site } from '@cobro/client';
import { usageError } from './errors.ts';

const example = (site: Site) => (site.decimals === 0 ? '1500' : '150.50');

/** The amount as MP wants it (a decimal string), or a usage error. `what` names it ("amount", "--amount"). */
export function checkAmount(v: string, site: Site, what = 'amount'): string {
  const s = v.trim();
  const allowed = site.decimals === 0
    ? `${site.currency} amounts are whole numbers greater than zero, e.g. ${example(site)}`
    : `amounts are numbers greater than zero with a dot for decimals, e.g. ${example(site)}`;
  if (/^\d+,\d+$/.test(s)) {
    const dotted = s.replace(',', '.');
    throw usageError(`${what} "${v}" has a comma: use a dot for decimals: ${dotted}`, `pass ${dotted}`);
  }
  if (/^-/.test(s)) throw usageError(`${what} "${v}" is negative: ${allowed}`, `pass ${s.slice(1) || example(site)}`);
  if (!/^\d+(\.\d+)?$/.test(s)) throw usageError(`${what} "${v}" is not a number: ${allowed}`);
  if (Number(s) === 0) throw usageError(`${what} "${v}" is zero: ${allowed}`);
  try {
    parseDecimal(s, site);
  } catch (err) {
    if (err instanceof AmountError) throw usageError(err.message, site.decimals === 0 ? `pass a whole amount, e.g. ${s.split('.')[0]}` : `pass at most ${site.decimals} decimals, e.g. ${Number(s).toFixed(site.decimals)}`);
    throw err;
  }
  return s;
}
