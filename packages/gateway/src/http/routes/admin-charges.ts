// The admin JSON API's charges (under /admin/api, behind the admin key): the filtered list, 50 a page with a
// `next` link that keeps the filters, and one charge with its timeline. The query schema here is also the admin
// page's (admin-charge-pages.tsx) and the OpenAPI document's, so all three check the same thing.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { filledIn, parse, z } from '../input.ts';
import type { AdminServices } from '../../services/admin.ts';
import { CHARGE_STATUSES, decodeCursor, type ChargeListQuery } from '../../services/charge-admin.ts';

const ref = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{1,40}$`), `a ${prefix}_… id`);

/** A UTC day, YYYY-MM-DD, that exists (no 2026-02-30): one check, so one problem per field. */
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const day = z.string().refine(isDay, 'a day of the calendar as YYYY-MM-DD').meta({ format: 'date' });

export const chargeListQuery = z.strictObject({
  seller: ref('sel').optional(),
  store: ref('str').optional(),
  pos: ref('pos').optional(),
  status: z.enum(CHARGE_STATUSES).optional(),
  from: day.optional().describe('Created on or after this UTC day'),
  to: day.optional().describe('Created on or before this UTC day (included)'),
  cursor: z.string().max(200).transform((s, ctx) => decodeCursor(s) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave' }), z.NEVER))
    .optional().describe("The previous page's next_cursor"),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

export type RawChargeQuery = Record<string, string>;

/** The query checked field by field (a 400 naming it), the cursor decoded. */
export const chargeQuery = (raw: RawChargeQuery): ChargeListQuery => parse(chargeListQuery, filledIn(raw));

/** The same filters, and the cursor of the page after. */
export function nextPage(base: string, raw: RawChargeQuery, cursor: string | null): string | null {
  if (!cursor) return null;
  const { cursor: _, ...filters } = filledIn(raw);
  return `${base}?${new URLSearchParams({ ...filters, cursor })}`;
}

export function adminChargeRoutes(admin: AdminServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/charges', async (c) => {
    const raw = c.req.query();
    const page = await admin.charges.list(chargeQuery(raw));
    return c.json({ ...page, next: nextPage('/admin/api/charges', raw, page.next_cursor) });
  });
  app.get('/charges/:id', async (c) => c.json(await admin.charges.detail(c.req.param('id'))));
  return app;
}
