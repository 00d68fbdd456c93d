// The documented operations of the admin's reconciliation and health (JSON API and pages), with the answers'
// schemas beside them: test/admin-reports.test.ts checks real answers against these.
import { z } from '../input.ts';
import { reconciliationQuery } from '../routes/admin-reports.ts';
import { errorBody } from './responses.ts';
import { html, json, sessionOp, type Operation, type Param } from './operation.ts';

const iso = z.string().describe('ISO-8601 date-time (UTC)');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/).describe("A plain decimal in the seller's currency (CLP/COP: integers)");
const money = z.object({ approved_count: z.number().int(), approved_amount: decimal, refunded_amount: decimal, net_amount: decimal.describe('approved − refunded') });

export const reconciliation = z.object({
  seller: z.object({ id: z.string(), nickname: z.string(), site_id: z.string(), currency: z.string() }),
  time_zone: z.string().describe("The seller's site's zone: each day is a day there"),
  from: z.string(), to: z.string(),
  days: z.array(money.extend({ day: z.string().describe('YYYY-MM-DD, every day of the range') })),
  totals: money,
}).describe('Money per day, counted on the day it moved: an approval on the day of its approval event, a refund on the day of its refund event');

const rate = z.object({ calls: z.number().int(), failed: z.number().int().describe('No answer, or an answer of 400 or more'), percent: z.number().nullable() });

export const health = z.object({
  checked_at: iso,
  database: z.object({ kind: z.enum(['pglite', 'postgres']), version: z.string() }),
  sellers: z.array(z.object({
    id: z.string(), nickname: z.string(), site_id: z.string(), status: z.string(),
    last_verified_notification_at: iso.nullable().describe('null: never; the gateway then relies on polling'), last_verified_age_s: z.number().int().nullable(),
    token_expires_at: iso, token_expires_in_s: z.number().int(), problems: z.array(z.string()),
  })),
  jobs: z.object({
    queues: z.array(z.object({
      queue: z.string(), state: z.string(), count: z.number().int(), oldest_created_at: iso, oldest_age_s: z.number().int(),
      due: z.number().int().describe('Queued and due now'), oldest_due_at: iso.nullable(), overdue_s: z.number().int().nullable(),
    })),
    dead: z.number().int(),
  }),
  mp: z.object({
    last_hour: rate, last_24h: rate,
    process: z.object({ calls: z.number().int(), failed: z.number().int() }).describe("This process's attempts since it started (its /metrics counters)"),
  }),
  problems: z.array(z.string()).describe('Each problem found, in words'),
});

const { shape } = reconciliationQuery;
const queryParams: Param[] = [
  { name: 'seller', in: 'query', schema: shape.seller, required: true, description: "The seller's id (sel_…)" },
  { name: 'from', in: 'query', schema: shape.from, description: 'First day, YYYY-MM-DD in the seller\'s zone (default: 29 days before `to`; give both or neither)' },
  { name: 'to', in: 'query', schema: shape.to, description: 'Last day, included (default: today there); at most 366 days in all' },
];

export const adminReportOps: Operation[] = [
  { method: 'get', path: '/admin/api/reconciliation', id: 'getReconciliation', tag: 'Admin', summary: "A seller's approved, refunded and net amounts per day of its site's time zone", security: 'adminKey',
    params: queryParams, responses: { 200: json('The days and their totals', reconciliation), 400: json('A bad or unknown seller, a bad date, or a range over 366 days (the field is named)', errorBody) } },
  { method: 'get', path: '/admin/api/health', id: 'getHealth', tag: 'Admin', summary: 'Notifications per seller, token expiry, the job queue, Mercado Pago error rates', security: 'adminKey',
    responses: { 200: json('The health view', health) } },
  sessionOp('get', '/admin/reconciliation', 'adminReconciliationPage', 'Reconciliation per seller and day (form: seller, from, to)', { 200: html('the report'), 400: html('the form, saying which field is wrong') },
    queryParams.map((p) => ({ ...p, required: false }))),
  sessionOp('get', '/admin/reconciliation.csv', 'adminReconciliationCsv', 'The reconciliation as a CSV download (401 without a session)',
    { 200: { description: 'CSV (attachment): a header row, one row per day, a total row', type: 'text/csv' }, 400: json('As getReconciliation', errorBody) }, queryParams),
  sessionOp('get', '/admin/health', 'adminHealthPage', 'Health: notifications, tokens, the job queue, Mercado Pago error rates', { 200: html('the health page') }),
];
