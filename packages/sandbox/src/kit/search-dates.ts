// Date bounds of the classic searches: ISO-8601 (with or without offset) or MP's relative form
// `NOW`, `NOW-30DAYS`, `NOW+2HOURS` (units MINUTES, HOURS, DAYS, WEEKS, MONTHS, YEARS; singular accepted).
import { parseIsoDate } from './validation.ts';

const UNIT_MS: Record<string, number> = {
  MINUTE: 60_000, HOUR: 3600_000, DAY: 86400_000, WEEK: 7 * 86400_000, MONTH: 30 * 86400_000, YEAR: 365 * 86400_000,
};

/** Epoch ms, or undefined when `v` is neither form. */
export function parseSearchDate(v: string, now: number): number | undefined {
  const rel = /^NOW(?:([+-])(\d{1,6})(MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)S?)?$/i.exec(v.trim());
  if (rel) {
    if (!rel[1]) return now;
    const ms = Number(rel[2]) * UNIT_MS[rel[3].toUpperCase()];
    return rel[1] === '-' ? now - ms : now + ms;
  }
  return parseIsoDate(v);
}
