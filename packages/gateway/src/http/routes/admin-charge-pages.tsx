// The admin pages' charges area: the list with its filter form (the same query schema as the JSON API, a bad
// filter shown on the page with a 400) and one charge with its timeline (an unknown id is a 404 page). Read-only
// pages behind the session; the selects are filled from the catalog services.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { refused, type AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';
import { chargeQuery, nextPage } from './admin-charges.ts';
import { filledIn } from '../input.ts';
import { GatewayError } from '../../errors.ts';
import { ChargeNotFoundPage, ChargePage, ChargesPage, type ChargeCatalog } from '../../web/admin/charges.tsx';

/** Every seller with its stores and POS, for the filter selects. */
async function catalog(d: AdminPageDeps): Promise<ChargeCatalog[]> {
  const [sellers, catalogs] = await Promise.all([d.sellers.list(), d.provisioning.catalogs()]);
  return sellers.map((s) => ({ id: s.id, nickname: s.nickname, stores: catalogs.get(s.id)?.stores ?? [], pos: catalogs.get(s.id)?.pos ?? [] }));
}

export function adminChargePages(kit: AdminKit, d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/admin/charges', kit.page(async (c, csrf) => {
    const raw = c.req.query();
    let problem: string | undefined;
    let page: Awaited<ReturnType<typeof d.admin.charges.list>> = { results: [], next_cursor: null };
    try {
      page = await d.admin.charges.list(chargeQuery(raw));
    } catch (err) {
      problem = refused(err).message;
    }
    return kit.render(c, <ChargesPage catalog={await catalog(d)} values={filledIn(raw)} charges={page.results}
      next={nextPage('/admin/charges', raw, page.next_cursor)} problem={problem} csrf={csrf} />, problem ? 400 : 200);
  }));
  app.get('/admin/charges/:id', kit.page(async (c, csrf) => {
    const id = c.req.param('id')!;
    try {
      return kit.render(c, <ChargePage detail={await d.admin.charges.detail(id)} csrf={csrf} />);
    } catch (err) {
      if (err instanceof GatewayError && err.status === 404) return kit.render(c, <ChargeNotFoundPage id={id} csrf={csrf} />, 404);
      throw err;
    }
  }));
  return app;
}
