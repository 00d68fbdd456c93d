// The admin pages' notifications area: /admin/notifications (Mercado Pago's deliveries, each with Replay) and
// /admin/events (the integrator's events, each with Redeliver). The filters are the JSON API's own query schemas;
// a bad one shows the page again saying which field. Replay and Redeliver are CSRF-checked form POSTs that come
// back to the page with a notice.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { filledIn } from '../input.ts';
import { refused, type AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';
import { inboxFilter } from './admin-notifications.ts';
import { outboxFilter } from './admin-outbox.ts';
import { GatewayError } from '../../errors.ts';
import { NotificationsPage, EventsPage } from '../../web/admin/notifications.tsx';
import type { Page } from '../../services/notification-admin.ts';

const EMPTY: Page<never> = { results: [], next_before: null };

/** The query without the empty fields a GET form sends, and the id a POST came back with (for its notice). */
function queryOf(c: Context, done: string, prefix: string): { query: Record<string, string>; doneId?: string } {
  const { [done]: id, ...rest } = c.req.query();
  const query = filledIn(rest);
  return { query, doneId: id && new RegExp(`^${prefix}\\d{1,18}$`).test(id) ? id : undefined };
}

/** A page read that a bad filter turns into the page again with its reason (400), not an error body. */
async function orRefused<T>(read: () => Promise<Page<T>>): Promise<{ page: Page<T>; error?: GatewayError }> {
  try {
    return { page: await read() };
  } catch (err) {
    return { page: EMPTY, error: refused(err) };
  }
}

export function adminNotificationPages(kit: AdminKit, d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const n = d.admin.notifications;

  app.get('/admin/notifications', kit.page(async (c, csrf) => {
    const { query, doneId } = queryOf(c, 'replayed', 'ntf_');
    const [{ page, error }, sellers] = await Promise.all([orRefused(() => n.notifications(inboxFilter(query))), d.sellers.list()]);
    const notice = doneId && `Replay of ${doneId} queued: it shows pending until the gateway has re-fetched its resource from Mercado Pago.`;
    return kit.render(c, <NotificationsPage page={page} query={query} sellers={sellers} csrf={csrf} notice={notice} error={error?.message} />, error?.status);
  }));
  app.post('/admin/notifications/:id/replay', kit.action(async (c) => {
    const r = await n.replay(c.req.param('id')!);
    return c.redirect(`/admin/notifications?replayed=${r.id}`, 303);
  }));

  app.get('/admin/events', kit.page(async (c, csrf) => {
    const { query, doneId } = queryOf(c, 'redelivered', 'evt_');
    const { page, error } = await orRefused(() => n.events(outboxFilter(query)));
    const notice = doneId && `Redelivery of ${doneId} queued.`;
    return kit.render(c, <EventsPage page={page} query={query} enabled={n.eventsEnabled} csrf={csrf} notice={notice} error={error?.message} />, error?.status);
  }));
  app.post('/admin/events/:id/redeliver', kit.action(async (c) => {
    const r = await n.redeliver(c.req.param('id')!);
    return c.redirect(`/admin/events?redelivered=${r.id}`, 303);
  }));
  return app;
}
