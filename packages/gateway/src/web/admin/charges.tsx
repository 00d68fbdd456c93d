// The admin pages' charges: the filter form (seller, store, POS, status, UTC days) over a page of charges, and
// one charge with its timeline, for the staff answering "the customer paid and the screen says nothing". A GET
// form, so a filtered list is a link to share; nothing here changes anything, and no token or key is shown.
import type { FC } from 'hono/jsx';
import type { ChargeDetail, ChargeListItem } from '../../services/charge-admin.ts';
import { CHARGE_STATUSES } from '../../services/charge-admin.ts';
import type { TimelineEntry } from '../../services/charge-timeline.ts';
import { Layout, Problem, when } from './layout.tsx';

/** A decimal string in its currency, with as many decimals as the currency has (CLP and COP: none). */
export function money(amount: string, currency: string): string {
  const decimals = amount.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Number(amount));
}

/** What the filter selects offer: each seller with its stores and POS. */
export interface ChargeCatalog { id: string; nickname: string; stores: { id: string; name: string }[]; pos: { id: string; name: string; store_id: string }[] }

export type FilterValues = Partial<Record<'seller' | 'store' | 'pos' | 'status' | 'from' | 'to', string>>;

const STATUS_CLASS: Record<string, string> = { approved: 'ok', failed: 'bad', canceled: 'bad', expired: 'bad' };
const Status: FC<{ s: string }> = ({ s }) => <span class={STATUS_CLASS[s]}>{s}</span>;

const Filters: FC<{ catalog: ChargeCatalog[]; v: FilterValues }> = ({ catalog, v }) => (
  <form method="get" action="/admin/charges" class="row" aria-label="Filter the charges">
    <label>Seller<select name="seller">
      <option value="">Any seller</option>
      {catalog.map((s) => <option value={s.id} selected={v.seller === s.id}>{s.nickname}</option>)}
    </select></label>
    <label>Store<select name="store">
      <option value="">Any store</option>
      {catalog.map((s) => <optgroup label={s.nickname}>{s.stores.map((st) => <option value={st.id} selected={v.store === st.id}>{st.name}</option>)}</optgroup>)}
    </select></label>
    <label>POS<select name="pos">
      <option value="">Any POS</option>
      {catalog.map((s) => <optgroup label={s.nickname}>{s.pos.map((p) => (
        <option value={p.id} selected={v.pos === p.id}>{p.name} ({s.stores.find((st) => st.id === p.store_id)?.name ?? 'no store'})</option>))}</optgroup>)}
    </select></label>
    <label>Status<select name="status">
      <option value="">Any status</option>
      {CHARGE_STATUSES.map((s) => <option value={s} selected={v.status === s}>{s}</option>)}
    </select></label>
    <label>Created from (UTC day)<input type="date" name="from" value={v.from ?? ''} /></label>
    <label>Created to (UTC day, included)<input type="date" name="to" value={v.to ?? ''} /></label>
    <button type="submit" class="primary">Filter</button>
    <a href="/admin/charges">Clear the filters</a>
  </form>
);

export const ChargesPage: FC<{ catalog: ChargeCatalog[]; values: FilterValues; charges: ChargeListItem[]; next: string | null; problem?: string; csrf: string }> = (p) => (
  <Layout title="Charges" csrf={p.csrf}>
    <Filters catalog={p.catalog} v={p.values} />
    <Problem message={p.problem} />
    {!p.problem && (p.charges.length === 0 ? <p>No charge matches these filters.</p> : (
      <table>
        <caption class="muted">Newest first, at most 50 a page; times in UTC</caption>
        <thead><tr><th scope="col">Charge</th><th scope="col">Created</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Seller</th><th scope="col">Store · POS</th><th scope="col">Reference</th></tr></thead>
        <tbody>{p.charges.map((c) => (
          <tr data-charge-id={c.id}>
            <td><a href={`/admin/charges/${c.id}`}>{c.id}</a></td>
            <td>{when(c.created_at)}</td>
            <td>{money(c.amount, c.currency)}</td>
            <td><Status s={c.status} /></td>
            <td>{c.seller.nickname}</td>
            <td>{c.store.name} · {c.pos.name}</td>
            <td>{c.reference ?? '—'}</td>
          </tr>))}
        </tbody>
      </table>
    ))}
    {p.next && <p><a href={p.next} rel="next">Next page</a></p>}
  </Layout>
);

const KIND: Record<TimelineEntry['kind'], string> = { state: 'State', mp_call: 'Mercado Pago call', notification: 'Notification', event: 'Event to the integrator' };

const Timeline: FC<{ entries: TimelineEntry[] }> = ({ entries }) => (entries.length === 0 ? <p>Nothing recorded yet.</p> : (
  <table class="timeline">
    <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
    <tbody>{entries.map((e) => (
      <tr data-kind={e.kind}><td>{when(e.at)}</td><td>{KIND[e.kind]}</td><td>{e.summary}</td><td><code>{JSON.stringify(e.details)}</code></td></tr>))}
    </tbody>
  </table>
));

export const ChargePage: FC<{ detail: ChargeDetail; csrf: string }> = ({ detail: { charge: c, timeline }, csrf }) => {
  const rows: [string, unknown][] = [
    ['Amount', money(c.amount, c.currency)], ['Refunded', money(c.refunded_amount, c.currency)], ['Status', <Status s={c.status} />],
    ['Seller', <a href={`/admin/sellers/${c.seller.id}`}>{c.seller.nickname}</a>], ['Store', c.store.name], ['POS', c.pos.name],
    ['Flow', c.flow], ['Mode', c.mode], ['MP order id', c.mp_order_id ?? '—'], ['MP payment id', c.mp_payment_id ?? '—'],
    ['External reference (on MP)', c.external_reference], ['Reference (the terminal\'s)', c.reference ?? '—'], ['Created', when(c.created_at)],
    ['Expires', when(c.expires_at)], ['Updated', when(c.updated_at)],
    ...(c.review_reason ? [['Flagged for review', <span class="bad">{c.review_reason}</span>] as [string, unknown]] : []),
    ...(c.last_error ? [['Last error', <code>{JSON.stringify(c.last_error)}</code>] as [string, unknown]] : []),
  ];
  return (
    <Layout title={`Charge ${c.id}`} csrf={csrf}>
      <p><a href="/admin/charges">Back to the charges</a></p>
      <table class="fields"><tbody>{rows.map(([k, v]) => <tr><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody></table>
      <h2>Timeline</h2>
      <p class="muted">Oldest first, times in UTC: state changes and rejected card attempts, calls to Mercado Pago, its notifications, and the events sent to the integrator.</p>
      <Timeline entries={timeline} />
    </Layout>
  );
};

export const ChargeNotFoundPage: FC<{ id: string; csrf: string }> = ({ id, csrf }) => (
  <Layout title="Charge not found" csrf={csrf}>
    <p role="alert">No charge has the id <code>{id}</code>.</p>
    <p><a href="/admin/charges">Back to the charges</a></p>
  </Layout>
);
