// `offset`/`limit` query parameters of the classic search endpoints. Every search parses its integers with
// `intQuery`; each API keeps its own error key (stores/POS INVALID_OFFSET/INVALID_LIMIT, merchant_orders
// invalid_format, payments bad_request).
import { classicError, type MpError } from '../errors.ts';

export interface Paging { offset: number; limit: number }

/** Largest `limit` a search accepts (MP's maximum is not published; spec §4.3 UNCONFIRMED). */
export const MAX_LIMIT = 100;

/** An integer query parameter in [min, max]; absent or empty → `dflt`; anything else → `reject()`. */
export function intQuery(v: string | undefined, dflt: number, min: number, max: number, reject: () => MpError): number {
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw reject();
  return Number(v);
}

export function parsePaging(offset: string | undefined, limit: string | undefined, defaultLimit: number): Paging {
  return {
    offset: intQuery(offset, 0, 0, 1e9, () => classicError(400, 'INVALID_OFFSET', 'offset must be a non-negative integer.')),
    limit: intQuery(limit, defaultLimit, 1, MAX_LIMIT,
      () => classicError(400, 'INVALID_LIMIT', `limit must be an integer between 1 and ${MAX_LIMIT}.`)),
  };
}

export function page<T, R>(all: T[], p: Paging, render: (t: T) => R): { paging: { total: number; offset: number; limit: number }; results: R[] } {
  return {
    paging: { total: all.length, offset: p.offset, limit: p.limit },
    results: all.slice(p.offset, p.offset + p.limit).map(render),
  };
}
