// The admin's reports: reconciliation (a seller's money per day of its site's time zone: approvals, refunds, net)
// and health (is each seller's notification path working, is the job queue keeping up, is Mercado Pago failing).
// The pages, the CSV and the admin JSON API all read these views.
import { toOrdersAmount, type SiteId } from '@cobro/client';
import type { AdminDeps } from './admin.ts';
import { GatewayError } from '../errors.ts';
import { ReportsRepository } from '../repositories/reports.ts';
import { siteOf } from './charge-view.ts';
import type { GatewayMetrics } from '../metrics/gateway-metrics.ts';

/** Each site's day: Mercado Pago's sites and the zone their sellers close the day in. */
export const SITE_ZONES: Readonly<Record<SiteId, string>> = {
  MLA: 'America/Argentina/Buenos_Aires', MLB: 'America/Sao_Paulo', MLM: 'America/Mexico_City', MLC: 'America/Santiago',
  MCO: 'America/Bogota', MLU: 'America/Montevideo', MPE: 'America/Lima',
};
export const DEFAULT_DAYS = 30;

export interface Money { approved_count: number; approved_amount: string; refunded_amount: string; net_amount: string }
export interface DayRow extends Money { day: string }
export interface Reconciliation {
  seller: { id: string; nickname: string; site_id: string; currency: string };
  time_zone: string; from: string; to: string; days: DayRow[]; totals: Money;
}

export interface Rate { calls: number; failed: number; percent: number | null }
export interface SellerHealth {
  id: string; nickname: string; site_id: string; status: string;
  last_verified_notification_at: string | null; last_verified_age_s: number | null;
  token_expires_at: string; token_expires_in_s: number; problems: string[];
}
export interface QueueDepth { queue: string; state: string; count: number; oldest_created_at: string; oldest_age_s: number; due: number; oldest_due_at: string | null; overdue_s: number | null }
export interface Health {
  checked_at: string;
  database: { kind: 'pglite' | 'postgres'; version: string };
  sellers: SellerHealth[];
  jobs: { queues: QueueDepth[]; dead: number };
  mp: { last_hour: Rate; last_24h: Rate; process: ProcessCalls };
  problems: string[];
}

const DAY_MS = 86_400_000;
/** A token this close to its expiry without a refresh is worth a look (the gateway refreshes well before). */
const TOKEN_WARN_S = 7 * 86_400;
/** Queued work due longer than this means no worker is keeping up. */
const OVERDUE_WARN_S = 300;
/** Past this share of failed calls (with enough calls to mean something), Mercado Pago or the network is in trouble. */
const ERROR_WARN_PERCENT = 5;
const MIN_CALLS = 20;

/** Minor units as a plain decimal in the site's currency ("-12.50"; CLP/COP without decimals). */
export function amount(minor: number, site: SiteId): string {
  return minor < 0 ? `-${toOrdersAmount(-minor, site)}` : toOrdersAmount(minor, site);
}

/** Today's date (YYYY-MM-DD) in `zone`. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const rate = (r: { calls: number; failed: number }): Rate => ({ ...r, percent: r.calls ? Math.round((r.failed / r.calls) * 1000) / 10 : null });
/** This process's own count of Mercado Pago attempts since it started (also when the call log is empty). */
export interface ProcessCalls { calls: number; failed: number }

/** Summed from the /metrics families (the attempt histogram's counts, the error counter): no second bookkeeping. */
export function mpProcessCounts(m: GatewayMetrics): ProcessCalls {
  const total = (text: string, series: string) => text.split('\n').filter((l) => l.startsWith(series)).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return { calls: total(m.mpDuration.render(), `${m.mpDuration.name}_count`), failed: total(m.mpErrors.render(), `${m.mpErrors.name}{`) };
}

const ageS = (from: Date, now: Date) => Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));

export class ReportsService {
  private readonly repo: ReportsRepository;

  constructor(private readonly d: AdminDeps) {
    this.repo = new ReportsRepository(d.db);
    Object.freeze(this);
  }

  /** A seller's days from `from` to `to` (default: the last 30 days of its zone, today included), every day listed. */
  async reconciliation(sellerId: string, range: { from?: string; to?: string } = {}): Promise<Reconciliation> {
    const seller = await this.sellerOf(sellerId);
    const site = siteOf(seller.currency);
    const zone = SITE_ZONES[seller.site_id as SiteId] ?? SITE_ZONES[site];
    const to = range.to ?? localDate(this.d.now(), zone);
    const from = range.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    const moved = new Map((await this.repo.moneyByDay(seller.id, zone, from, to)).map((r) => [r.day, r]));
    const money = (count: number, approved: number, refunded: number): Money => ({
      approved_count: count, approved_amount: amount(approved, site), refunded_amount: amount(refunded, site), net_amount: amount(approved - refunded, site),
    });
    const days: DayRow[] = [];
    const sum = { count: 0, approved: 0, refunded: 0 };
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const r = moved.get(day) ?? { approved_count: 0, approved_minor: 0, refunded_minor: 0 };
      sum.count += r.approved_count; sum.approved += r.approved_minor; sum.refunded += r.refunded_minor;
      days.push({ day, ...money(r.approved_count, r.approved_minor, r.refunded_minor) });
    }
    return {
      seller: { id: seller.id, nickname: seller.nickname, site_id: seller.site_id, currency: seller.currency },
      time_zone: zone, from, to, days, totals: money(sum.count, sum.approved, sum.refunded),
    };
  }

  /** An unknown seller in a report's query is a bad field, like a malformed one. */
  private async sellerOf(id: string) {
    try {
      return await this.d.sellers.get(id);
    } catch (err) {
      if (err instanceof GatewayError && err.status === 404) {
        throw new GatewayError(400, 'invalid_request', `seller: no seller ${id}`, { fields: [{ field: 'seller', rule: 'an existing seller id' }] });
      }
      throw err;
    }
  }

  async health(): Promise<Health> {
    const now = this.d.now();
    const [sellers, queues, version, hour, day] = await Promise.all([
      this.repo.sellersHealth(), this.repo.jobDepth(now), this.repo.serverVersion(),
      this.d.mpCalls.errorRate(new Date(now.getTime() - 3_600_000)), this.d.mpCalls.errorRate(new Date(now.getTime() - DAY_MS)),
    ]);
    const sellerViews = sellers.map((s): SellerHealth => {
      const last = s.last_verified_at ? new Date(s.last_verified_at) : null;
      const expires = new Date(s.token_expires_at);
      const expiresIn = Math.round((expires.getTime() - now.getTime()) / 1000);
      const problems = [
        s.status === 'connected' && !last && 'no verified notification ever: the gateway is relying on polling (check the webhook URL and secret in the Mercado Pago application)',
        s.status === 'connected' && expiresIn <= 0 && 'token expired',
        s.status === 'connected' && expiresIn > 0 && expiresIn < TOKEN_WARN_S && 'token expires within 7 days',
      ].filter((p): p is string => !!p);
      return {
        id: s.id, nickname: s.nickname, site_id: s.site_id, status: s.status,
        last_verified_notification_at: last?.toISOString() ?? null, last_verified_age_s: last ? ageS(last, now) : null,
        token_expires_at: expires.toISOString(), token_expires_in_s: expiresIn, problems,
      };
    });
    const queueViews = queues.map((q): QueueDepth => ({
      queue: q.queue, state: q.state, count: q.count, oldest_created_at: q.oldest_created_at.toISOString(), oldest_age_s: ageS(q.oldest_created_at, now),
      due: q.due, oldest_due_at: q.oldest_due_at?.toISOString() ?? null, overdue_s: q.oldest_due_at ? ageS(q.oldest_due_at, now) : null,
    }));
    const dead = queues.filter((q) => q.state === 'dead').reduce((n, q) => n + q.count, 0);
    const mp = { last_hour: rate(hour), last_24h: rate(day), process: mpProcessCounts(this.d.metrics) };
    return { checked_at: now.toISOString(), database: { kind: /wasm32/.test(version) ? 'pglite' : 'postgres', version }, sellers: sellerViews, jobs: { queues: queueViews, dead }, mp, problems: overall(sellerViews, queueViews, dead, mp.last_hour) };
  }
}

/** The problems worth a line at the top of the health page. */
function overall(sellers: SellerHealth[], queues: QueueDepth[], dead: number, hour: Rate): string[] {
  return [
    ...sellers.flatMap((s) => s.problems.map((p) => `${s.nickname}: ${p}`)),
    ...queues.filter((q) => (q.overdue_s ?? 0) > OVERDUE_WARN_S).map((q) => `queue ${q.queue}: ${q.due} job(s) due for more than ${Math.round(q.overdue_s! / 60)} min (is a worker running?)`),
    ...(dead ? [`${dead} dead job(s): they ran out of attempts`] : []),
    ...(hour.calls >= MIN_CALLS && (hour.percent ?? 0) > ERROR_WARN_PERCENT ? [`Mercado Pago: ${hour.percent} % of calls failed in the last hour`] : []),
  ];
}
