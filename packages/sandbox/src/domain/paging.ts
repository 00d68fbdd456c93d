// `offset`/`limit` query parameters of the classic search endpoints (stores, POS), with MP's error keys.
import { classicError } from '../errors.ts';

export interface Paging { offset: number; limit: number }

/** Largest `limit` a search accepts (MP's maximum is not published; spec §4.3 UNCONFIRMED). */
export const MAX_LIMIT = 100;

export function parsePaging(offset: string | undefined, limit: string | undefined, defaultLimit: number): Paging {
  const o = offset === undefined || offset === '' ? 0 : /^\d{1,9}$/.test(offset) ? Number(offset) : NaN;
  if (!Number.isInteger(o)) throw classicError(400, 'INVALID_OFFSET', 'offset must be a non-negative integer.');
  const l = limit === undefined || limit === '' ? defaultLimit : /^\d{1,9}$/.test(limit) ? Number(limit) : NaN;
  if (!Number.isInteger(l) || l < 1 || l > MAX_LIMIT) {
    throw classicError(400, 'INVALID_LIMIT', `limit must be an integer between 1 and ${MAX_LIMIT}.`);
  }
  return { offset: o, limit: l };
}

export function page<T, R>(all: T[], p: Paging, render: (t: T) => R): { paging: { total: number; offset: number; limit: number }; results: R[] } {
  return {
    paging: { total: all.length, offset: p.offset, limit: p.limit },
    results: all.slice(p.offset, p.offset + p.limit).map(render),
  };
}
