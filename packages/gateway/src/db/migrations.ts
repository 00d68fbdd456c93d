// The gateway's schema, one ordered list of migrations that runs unchanged on PGlite and on PostgreSQL 15
// (keep to what both accept). Each migration is a list of single statements: PGlite runs queries through the
// extended protocol, which takes one statement per query.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface Migration { id: string; statements: string[] }

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-jobs',
    statements: [
      `create table jobs (
        id bigserial primary key,
        queue text not null,
        payload jsonb not null,
        dedupe_key text,
        state text not null default 'queued' check (state in ('queued', 'running', 'dead')),
        run_at timestamptz not null,
        attempts integer not null default 0,
        max_attempts integer not null default 12,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz not null
      )`,
      // The claim scans queued jobs by due time; running ones are found again only when their lease lapsed.
      `create index jobs_due on jobs (run_at) where state = 'queued'`,
      `create index jobs_lease on jobs (locked_until) where state = 'running'`,
      // Coalescing: at most one queued job per key (a running one may coexist: it re-reads after its start).
      `create unique index jobs_dedupe on jobs (queue, dedupe_key) where state = 'queued' and dedupe_key is not null`,
    ],
  },
  {
    id: '0002-core',
    statements: [
      // A seller (tenant): one Mercado Pago user connected to the integrator's application by OAuth. Tokens are
      // sealed (crypto/vault.ts) with the seller id as additional data; `version` orders concurrent refreshes.
      `create table sellers (
        id text primary key,
        mp_user_id bigint not null unique,
        nickname text not null,
        site_id text not null,
        currency text not null,
        status text not null check (status in ('connected', 'disconnected')),
        disconnected_reason text,
        access_token text not null,
        refresh_token text,
        scope text not null default '',
        live_mode boolean not null,
        token_expires_at timestamptz not null,
        token_refreshed_at timestamptz not null,
        -- One refresh at a time per seller, across processes: a lease on the row rather than a transaction held
        -- open across the call to Mercado Pago (PGlite has one connection; PostgreSQL would pin one per refresh).
        refresh_lock_owner text,
        refresh_lock_until timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`,
      `create index sellers_refresh_due on sellers (token_expires_at) where status = 'connected'`,
      // OAuth attempts in flight: the state sent to MP and the PKCE verifier, single use, short-lived.
      `create table oauth_attempts (
        state_hash text primary key,
        code_verifier text not null,
        return_to text,
        expires_at timestamptz not null,
        used_at timestamptz
      )`,
      `create table stores (
        id text primary key,
        seller_id text not null references sellers (id),
        mp_store_id text,
        external_id text not null,
        name text not null,
        body jsonb not null,
        created_at timestamptz not null,
        unique (seller_id, external_id)
      )`,
      `create table pos (
        id text primary key,
        seller_id text not null references sellers (id),
        store_id text not null references stores (id),
        mp_pos_id bigint,
        external_id text not null,
        name text not null,
        flow text not null default 'orders' check (flow in ('orders', 'legacy_dynamic', 'legacy_attended')),
        qr jsonb,
        created_at timestamptz not null,
        unique (seller_id, external_id)
      )`,
      `create table device_keys (
        id text primary key,
        pos_id text not null references pos (id),
        key_hash text not null unique,
        hint text not null,
        label text,
        created_at timestamptz not null,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
      `create table pairing_codes (
        code_hash text primary key,
        pos_id text not null references pos (id),
        expires_at timestamptz not null,
        used_at timestamptz
      )`,
      // A charge at a terminal. Its MP idempotency key and external reference are committed before the MP call,
      // so a create whose answer was lost is recovered with the same key (status 'unknown' until then).
      `create table charges (
        id text primary key,
        seller_id text not null references sellers (id),
        pos_id text not null references pos (id),
        idempotency_key text not null,
        request_hash text not null,
        mp_idempotency_key text not null unique,
        -- What Mercado Pago's order carries as external_reference: ours, unique, so a lost create is found again.
        external_reference text not null unique,
        -- The integrator's own reference for the sale, as the terminal sent it.
        reference text,
        amount_minor bigint not null,
        currency text not null,
        description text,
        items jsonb,
        mode text not null,
        flow text not null,
        status text not null,
        version integer not null default 1,
        mp_order_id text,
        mp_payment_id text,
        qr_data text,
        expires_at timestamptz,
        refunded_minor bigint not null default 0,
        -- Classic payment ids of rejected attempts already reported (each becomes one event, once).
        rejected_attempts jsonb not null default '[]',
        review_reason text,
        last_error jsonb,
        next_check_at timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (pos_id, idempotency_key)
      )`,
      `create index charges_by_seller on charges (seller_id, created_at)`,
      // What the poller still watches: live charges, and settled ones with a refund under way.
      `create index charges_due on charges (next_check_at) where next_check_at is not null`,
      `create index charges_by_mp_order on charges (mp_order_id) where mp_order_id is not null`,
      // Every change of a charge, in version order: what SSE replays from Last-Event-ID.
      `create table charge_events (
        charge_id text not null references charges (id),
        version integer not null,
        type text not null,
        data jsonb not null,
        created_at timestamptz not null,
        primary key (charge_id, version)
      )`,
      // Notifications as received (a doorbell each), deduplicated on the delivery's x-request-id when present.
      `create table webhook_inbox (
        id bigserial primary key,
        dedupe_key text not null unique,
        mp_user_id bigint,
        topic text not null,
        resource_id text not null,
        signature text not null check (signature in ('verified', 'absent')),
        body jsonb not null,
        received_at timestamptz not null,
        processed_at timestamptz
      )`,
      // Events for the integrator's own endpoint, written in the transaction of the change they report.
      `create table outbox (
        id bigserial primary key,
        charge_id text references charges (id),
        type text not null,
        payload jsonb not null,
        created_at timestamptz not null,
        delivered_at timestamptz,
        attempts integer not null default 0,
        last_error text
      )`,
    ],
  },
  {
    id: '0003-charges-settled',
    statements: [
      // The daily refund scan pages through recent settled charges by creation time.
      `create index charges_settled on charges (created_at, id) where status in ('approved', 'partially_refunded')`,
    ],
  },
  {
    id: '0004-mp-calls',
    statements: [
      // What the gateway asked Mercado Pago and what came back (no header, body or token: the client's attempt
      // report), for a charge's timeline and the health page. A diagnostic log, pruned by age.
      `create table mp_calls (
        id bigserial primary key,
        charge_id text,
        seller_id text,
        method text not null,
        path text not null,
        status integer,
        mp_request_id text,
        attempt integer not null,
        duration_ms integer not null,
        error text,
        created_at timestamptz not null
      )`,
      `create index mp_calls_charge on mp_calls (charge_id, id) where charge_id is not null`,
      `create index mp_calls_created on mp_calls (created_at)`,
    ],
  },
  {
    id: '0005-charges-admin',
    statements: [
      // The admin's charge list, newest first by keyset on (created_at, id): without these, a page of 50 out of a
      // million charges was a full scan and a sort (0.85 s unfiltered, 0.2 s for a rare status, on PostgreSQL).
      // By seller, charges_by_seller already serves it.
      `create index charges_created on charges (created_at, id)`,
      `create index charges_by_pos on charges (pos_id, created_at, id)`,
      `create index charges_by_status on charges (status, created_at, id)`,
      // A charge's timeline: its integrator events, and the notifications about its order and payments.
      `create index outbox_by_charge on outbox (charge_id, id) where charge_id is not null`,
      `create index webhook_inbox_resource on webhook_inbox (topic, resource_id)`,
    ],
  },
  {
    id: '0006-reports',
    statements: [
      // Reconciliation reads the money events of a date range (then their charges for the seller), not every charge.
      `create index charge_events_money on charge_events (created_at) where type in ('charge.approved', 'charge.partially_refunded', 'charge.refunded')`,
      // The health page's last verified notification per seller.
      `create index webhook_inbox_verified on webhook_inbox (mp_user_id, received_at) where signature = 'verified'`,
    ],
  },
  {
    id: '0007-charges-by-mp-payment',
    statements: [
      // The admin's inbox links a payment notification to its charge.
      `create index charges_by_mp_payment on charges (mp_payment_id) where mp_payment_id is not null`,
    ],
  },
  {
    id: '0008-admin-sessions-ended',
    statements: [
      // Admin sessions are signed cookies any instance accepts; one logged out is listed here until it would have
      // expired anyway, so a copied cookie dies with the log-out. Only the SHA-256 of the session id is kept.
      `create table admin_sessions_ended (
        sid_hash text primary key,
        expires_at timestamptz not null
      )`,
    ],
  },
  {
    id: '0009-charges-poll-until',
    statements: [
      // A settled charge with a refund in flight is re-fetched until then (afterwards the daily refund scan).
      `alter table charges add column poll_until timestamptz`,
    ],
  },
  {
    id: '0010-admin-pending',
    statements: [
      // The admin's "pending" filters, newest first: what has not reconciled or not reached the integrator is a few
      // rows among millions, found without walking the whole table backwards.
      `create index webhook_inbox_pending on webhook_inbox (id) where processed_at is null`,
      `create index outbox_undelivered on outbox (id) where delivered_at is null`,
    ],
  },
  {
    id: '0011-charge-status-counts',
    statements: [
      // /metrics' charges per status, kept as the charges change instead of counted at every scrape (a grouped count
      // is linear in the table: 0.37 s at 1M charges on PGlite, where it stalls the whole gateway; 0.2 s of
      // PostgreSQL's CPU per scrape per instance). Triggers only append deltas, never update a shared row, so N
      // processes writing charges never wait on one another; a fold moves the deltas into the totals, and a read
      // adds the totals and the deltas not folded yet, exact in any snapshot (repositories/metrics.ts).
      `create table charge_status_counts (status text primary key, n bigint not null)`,
      `create table charge_status_deltas (status text not null, n bigint not null)`,
      // `set search_path from current`: the tables of the schema the migration ran in, whatever the caller's path.
      `create function charge_status_inserted() returns trigger language plpgsql set search_path from current as $$
        begin insert into charge_status_deltas select status, count(*) from new_rows group by status; return null; end $$`,
      `create function charge_status_deleted() returns trigger language plpgsql set search_path from current as $$
        begin insert into charge_status_deltas select status, -count(*) from old_rows group by status; return null; end $$`,
      `create function charge_status_moved() returns trigger language plpgsql set search_path from current as $$
        begin insert into charge_status_deltas values (old.status, -1), (new.status, 1); return null; end $$`,
      `create function charge_status_truncated() returns trigger language plpgsql set search_path from current as $$
        begin delete from charge_status_deltas; delete from charge_status_counts; return null; end $$`,
      // Inserts and deletes once per statement (a group commit inserts many charges in one); a move once per charge
      // whose status changed, and only then (the WHEN is checked without calling the function). Measured on
      // PostgreSQL 15: a 50k-row status update took 15 µs a row with the trigger, 5–8 without; a charge moves about
      // twice in its life, against ~0.7 ms of PostgreSQL's CPU per create.
      `create trigger charge_status_inserted after insert on charges referencing new table as new_rows
        for each statement execute function charge_status_inserted()`,
      `create trigger charge_status_deleted after delete on charges referencing old table as old_rows
        for each statement execute function charge_status_deleted()`,
      `create trigger charge_status_moved after update of status on charges
        for each row when (old.status is distinct from new.status) execute function charge_status_moved()`,
      `create trigger charge_status_truncated after truncate on charges for each statement execute function charge_status_truncated()`,
      // The charges stored before this migration (the trigger's lock on charges keeps writers out until it commits).
      `insert into charge_status_counts select status, count(*) from charges group by status`,
    ],
  },
];

/** Apply what is missing, in order, each migration in its own transaction under an advisory lock, so N
 *  processes starting at once on one PostgreSQL migrate exactly once. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  await sql`create table if not exists cobro_migrations (id text primary key, applied_at timestamptz not null)`.execute(db);
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(712001)`.execute(tx);
      const row = await tx.selectFrom('cobro_migrations').select('id').where('id', '=', m.id).executeTakeFirst();
      if (row) return false;
      for (const s of m.statements) await sql.raw(s).execute(tx);
      await tx.insertInto('cobro_migrations').values({ id: m.id, applied_at: new Date() }).execute();
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
