// The multi-row forms of a create's two writes, for group commit (db/group-commit.ts): many new charges inserted,
// or many charges updated at their versions, each with its event, outbox row and NOTIFY, in ONE statement. The rows
// travel as one JSON parameter (json_to_recordset), so the text, and on PostgreSQL its prepared plan, is the same
// for any number of rows. Same columns, defaults, events and payloads as the one-row statements in charges.ts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { Statement, replanned } from '../db/statements.ts';
import type { ChargeRow, NewCharge } from './charges.ts';
import { CHARGES_CHANNEL } from './charges.ts';

export type Deliver = (tx: Kysely<Database>, outboxId: string) => Promise<void>;
type Written = ChargeRow & { outbox_id: string; notified: unknown };

/** What the insert's event and outbox row say of a new charge (as charges.ts `written()` writes them). */
export const CREATED = { type: 'charge.created', data: { status: 'unknown' } };

/** The outbox payload of a charge's event (what the integrator receives). */
export function eventPayload(id: string, version: number, type: string, data: unknown, at: Date): { type: string; charge_id: string; version: number; data: unknown; created_at: string } {
  return { type, charge_id: id, version, data, created_at: at.toISOString() };
}

const insertMany = new Statement<{ rows: string }, Written>(['rows'], (_db, a) => sql<Written>`with v as (
    select * from json_to_recordset(${a.rows}::json) as v(id text, seller_id text, pos_id text, idempotency_key text, request_hash text,
      mp_idempotency_key text, external_reference text, reference text, amount_minor bigint, currency text, description text,
      items jsonb, mode text, flow text, now timestamptz, payload jsonb)
  ), c as (
    insert into charges (id, seller_id, pos_id, idempotency_key, request_hash, mp_idempotency_key, external_reference, reference,
      amount_minor, currency, description, items, mode, flow, status, mp_order_id, mp_payment_id, qr_data, expires_at,
      review_reason, last_error, next_check_at, created_at, updated_at)
    select id, seller_id, pos_id, idempotency_key, request_hash, mp_idempotency_key, external_reference, reference,
      amount_minor, currency, description, items, mode, flow, 'unknown', null, null, null, null, null, null, now, now, now from v
    on conflict (pos_id, idempotency_key) do nothing returning *
  ), e as (
    insert into charge_events (charge_id, version, type, data, created_at)
    select c.id, c.version, ${CREATED.type}::text, ${JSON.stringify(CREATED.data)}::jsonb, c.created_at from c
  ), o as (
    insert into outbox (charge_id, type, payload, created_at) select c.id, ${CREATED.type}::text, v.payload, c.created_at from c join v on v.id = c.id returning id, charge_id
  )
  select c.*, o.id as outbox_id, pg_notify(${CHARGES_CHANNEL}, c.id || ':' || c.version) as notified from c join o on o.charge_id = c.id`);

/** New charges in one statement: each one's row, or undefined where its POS + idempotency key already had one. */
export async function insertCharges(db: Kysely<Database>, deliver: Deliver | undefined, cs: readonly NewCharge[]): Promise<(ChargeRow | undefined)[]> {
  const rows = JSON.stringify(cs.map(({ now, ...c }) => ({
    id: c.id, seller_id: c.sellerId, pos_id: c.posId, idempotency_key: c.idempotencyKey, request_hash: c.requestHash,
    mp_idempotency_key: c.mpIdempotencyKey, external_reference: c.externalReference, reference: c.reference, amount_minor: c.amountMinor,
    currency: c.currency, description: c.description, items: c.items ?? null, mode: c.mode, flow: c.flow, now,
    payload: eventPayload(c.id, 1, CREATED.type, CREATED.data, now),
  })));
  const written = await runWritten(db, deliver, insertMany, { rows });
  return cs.map((c) => written.get(c.id));
}

/** The SQL type of each column a change may set (the ones charge-apply.ts and the services set); jsonb ones travel as text. */
const COLUMN_TYPES: Record<string, string> = {
  status: 'text', version: 'integer', mp_order_id: 'text', mp_payment_id: 'text', qr_data: 'text', expires_at: 'timestamptz',
  refunded_minor: 'bigint', rejected_attempts: 'jsonb', review_reason: 'text', last_error: 'jsonb', next_check_at: 'timestamptz',
  poll_until: 'timestamptz', updated_at: 'timestamptz',
};

/** Whether updates setting `columns` can go in one statement (every column's type is known here). */
export function batchable(columns: readonly string[]): boolean {
  return columns.every((k) => k in COLUMN_TYPES);
}

/** One charge's versioned update with its event: `set` as charges.ts `update()` builds it. */
export interface ChargeUpdate { row: ChargeRow; set: Record<string, unknown>; event: { type: string; data: unknown }; now: Date }

const updateStatements = new Map<string, Statement<{ rows: string }, Written>>();
function updateMany(columns: readonly string[]): Statement<{ rows: string }, Written> {
  const shape = columns.join(',');
  let statement = updateStatements.get(shape);
  if (!statement) {
    const ident = (k: string) => `"${k}"`;
    const record = columns.map((k) => `${ident(k)} ${COLUMN_TYPES[k] === 'jsonb' ? 'text' : COLUMN_TYPES[k]}`).join(', ');
    const set = columns.map((k) => `${ident(k)} = v.${ident(k)}${COLUMN_TYPES[k] === 'jsonb' ? '::jsonb' : ''}`).join(', ');
    statement = new Statement<{ rows: string }, Written>(['rows'], (_db, a) => sql<Written>`with v as (
        select * from json_to_recordset(${a.rows}::json) as v(row_id text, row_version integer, ${sql.raw(record)},
          event_type text, event_data jsonb, event_at timestamptz, payload jsonb)
      ), c as (
        update charges set ${sql.raw(set)} from v where charges.id = v.row_id and charges.version = v.row_version returning charges.*
      ), e as (
        insert into charge_events (charge_id, version, type, data, created_at)
        select c.id, c.version, v.event_type, v.event_data, v.event_at from c join v on v.row_id = c.id
      ), o as (
        insert into outbox (charge_id, type, payload, created_at) select c.id, v.event_type, v.payload, v.event_at from c join v on v.row_id = c.id returning id, charge_id
      )
      select c.*, o.id as outbox_id, pg_notify(${CHARGES_CHANNEL}, c.id || ':' || c.version) as notified from c join o on o.charge_id = c.id`);
    if (updateStatements.size < 50) updateStatements.set(shape, statement);
  }
  return statement;
}

/**
 * Updates of one shape (the same `columns`, each with an event) in one statement: each charge's new row, or
 * undefined where it was no longer at the version given (the caller decides again under the row lock, as for one).
 */
export async function updateCharges(db: Kysely<Database>, deliver: Deliver | undefined, columns: readonly string[], us: readonly ChargeUpdate[]): Promise<(ChargeRow | undefined)[]> {
  const rows = JSON.stringify(us.map((u) => {
    const r: Record<string, unknown> = { row_id: u.row.id, row_version: u.row.version };
    for (const k of columns) {
      const v = u.set[k];
      r[k] = COLUMN_TYPES[k] === 'jsonb' && v !== null && typeof v !== 'string' ? JSON.stringify(v) : v;
    }
    const version = u.row.version + 1;
    return { ...r, event_type: u.event.type, event_data: u.event.data, event_at: u.now, payload: eventPayload(u.row.id, version, u.event.type, u.event.data, u.now) };
  }));
  const written = await runWritten(db, deliver, updateMany(columns), { rows });
  return us.map((u) => written.get(u.row.id));
}

/** Run a multi-row written statement (in a transaction with the delivery jobs when there is an integrator): its rows by id. */
async function runWritten(db: Kysely<Database>, deliver: Deliver | undefined, statement: Statement<{ rows: string }, Written>, args: { rows: string }): Promise<Map<string, ChargeRow>> {
  const run = async (tx: Kysely<Database>) => {
    const out = new Map<string, ChargeRow>();
    for (const { outbox_id, notified, ...row } of (await statement.execute(tx, args)).rows) {
      await deliver?.(tx, String(outbox_id));
      out.set(row.id, row as ChargeRow);
    }
    return out;
  };
  return deliver ? replanned(() => db.transaction().execute(run)) : run(db);
}
