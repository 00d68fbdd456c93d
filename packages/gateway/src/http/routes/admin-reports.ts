// The admin JSON API's reports (under /admin/api, behind the admin key): a seller's reconciliation per local day,
// and the health view. The query schema is shared with the pages and the CSV, so all three refuse the same input.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { parse, z } from '../input.ts';
import type { AdminServices } from '../../services/admin.ts';

/** The longest range one report covers. */
export const MAX_RANGE_DAYS = 366;
const date = z.iso.date('a date as YYYY-MM-DD');
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** `?seller=&from=&to=`; both dates optional (default: the last 30 days in the seller's zone), both included. */
export const reconciliationQuery = z.strictObject({
  seller: z.string().regex(/^sel_[0-9a-z]{1,40}$/, "a seller id (sel_…)"),
  from: date.optional(),
  to: date.optional(),
}).superRefine((q, ctx) => {
  if (q.from === undefined || q.to === undefined) {
    if (q.from !== undefined || q.to !== undefined) ctx.addIssue({ code: 'custom', path: [q.from === undefined ? 'from' : 'to'], message: 'give both from and to, or neither' });
    return;
  }
  const days = dayNumber(q.to) - dayNumber(q.from) + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'on or after from' });
  else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days after from (${days} asked)` });
});
export type ReconciliationQuery = z.infer<typeof reconciliationQuery>;

export function adminReportRoutes(admin: AdminServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/reconciliation', async (c) => {
    const q = parse(reconciliationQuery, c.req.query());
    return c.json(await admin.reports.reconciliation(q.seller, q));
  });
  app.get('/health', async (c) => c.json(await admin.reports.health()));
  return app;
}
