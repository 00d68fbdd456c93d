// Checks of untrusted input shared by MP's endpoints and the control plane: JSON object bodies, http(s) URLs
// and ISO-8601 date-times. Kept in one place so every validator accepts and rejects exactly the same strings.
import { classicError } from '../errors.ts';

/** The latest instant a JS Date can hold: anything past it breaks every timestamp the sandbox renders. */
export const MAX_TIME_MS = 8.64e15;

/** A control-plane body that must be an object; absent (undefined/null) reads as `{}`. */
export function objectInput(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw classicError(400, 'bad_request', 'The request body must be a JSON object.');
  return input as Record<string, unknown>;
}

/** 400 naming the first field that `allowed` does not list (a typo must not be silently ignored). */
export function rejectUnknownFields(o: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  if (extra !== undefined) {
    throw classicError(400, 'bad_request', `${extra} is not a field of ${what} (allowed: ${allowed.join(', ')}).`);
  }
}

/** An absolute http(s) URL with a host. */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch ms of an ISO-8601 date or date-time, or undefined. Unlike `Date.parse`, a day the month does not have
 * (`2030-02-31`) or an hour past 23 is invalid instead of rolling over into the next month or day.
 * `offset: 'required'` demands `Z` or `±hh:mm` (MP's legacy `expiration_date`).
 */
export function parseIsoDate(v: unknown, opts: { offset?: 'required' | 'optional' } = {}): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = ISO.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', , zone] = m;
  if (opts.offset === 'required' && (zone === undefined || m[4] === undefined)) return undefined;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > days) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = Date.parse(v.trim());
  return Number.isFinite(ms) ? ms : undefined;
}
