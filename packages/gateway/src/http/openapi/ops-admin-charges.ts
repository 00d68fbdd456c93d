// The documented operations of the admin's charges: the JSON API's list and detail (with the timeline) and the
// two pages that show them. The list's parameters are the route's own query schema, field by field.
import { z } from '../input.ts';
import { chargeListQuery } from '../routes/admin-charges.ts';
import { CHARGE_STATUSES } from '../../services/charge-admin.ts';
import { errorBody } from './responses.ts';
import { chargeId, html, json, sessionOp, type Operation, type Param } from './operation.ts';

const iso = z.string().describe('ISO-8601 date-time (UTC)');
const named = z.object({ id: z.string(), name: z.string() });

export const adminChargeItem = z.object({
  id: z.string(),
  status: z.enum(CHARGE_STATUSES),
  amount: z.string().describe("Decimal string in the seller's currency"),
  currency: z.string(),
  reference: z.string().nullable().describe("The integrator's own reference, as the terminal sent it"),
  seller: z.object({ id: z.string(), nickname: z.string() }),
  store: named,
  pos: named,
  created_at: iso,
});

export const adminChargeList = z.object({
  results: z.array(adminChargeItem).describe('At most 50, newest first'),
  next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  next: z.string().nullable().describe('The next page with the same filters'),
});

export const timelineEntry = z.object({
  at: iso,
  kind: z.enum(['state', 'mp_call', 'notification', 'event']).describe('A state change or rejected attempt, a call to Mercado Pago, a notification from it, an event to the integrator'),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const adminChargeDetail = z.object({
  charge: adminChargeItem.extend({
    refunded_amount: z.string(), flow: z.string(), mode: z.string(), mp_order_id: z.string().nullable(), mp_payment_id: z.string().nullable(),
    external_reference: z.string().describe("The gateway's reference on Mercado Pago's order"), expires_at: iso.nullable(),
    review_reason: z.string().nullable(), last_error: z.unknown().describe("The last error from Mercado Pago (message, status, code, mp_request_id), or null"), updated_at: iso,
  }),
  timeline: z.array(timelineEntry).describe('Oldest first'),
});

const FILTERS: Record<string, string> = {
  seller: "Only this seller's charges (sel_…)", store: "Only this store's (str_…)", pos: "Only this POS's (pos_…)", status: 'Only charges in this status',
  from: 'Created on or after this UTC day (YYYY-MM-DD)', to: 'Created on or before this UTC day (YYYY-MM-DD, included)', cursor: "The previous page's next_cursor",
};
const filters: Param[] = Object.entries(chargeListQuery.shape).map(([name, schema]) => ({ name, in: 'query', schema: schema as z.ZodType, description: FILTERS[name] }));

export const adminChargeOps: Operation[] = [
  { method: 'get', path: '/admin/api/charges', id: 'listAdminCharges', tag: 'Admin', summary: 'Charges, newest first, filtered, 50 a page', security: 'adminKey',
    description: 'Keyset pages: follow `next` (or pass `next_cursor` as `cursor` with the same filters). A bad filter is a 400 naming it.',
    params: filters, responses: { 200: json('One page of charges', adminChargeList), 400: json('A filter is not valid (`fields` names it)', errorBody) } },
  { method: 'get', path: '/admin/api/charges/{id}', id: 'getAdminCharge', tag: 'Admin', summary: 'One charge and its timeline', security: 'adminKey',
    description: 'The timeline merges, oldest first, the state changes and rejected attempts, the calls to Mercado Pago, the notifications about its order and payments, and the events sent to the integrator.',
    params: [chargeId], responses: { 200: json('The charge and its timeline', adminChargeDetail), 404: json('No such charge', errorBody) } },
  sessionOp('get', '/admin/charges', 'adminChargesPage', 'Charges: the filter form and a page of charges', { 200: html('the charges'), 400: html('the form, saying which filter is wrong') }, filters),
  sessionOp('get', '/admin/charges/{id}', 'adminChargePage', 'One charge and its timeline', { 200: html('the charge'), 404: html('no such charge') }),
];
