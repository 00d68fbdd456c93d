// A reconciliation as CSV, for a spreadsheet: a header row, one row per day, then the totals; amounts as plain
// decimals with a dot. Every cell a spreadsheet could take for a formula (= + - @ tab CR at its start, as in a
// seller's nickname from Mercado Pago) is prefixed with ' so it stays text; plain numbers are left as numbers.
import type { Reconciliation } from '../../services/reports.ts';

const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['day', 'seller', 'currency', 'approved_count', 'approved_amount', 'refunded_amount', 'net_amount'] as const;

export function reconciliationCsv(r: Reconciliation): string {
  const row = (day: string, m: Reconciliation['totals']) => [day, r.seller.nickname, r.seller.currency, m.approved_count, m.approved_amount, m.refunded_amount, m.net_amount];
  const rows = [[...CSV_HEADER], ...r.days.map((d) => row(d.day, d)), row('total', r.totals)];
  return rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** `reconciliation-sel_…-2026-11-01-to-2026-11-30.csv`: the seller id is [a-z0-9_] by construction. */
export const csvFilename = (r: Reconciliation): string => `reconciliation-${r.seller.id}-${r.from}-to-${r.to}.csv`;
