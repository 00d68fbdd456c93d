// The admin's report pages: reconciliation (pick a seller and dates, a table per local day with its totals, the
// same as CSV) and health (notifications, tokens, the job queue, Mercado Pago's error rate). A problem is said in
// words ("PROBLEM: …"), not only in red.
import type { FC } from 'hono/jsx';
import type { SellerView } from '../../services/sellers.ts';
import type { Health, Rate, Reconciliation } from '../../services/reports.ts';
import { Layout, Problem, when } from './layout.tsx';

/** "3 min ago", "2 h ago", "5 d ago". */
export function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

const Bad: FC<{ text: string }> = ({ text }) => <span class="bad">PROBLEM: {text}</span>;
const Ok: FC<{ text?: string }> = ({ text = 'OK' }) => <span class="ok">{text}</span>;

export interface ReconciliationForm { seller?: string; from?: string; to?: string }

const csvHref = (r: Reconciliation) => `/admin/reconciliation.csv?${new URLSearchParams({ seller: r.seller.id, from: r.from, to: r.to })}`;

export const ReconciliationPage: FC<{ sellers: SellerView[]; report?: Reconciliation; form: ReconciliationForm; csrf: string; error?: string }> = ({ sellers, report, form, csrf, error }) => (
  <Layout title="Reconciliation" csrf={csrf}>
    <p>Money per day, counted on the day it moved: an approval on the day Mercado Pago's approval was seen, a refund on the day the refund was seen.</p>
    <Problem message={error} />
    {sellers.length === 0 ? <p>No seller is connected yet.</p> : (
      <form method="get" action="/admin/reconciliation" class="row" aria-label="Report">
        <label>Seller<select name="seller">{sellers.map((s) => <option value={s.id} selected={s.id === (report?.seller.id ?? form.seller)}>{s.nickname} ({s.site_id} · {s.currency})</option>)}</select></label>
        <label>From<input type="date" name="from" value={report?.from ?? form.from} required /></label>
        <label>To<input type="date" name="to" value={report?.to ?? form.to} required /></label>
        <button type="submit" class="primary">Show</button>
      </form>
    )}
    {report && <ReportTable r={report} />}
  </Layout>
);

const ReportTable: FC<{ r: Reconciliation }> = ({ r }) => (
  <section aria-labelledby="report-title">
    <h2 id="report-title">{r.seller.nickname}: {r.from} to {r.to}</h2>
    <p>Days in <strong>{r.time_zone}</strong> (the seller's site {r.seller.site_id}); amounts in {r.seller.currency}. <a href={csvHref(r)} download>Download CSV</a></p>
    <table>
      <thead><tr><th scope="col">Day</th><th scope="col">Approved</th><th scope="col">Approved amount</th><th scope="col">Refunded</th><th scope="col">Net</th></tr></thead>
      <tbody>{r.days.map((d) => (
        <tr data-day={d.day}>
          <td>{d.day}</td><td>{d.approved_count}</td><td>{d.approved_amount}</td><td>{d.refunded_amount}</td><td>{d.net_amount}</td>
        </tr>))}
      </tbody>
      <tfoot><tr data-day="total"><th scope="row">Total</th><td>{r.totals.approved_count}</td><td>{r.totals.approved_amount}</td><td>{r.totals.refunded_amount}</td><td>{r.totals.net_amount}</td></tr></tfoot>
    </table>
  </section>
);

const RateCell: FC<{ r: Rate }> = ({ r }) => <>{r.calls} calls, {r.failed} failed{r.percent === null ? '' : ` (${r.percent} %)`}</>;

export const HealthPage: FC<{ h: Health; csrf: string }> = ({ h, csrf }) => (
  <Layout title="Health" csrf={csrf}>
    <p>Checked {when(h.checked_at)} · database: <strong>{h.database.kind === 'pglite' ? 'PGlite (embedded, one process)' : 'PostgreSQL'}</strong> <span class="muted">({h.database.version.split(' on ')[0]})</span></p>
    {h.problems.length === 0 ? <p><Ok text="No problem found." /></p> : (
      <section aria-labelledby="problems"><h2 id="problems">Problems ({h.problems.length})</h2><ul>{h.problems.map((p) => <li><Bad text={p} /></li>)}</ul></section>
    )}
    <h2>Sellers</h2>
    {h.sellers.length === 0 ? <p>No seller is connected yet.</p> : (
      <table>
        <thead><tr><th scope="col">Seller</th><th scope="col">State</th><th scope="col">Last verified notification</th><th scope="col">Token expires</th><th scope="col">Check</th></tr></thead>
        <tbody>{h.sellers.map((s) => (
          <tr data-seller={s.id}>
            <td>{s.nickname} <span class="muted">({s.site_id})</span></td><td>{s.status}</td>
            <td>{s.last_verified_notification_at ? <>{when(s.last_verified_notification_at)} ({ago(s.last_verified_age_s!)} ago)</> : 'never'}</td>
            <td>{when(s.token_expires_at)} ({s.token_expires_in_s > 0 ? `in ${ago(s.token_expires_in_s)}` : 'expired'})</td>
            <td>{s.problems.length ? s.problems.map((p) => <div><Bad text={p} /></div>) : <Ok />}</td>
          </tr>))}
        </tbody>
      </table>
    )}
    <h2>Job queue</h2>
    <p>Dead jobs (out of attempts): {h.jobs.dead ? <Bad text={String(h.jobs.dead)} /> : <Ok text="0" />}</p>
    {h.jobs.queues.length === 0 ? <p>The queue is empty.</p> : (
      <table>
        <thead><tr><th scope="col">Queue</th><th scope="col">State</th><th scope="col">Jobs</th><th scope="col">Oldest</th><th scope="col">Due now</th></tr></thead>
        <tbody>{h.jobs.queues.map((q) => (
          <tr data-queue={`${q.queue}:${q.state}`}>
            <td>{q.queue}</td><td>{q.state}</td><td>{q.count}</td><td>{ago(q.oldest_age_s)} old</td>
            <td>{q.state === 'queued' ? <>{q.due}{q.overdue_s !== null && ` (oldest due ${ago(q.overdue_s)} ago)`}</> : '—'}</td>
          </tr>))}
        </tbody>
      </table>
    )}
    <h2>Mercado Pago calls</h2>
    <table>
      <thead><tr><th scope="col">Window</th><th scope="col">Calls</th></tr></thead>
      <tbody>
        <tr data-window="hour"><th scope="row">Last hour (call log, every process)</th><td><RateCell r={h.mp.last_hour} /></td></tr>
        <tr data-window="day"><th scope="row">Last 24 h (call log, every process)</th><td><RateCell r={h.mp.last_24h} /></td></tr>
        <tr data-window="process"><th scope="row">This process since it started</th><td>{h.mp.process.calls} attempts, {h.mp.process.failed} failed</td></tr>
      </tbody>
    </table>
  </Layout>
);
