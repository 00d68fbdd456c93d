// The one validation kit: the 400s of MP's two error shapes keyed by field + rule, the optional-field readers
// every validator uses, and the checks of untrusted input shared by MP's endpoints and the control plane (JSON
// object bodies, http(s) URLs, ISO-8601 date-times). Kept in one place so every validator accepts and rejects
// exactly the same strings and says so the same way: "<field> <rule>", the field named in the body.
import { classicError, ordersError, type MpError } from '../errors.ts';

/** What is wrong with a field: its JSON type, its value, or its absence. The Orders API has a code for each. */
export type Problem = 'type' | 'value' | 'required';
/** Builds the 400 of one API for `field` breaking `rule` ("must be a string"). */
export type Fail = (field: string, rule: string, problem: Problem) => MpError;

/**
 * Classic shape: `{error: key, message: "<field> <rule>.", cause: [{code: "invalid_<field>", description, data:
 * field}]}`. `key` is MP's documented key where the API has one (`INVALID_NAME`, `invalid_external_reference`).
 */
export function classicFieldError(field: string, rule: string, key = 'bad_request', prefix = ''): MpError {
  return classicError(400, key, `${prefix}${field} ${rule}.`, [{ code: `invalid_${field}`, description: `${field} ${rule}`, data: field }]);
}

const ORDERS_CODES: Record<Problem, string> = { type: 'property_type', value: 'property_value', required: 'required_properties' };

/** Orders shape: `{errors: [{code, message: "<field> <rule>", details: ["<field> <rule>"]}]}`. */
export function ordersFieldError(code: string, field: string, rule: string): MpError {
  return ordersError(400, code, `${field} ${rule}`, [`${field} ${rule}`]);
}

/** The Orders API's `Fail`: property_type / property_value / required_properties. */
export const ordersFail: Fail = (field, rule, problem) => ordersFieldError(ORDERS_CODES[problem], field, rule);

/** A classic API's `Fail`: one key for every problem (`bad_request` unless the API documents its own). */
export function classicFail(key = 'bad_request', prefix = ''): Fail {
  return (field, rule) => classicFieldError(field, rule, key, prefix);
}

/** 400 `bad_request` in the classic shape for a rule that is not about one field. */
export function badRequest(message: string): MpError {
  return classicError(400, 'bad_request', message);
}

/**
 * `o[key]` when it is a string, undefined when absent; otherwise the API's 400 naming `field` (default `key`).
 * `nonEmpty` refuses "" and blanks, `max` a longer string.
 */
export function optString(o: Record<string, unknown>, key: string, fail: Fail,
  opts: { field?: string; nonEmpty?: boolean; max?: number } = {}): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  const field = opts.field ?? key;
  if (typeof v !== 'string') throw fail(field, 'must be a string', 'type');
  if (opts.nonEmpty && v.trim() === '') throw fail(field, 'must not be empty', 'value');
  if (opts.max !== undefined && v.length > opts.max) throw fail(field, `must be at most ${opts.max} characters`, 'value');
  return v;
}

/** `o[key]` when it is a boolean, undefined when absent; otherwise the API's 400. */
export function optBool(o: Record<string, unknown>, key: string, fail: Fail): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw fail(key, 'must be a boolean', 'type');
  return v;
}

/** `o[key]` when it is an absolute http(s) URL, undefined when absent; otherwise the API's 400. */
export function optUrl(o: Record<string, unknown>, key: string, fail: Fail): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isHttpUrl(v)) throw fail(key, 'must be an absolute http(s) URL', typeof v === 'string' ? 'value' : 'type');
  return v;
}

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
