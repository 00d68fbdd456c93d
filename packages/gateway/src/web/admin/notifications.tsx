// The admin's notification pages: Mercado Pago's deliveries as the inbox received them (filtered, newest first,
// a Replay button on each), and the events to the integrator (filtered, a Redeliver button on each). Filters are
// plain GET forms and paging a plain link, so the pages need no script.
import type { FC, PropsWithChildren } from 'hono/jsx';
import type { SellerView } from '../../services/sellers.ts';
import { EVENT_TYPES, TOPICS, type EventView, type NotificationView, type Page } from '../../services/notification-admin.ts';
import { Layout, PostButton, Problem, when } from './layout.tsx';

type Query = Record<string, string>;

/** A filter select: "any" first, the query's value chosen. */
const Choice: FC<{ name: string; label: string; value?: string; options: readonly (readonly [string, string])[] }> = ({ name, label, value, options }) => (
  <label>{label}
    <select name={name}>
      <option value="">any</option>
      {options.map(([v, text]) => <option value={v} selected={v === value}>{text}</option>)}
    </select>
  </label>
);

const same = (xs: readonly string[]) => xs.map((x) => [x, x] as const);

/** The next (older) page: the same filters, from where this one ended. */
const Paging: FC<{ base: string; query: Query; next: string | null }> = ({ base, query, next }) => {
  const { before, ...filters } = query;
  const at = (extra: Query) => `${base}${Object.keys({ ...filters, ...extra }).length ? `?${new URLSearchParams({ ...filters, ...extra })}` : ''}`;
  return (
    <nav aria-label="Pages" class="row">
      {before && <a href={at({})}>Newest</a>}
      {next ? <a href={at({ before: next })} rel="next">Older</a> : <span class="muted">No older entries.</span>}
    </nav>
  );
};

const ChargeLink: FC<{ id: string | null }> = ({ id }) => (id ? <a class="id" href={`/admin/charges/${id}`}>{id}</a> : <span class="muted">—</span>);

/** A wide table's scroll region: focusable, so a keyboard can scroll it too. */
const Scroll: FC<PropsWithChildren<{ label: string }>> = ({ label, children }) => (
  <div class="table-scroll" role="region" aria-label={label} tabindex={0}>{children}</div>
);

/** The connected sellers, and the user id filtered on when it is none of theirs (an unknown or removed seller). */
function sellerOptions(sellers: SellerView[], chosen: string | undefined): (readonly [string, string])[] {
  const options = sellers.map((s) => [String(s.mp_user_id), `${s.nickname} (${s.mp_user_id})`] as const);
  return chosen && !options.some(([v]) => v === chosen) ? [...options, [chosen, chosen] as const] : options;
}

export const NotificationsPage: FC<{ page: Page<NotificationView>; query: Query; sellers: SellerView[]; csrf: string; notice?: string; error?: string }> = (
  { page, query, sellers, csrf, notice, error },
) => (
  <Layout title="Notifications" csrf={csrf}>
    <p class="muted">Every delivery from Mercado Pago, as received. A notification is only a doorbell: Replay rings it again, and the
      gateway re-fetches the resource from Mercado Pago (nothing changes when nothing changed there).</p>
    {notice && <p role="status" class="ok">{notice}</p>}
    <Problem message={error} />
    <form method="get" action="/admin/notifications" class="row" aria-label="Filter notifications">
      <Choice name="mp_user_id" label="Seller" value={query.mp_user_id} options={sellerOptions(sellers, query.mp_user_id)} />
      <Choice name="topic" label="Topic" value={query.topic} options={same(TOPICS)} />
      <Choice name="signature" label="Signature" value={query.signature} options={same(['verified', 'absent'])} />
      <Choice name="state" label="State" value={query.state} options={same(['processed', 'pending'])} />
      <button type="submit">Filter</button>
    </form>
    {page.results.length === 0 ? <p>No notification matches.</p> : (
      <Scroll label="Notifications"><table>
        <thead><tr><th scope="col">Received</th><th scope="col">Seller</th><th scope="col">Topic</th><th scope="col">Resource</th>
          <th scope="col">Signature</th><th scope="col">Processed</th><th scope="col">Charge</th><th scope="col">Actions</th></tr></thead>
        <tbody>{page.results.map((n) => (
          <tr data-id={n.id}>
            <td>{when(n.received_at)}</td>
            <td>{n.seller ? `${n.seller.nickname} (${n.mp_user_id})` : n.mp_user_id ?? <span class="muted">—</span>}</td>
            <td>{n.topic}</td>
            <td><code>{n.resource_id}</code></td>
            <td>{n.signature === 'verified' ? <span class="ok">verified</span> : <span class="muted">absent</span>}</td>
            <td class="processed">{n.processed_at ? when(n.processed_at) : <span class="bad">pending</span>}</td>
            <td><ChargeLink id={n.charge_id} /></td>
            <td><PostButton action={`/admin/notifications/${n.id}/replay`} csrf={csrf} label="Replay" /></td>
          </tr>))}
        </tbody>
      </table></Scroll>
    )}
    <Paging base="/admin/notifications" query={query} next={page.next_before} />
  </Layout>
);

const EventState: FC<{ e: EventView }> = ({ e }) => (e.state === 'delivered' ? <span class="ok">delivered</span>
  : e.state === 'failing' ? <span class="bad">failing</span> : <span class="muted">pending</span>);

export const EventsPage: FC<{ page: Page<EventView>; query: Query; enabled: boolean; csrf: string; notice?: string; error?: string }> = (
  { page, query, enabled, csrf, notice, error },
) => (
  <Layout title="Events" csrf={csrf}>
    <p class="muted">The events sent to the integrator's endpoint, signed, retried with backoff until it answers 2xx.</p>
    {!enabled && <p class="error" id="events-off">No integrator endpoint is configured (INTEGRATOR_WEBHOOK_URL and INTEGRATOR_WEBHOOK_SECRET
      are unset): events are kept here but not sent.</p>}
    {notice && <p role="status" class="ok">{notice}</p>}
    <Problem message={error} />
    <form method="get" action="/admin/events" class="row" aria-label="Filter events">
      <Choice name="type" label="Type" value={query.type} options={same(EVENT_TYPES)} />
      <Choice name="state" label="State" value={query.state} options={same(['delivered', 'pending', 'failing'])} />
      <label>Charge id<input name="charge_id" value={query.charge_id ?? ''} maxlength={100} /></label>
      <button type="submit">Filter</button>
    </form>
    {page.results.length === 0 ? <p>No event matches.</p> : (
      <Scroll label="Events"><table>
        <thead><tr><th scope="col">Created</th><th scope="col">Type</th><th scope="col">Charge</th><th scope="col">State</th><th scope="col">Attempts</th>
          <th scope="col">Last error</th><th scope="col">Delivered</th>{enabled && <th scope="col">Actions</th>}</tr></thead>
        <tbody>{page.results.map((e) => (
          <tr data-id={e.id}>
            <td>{when(e.created_at)}</td>
            <td>{e.type}</td>
            <td><ChargeLink id={e.charge_id} /></td>
            <td><EventState e={e} /></td>
            <td>{e.attempts}</td>
            <td>{e.last_error ?? <span class="muted">—</span>}</td>
            <td>{when(e.delivered_at)}</td>
            {enabled && <td><PostButton action={`/admin/events/${e.id}/redeliver`} csrf={csrf} label="Redeliver" /></td>}
          </tr>))}
        </tbody>
      </table></Scroll>
    )}
    <Paging base="/admin/events" query={query} next={page.next_before} />
  </Layout>
);
