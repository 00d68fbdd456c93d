// The SQL of the admin's reports: money moved per seller and local day (reconciliation), and what the health page
// counts (last verified notification per seller, the job queue, the database server). Days are cut in SQL with
// `at time zone`, so a sale at 23:30 in Buenos Aires is that day's, not the next UTC day's.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The events that move money: every one carries the charge's refunded total so far (`data.refunded_minor`). */
export const MONEY_EVENTS = ['charge.approved', 'charge.partially_refunded', 'charge.refunded'] as const;

export interface DayMoney { day: string; approved_count: number; approved_minor: number; refunded_minor: number }

export interface SellerHealthRow {
  id: string; nickname: string; site_id: string; status: string; token_expires_at: Date; last_verified_at: Date | null;
}

export interface JobDepthRow { queue: string; state: string; count: number; oldest_created_at: Date; oldest_due_at: Date | null; due: number }

export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * A seller's money per local day in [from, to] (YYYY-MM-DD, both included) in `zone`: only days that moved money.
   * A charge's first money event is its approval (its full amount, that day), whatever its type (a poll may see it
   * approved and already partly refunded at once); each money event refunds what its total grew since the
   * charge's previous one. Driven by the money events' time index (migration 0006-reports), so the cost follows
   * the events in the range, not the seller's whole history.
   */
  async moneyByDay(sellerId: string, zone: string, from: string, to: string): Promise<DayMoney[]> {
    const types = sql.join(MONEY_EVENTS.map((t) => sql.lit(t)));
    const query = sql<{ day: string; approved_count: string; approved_minor: string; refunded_minor: string }>`
      with moved as (
        select (e.created_at at time zone ${zone})::date as day, c.amount_minor, (e.data->>'refunded_minor')::bigint as refunded_total, p.refunded_before, p.seen
        from charge_events e join charges c on c.id = e.charge_id
        left join lateral (
          select (p.data->>'refunded_minor')::bigint as refunded_before, true as seen from charge_events p
          where p.charge_id = e.charge_id and p.version < e.version and p.type in (${types})
          order by p.version desc limit 1
        ) p on true
        where e.type in (${types}) and c.seller_id = ${sellerId}
          and e.created_at >= (${from}::date::timestamp at time zone ${zone})
          and e.created_at < ((${to}::date + 1)::timestamp at time zone ${zone})
      )
      select to_char(day, 'YYYY-MM-DD') as day,
        count(*) filter (where seen is null) as approved_count,
        coalesce(sum(amount_minor) filter (where seen is null), 0) as approved_minor,
        coalesce(sum(greatest(coalesce(refunded_total, 0) - coalesce(refunded_before, 0), 0)), 0) as refunded_minor
      from moved group by moved.day order by moved.day`;
    // A long range of a big seller costs PostgreSQL's JIT more to compile (a second on a year) than it saves.
    const { rows } = await this.db.transaction().execute(async (tx) => {
      await sql`set local jit = off`.execute(tx);
      return query.execute(tx);
    });
    return rows.map((r) => ({ day: r.day, approved_count: Number(r.approved_count), approved_minor: Number(r.approved_minor), refunded_minor: Number(r.refunded_minor) }));
  }

  /** Every seller with the time of its last verified (signed) notification, through the inbox's per-user index. */
  async sellersHealth(): Promise<SellerHealthRow[]> {
    return this.db.selectFrom('sellers as s')
      .select(['s.id', 's.nickname', 's.site_id', 's.status', 's.token_expires_at'])
      .select((eb) => eb.selectFrom('webhook_inbox as w').whereRef('w.mp_user_id', '=', 's.mp_user_id').where('w.signature', '=', 'verified')
        .select((w) => w.fn.max('w.received_at').as('m')).as('last_verified_at'))
      .orderBy('s.nickname').orderBy('s.id').execute() as Promise<SellerHealthRow[]>;
  }

  /** The queue by queue and state: how many, the oldest, and (queued) how many are due and since when. */
  async jobDepth(now: Date): Promise<JobDepthRow[]> {
    const rows = await this.db.selectFrom('jobs').groupBy(['queue', 'state']).orderBy('queue').orderBy('state')
      .select(['queue', 'state', (eb) => eb.fn.countAll<string>().as('count'), (eb) => eb.fn.min('created_at').as('oldest_created_at')])
      .select((eb) => [
        eb.fn.min('run_at').filterWhere((w) => w.and([w('state', '=', 'queued'), w('run_at', '<=', now)])).as('oldest_due_at'),
        eb.fn.countAll<string>().filterWhere((w) => w.and([w('state', '=', 'queued'), w('run_at', '<=', now)])).as('due'),
      ]).execute();
    return rows.map((r) => ({ ...r, count: Number(r.count), due: Number(r.due), oldest_created_at: new Date(r.oldest_created_at), oldest_due_at: r.oldest_due_at ? new Date(r.oldest_due_at) : null }));
  }

  /** The server's version string (PGlite reports a wasm32 build). */
  async serverVersion(): Promise<string> {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(this.db);
    return rows[0]!.v;
  }
}
