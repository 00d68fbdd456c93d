// The admin pages' reports area: reconciliation per seller and local day (and the same as a CSV download), and
// the health page. All behind the session; the query is the JSON API's own schema, so a bad seller or date is
// refused the same way (here: the form again, saying why, with a 400).
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { filledIn, parse } from '../input.ts';
import { refused, type AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';
import { reconciliationQuery, type ReconciliationQuery } from './admin-reports.ts';
import { GatewayError } from '../../errors.ts';
import { HealthPage, ReconciliationPage, type ReconciliationForm } from '../../web/admin/reports.tsx';
import { csvFilename, reconciliationCsv } from '../../web/admin/reconciliation-csv.ts';

export function adminReportPages(kit: AdminKit, d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const reports = d.admin.reports;

  app.get('/admin/reconciliation', kit.page(async (c, csrf) => {
    const sellers = await d.sellers.list();
    const form: ReconciliationForm = c.req.query();
    // Without a seller chosen yet: the first one's last 30 days.
    const raw = { ...form, seller: form.seller ?? sellers[0]?.id };
    if (!raw.seller) return kit.render(c, <ReconciliationPage sellers={sellers} form={form} csrf={csrf} />);
    try {
      const q = parse(reconciliationQuery, filledIn(raw));
      return kit.render(c, <ReconciliationPage sellers={sellers} form={form} report={await reports.reconciliation(q.seller, q)} csrf={csrf} />);
    } catch (err) {
      return kit.render(c, <ReconciliationPage sellers={sellers} form={form} csrf={csrf} error={refused(err).message} />, 400);
    }
  }));

  app.get('/admin/reconciliation.csv', async (c) => {
    if (!(await kit.sessionOf(c))) throw new GatewayError(401, 'unauthorized', 'log in at /admin first');
    const q: ReconciliationQuery = parse(reconciliationQuery, filledIn(c.req.query()));
    const r = await reports.reconciliation(q.seller, q);
    return c.body(reconciliationCsv(r), 200, {
      'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${csvFilename(r)}"`,
      'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
    });
  });

  app.get('/admin/health', kit.page(async (c: Context, csrf) => kit.render(c, <HealthPage h={await reports.health()} csrf={csrf} />)));
  return app;
}
