// Charges, their events and their outbox rows: all SQL about a charge. Every change goes through `change()`:
// under the row lock, it bumps the version and writes the event, the integrator's outbox row and the NOTIFY in
// the same transaction, so a state, its event and its fan-out exist together or not at all.
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ChargesTable, Database, SellersTable } from '../db/schema.ts';
import { Statement, replanned } from '../db/statements.ts';
import { GroupCommit } from '../db/group-commit.ts';
import { batchable, eventPayload, insertCharges, updateCharges, type ChargeUpdate, type Deliver } from './charge-batches.ts';

/** A charge event as json_agg gives it (`created_at` as JSON text). */
export type StoredEvent = { version: number; type: string; data: unknown; created_at: string };

export type ChargeRow = Selectable<ChargesTable>;
export const CHARGES_CHANNEL = 'cobro_charges';
/** What a change sets and the event it records, or undefined for no change. */
export type ChargeChange = { set: Updateable<ChargesTable>; event?: { type: string; data: unknown } } | undefined;

export interface NewCharge {
  id: string;
  sellerId: string;
  posId: string;
  idempotencyKey: string;
  requestHash: string;
  mpIdempotencyKey: string;
  externalReference: string;
  reference: string | null;
  amountMinor: number;
  currency: string;
  description: string | null;
  items: unknown;
  mode: string;
  flow: string;
  now: Date;
}

/** An update waiting for its group's statement, and how to send it alone. */
type GroupedUpdate = ChargeUpdate & { alone(): Promise<ChargeRow | undefined> };

export class ChargesRepository {
  /** Concurrent creates' inserts, grouped into one statement (db/group-commit.ts); never two of one POS + key. */
  private readonly inserts = new GroupCommit<NewCharge, ChargeRow | undefined>({
    many: (cs) => insertCharges(this.db, this.deliver, cs), one: (c) => this.insertOne(c), key: (c) => `${c.posId}\n${c.idempotencyKey}`,
  });
  /** Versioned updates with an event, grouped per set of columns (a create's first answer is always one shape). */
  private readonly updates = new Map<string, GroupCommit<GroupedUpdate, ChargeRow | undefined>>();

  /** `deliver`: enqueue the delivery of an outbox row to the integrator, in the transaction that wrote it. */
  constructor(private readonly db: Kysely<Database>, private readonly deliver?: Deliver) {}

  get database(): Kysely<Database> {
    return this.db;
  }

  /**
   * Insert a charge with its first event; an existing charge for the same POS + idempotency key is returned instead.
   * One statement (the row, its event, its outbox row and the NOTIFY), shared with the creates that arrived while the
   * previous one was in flight (group commit): it has committed when this returns, before the call to MP all the same.
   */
  async insertOrGet(c: NewCharge): Promise<{ row: ChargeRow; created: boolean }> {
    const inserted = await this.inserts.run(c);
    if (inserted) return { row: inserted, created: true };
    const row = await this.db.selectFrom('charges').selectAll().where('pos_id', '=', c.posId).where('idempotency_key', '=', c.idempotencyKey).executeTakeFirstOrThrow();
    // Its own id: this create's row, committed by a grouped statement whose answer was lost (then sent alone).
    return { row, created: row.id === c.id };
  }

  private insertOne(c: NewCharge): Promise<ChargeRow | undefined> {
    const { now, ...values } = c;
    return this.written(insertCharge, { ...values, items: c.items === undefined ? null : JSON.stringify(c.items), now },
      { id: c.id, version: 1, type: 'charge.created', data: { status: 'unknown' }, now });
  }

  /** A charge as its terminal (POS + seller) may see it. */
  byIdForPos(id: string, posId: string, sellerId: string): Promise<ChargeRow | undefined> {
    return this.db.selectFrom('charges').selectAll().where('id', '=', id).where('pos_id', '=', posId).where('seller_id', '=', sellerId).executeTakeFirst();
  }

  byId(id: string): Promise<ChargeRow | undefined> {
    return this.db.selectFrom('charges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * A charge with what its reconcile needs besides: its seller's token columns and its POS's external id, in one
   * statement (three reads before; a reconcile runs per notification and per poll). By id or by MP's order id.
   */
  async toReconcile(key: { id: string } | { mpOrderId: string }): Promise<ReconcileTarget | undefined> {
    const found = 'id' in key ? (await reconcileById.execute(this.db, key)).rows[0] : (await reconcileByOrder.execute(this.db, key)).rows[0];
    if (!found) return undefined;
    const { seller_status, seller_nickname, seller_disconnected_reason, seller_access_token, pos_external_id, ...row } = found;
    return {
      row,
      seller: { id: row.seller_id, status: seller_status, nickname: seller_nickname, disconnected_reason: seller_disconnected_reason, access_token: seller_access_token },
      posExternalId: pos_external_id,
    };
  }

  /**
   * The poller's work: live charges whose next check is due, each pushed to `next(row)` as it is taken, so two
   * processes polling at once take different charges (SKIP LOCKED) and a charge is not re-taken until then.
   */
  async claimDue(now: Date, limit: number, next: (row: { created_at: Date; status: string; poll_until: Date | null }) => Date | null): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('charges').select(['id', 'created_at', 'status', 'poll_until']).where('next_check_at', 'is not', null)
        .where('next_check_at', '<=', now).orderBy('next_check_at').limit(limit).forUpdate().skipLocked().execute();
      for (const r of rows) await tx.updateTable('charges').set({ next_check_at: next(r) }).where('id', '=', r.id).execute();
      return rows.map((r) => r.id);
    });
  }

  /** Which of `ids` are in one of `statuses` (e.g. the watched charges that are still live). */
  async withStatus(ids: readonly string[], statuses: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('charges').select('id').where('id', 'in', ids).where('status', 'in', statuses).execute();
    return rows.map((r) => r.id);
  }

  /**
   * Settled charges (approved, partially refunded) created since `since`, in (created_at, id) order after
   * `after`: one page of the daily refund scan (keyset paging, so a page costs the same at any depth).
   */
  async settledSince(since: Date, after: { createdAt: Date; id: string } | undefined, limit: number): Promise<{ id: string; created_at: Date }[]> {
    let q = this.db.selectFrom('charges').select(['id', 'created_at']).where('status', 'in', ['approved', 'partially_refunded'])
      .where('mp_order_id', 'is not', null).where('created_at', '>=', since);
    if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
    return q.orderBy('created_at').orderBy('id').limit(limit).execute();
  }

  /**
   * A charge as its terminal may see it, with its events after `afterVersion`, in one statement: what every SSE
   * wake-up and long-poll reads (two statements apart before; on PGlite each is a fraction of a millisecond of the
   * one event loop).
   */
  async byIdForPosWithEvents(id: string, posId: string, sellerId: string, afterVersion: number): Promise<{ row: ChargeRow; events: StoredEvent[] } | undefined> {
    const found = await this.db.selectFrom('charges').selectAll('charges')
      .select(sql<StoredEvent[]>`coalesce((select json_agg(json_build_object('version', e.version, 'type', e.type, 'data', e.data, 'created_at', e.created_at) order by e.version)
        from charge_events e where e.charge_id = charges.id and e.version > ${afterVersion}), '[]'::json)`.as('events_after'))
      .where('id', '=', id).where('pos_id', '=', posId).where('seller_id', '=', sellerId).executeTakeFirst();
    if (!found) return undefined;
    const { events_after: events, ...row } = found;
    return { row, events };
  }

  events(chargeId: string, afterVersion: number): Promise<{ version: number; type: string; data: unknown; created_at: Date }[]> {
    return this.db.selectFrom('charge_events').select(['version', 'type', 'data', 'created_at'])
      .where('charge_id', '=', chargeId).where('version', '>', afterVersion).orderBy('version').execute();
  }

  /**
   * Apply a change under the row lock. `decide` sees the locked row and returns the columns to set and the event
   * to record, or undefined to change nothing. Returns the new row, or undefined when nothing changed.
   */
  async change(id: string, decide: (row: ChargeRow) => ChargeChange, now: Date, extra?: (tx: Kysely<Database>, row: ChargeRow) => Promise<void>): Promise<ChargeRow | undefined> {
    return replanned(() => this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('charges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return undefined;
      const d = decide(row);
      if (!d) return undefined;
      const next = await this.update(tx, row, d, now);
      if (!next) throw new Error(`charge ${id} changed under its row lock`);
      await extra?.(tx, next);
      return next;
    }));
  }

  /**
   * change() for a row as this process last saw it (just inserted, or read before a call to MP): decided on `row`
   * and applied only if the charge is still at that version, in one statement instead of a transaction around a
   * locked read. Same outcome as the lock: an UPDATE that finds the row changed meanwhile (it waits for the other
   * writer, then re-checks the version) changes nothing, and then change() decides again on the current row.
   * When nothing changes on `row`, nothing would on the current row either: the state machine only moves forward
   * (charge-state.ts), so a newer row is at least as far along; no lock is taken just to find that out again.
   */
  async changeAt(row: ChargeRow, decide: (row: ChargeRow) => ChargeChange, now: Date): Promise<ChargeRow | undefined> {
    const d = decide(row);
    if (!d) return undefined;
    return (await this.update(this.db, row, d, now)) || this.change(row.id, decide, now);
  }

  /** The update of `row` at its version (undefined when it is no longer there), with its event in the same statement. */
  private async update(db: Kysely<Database>, row: ChargeRow, d: NonNullable<ChargeChange>, now: Date): Promise<ChargeRow | undefined> {
    const set: Record<string, unknown> = { ...d.set, version: row.version + 1, updated_at: now };
    const columns = Object.keys(set).filter((k) => set[k] !== undefined).sort();
    // The one-row statement's arguments, built only when it is sent (a grouped update sends `set` as it is).
    const args = () => ({ ...Object.fromEntries(columns.map((k) => [`set.${k}`, set[k]])), row_id: row.id, row_version: row.version });
    const statement = updateCharge(columns);
    if (!d.event) return (await statement.execute(db, args())).rows[0];
    const event = d.event;
    const alone = () => this.written(statement, args(), { id: row.id, version: row.version + 1, ...event, now }, db);
    if (db.isTransaction || !batchable(columns)) return alone();
    return this.grouped(columns).run({ row, set, event, now, alone });
  }

  /** The group commit of updates setting `columns` (one per shape; each update falls back to its own statement). */
  private grouped(columns: readonly string[]): GroupCommit<GroupedUpdate, ChargeRow | undefined> {
    const shape = columns.join(',');
    let g = this.updates.get(shape);
    if (!g) {
      g = new GroupCommit({ many: (us) => updateCharges(this.db, this.deliver, columns, us), one: (u) => u.alone(), key: (u) => u.row.id });
      if (this.updates.size < 50) this.updates.set(shape, g);
    }
    return g;
  }

  /** Set columns that are bookkeeping, not state (next check time, last error): no version, no event. */
  async note(id: string, set: Pick<Updateable<ChargesTable>, 'next_check_at' | 'last_error' | 'poll_until'>): Promise<void> {
    await this.db.updateTable('charges').set(set).where('id', '=', id).execute();
  }

  /**
   * `write` (an insert or update of one charge, returning it at `e.version`) with its event, its outbox row and the
   * NOTIFY in one statement: they commit together anyway, and each statement is a round trip (a socket write and a
   * wake-up of the server): a create sends three statements, where it sent twelve (bench/gateway-create-ab.ts). When `write` changed no
   * row, nothing else is written. Ids only in the NOTIFY: listeners re-read the row (a payload is capped at 8 kB
   * and could be stale anyway). With `deliver`, its job is enqueued in the same transaction.
   */
  private async written<A extends Record<string, unknown>>(write: Statement<A, ChargeRow>, args: A, e: { id: string; version: number; type: string; data: unknown; now: Date }, db: Kysely<Database> = this.db): Promise<ChargeRow | undefined> {
    const statement = withEvent(write);
    const event = {
      event_type: e.type, event_data: JSON.stringify(e.data), event_at: e.now, notify: `${e.id}:${e.version}`,
      payload: JSON.stringify(eventPayload(e.id, e.version, e.type, e.data, e.now)),
    };
    const run = async (tx: Kysely<Database>) => {
      const found = (await statement.execute(tx, { ...args, ...event })).rows[0];
      if (!found) return undefined;
      const { outbox_id, notified, ...row } = found;
      await this.deliver?.(tx, String(outbox_id));
      return row as ChargeRow;
    };
    return this.deliver && !db.isTransaction ? replanned(() => db.transaction().execute(run)) : run(db);
  }
}

/*
 * The hot statements, each compiled once (db/statements.ts): the insert of a new charge, the versioned update of one
 * for each set of columns a change sets (a handful: the decisions in charge-apply.ts), and each of them with its
 * event, outbox row and NOTIFY (written()).
 */
type InsertArgs = Omit<NewCharge, 'items'> & { items: string | null };
const insertCharge = new Statement<InsertArgs, ChargeRow>(
  ['id', 'sellerId', 'posId', 'idempotencyKey', 'requestHash', 'mpIdempotencyKey', 'externalReference', 'reference', 'amountMinor', 'currency', 'description', 'items', 'mode', 'flow', 'now'],
  (db, c) => db.insertInto('charges').values({
    id: c.id, seller_id: c.sellerId, pos_id: c.posId, idempotency_key: c.idempotencyKey, request_hash: c.requestHash,
    mp_idempotency_key: c.mpIdempotencyKey, external_reference: c.externalReference, reference: c.reference, amount_minor: c.amountMinor,
    currency: c.currency, description: c.description, items: c.items,
    mode: c.mode, flow: c.flow, status: 'unknown', mp_order_id: null, mp_payment_id: null, qr_data: null, expires_at: null,
    review_reason: null, last_error: null, next_check_at: c.now, created_at: c.now, updated_at: c.now,
  }).onConflict((oc) => oc.columns(['pos_id', 'idempotency_key']).doNothing()).returningAll(),
);

/** What reconcile reads: the charge, its seller's token columns (for SellersService.clientOf) and its POS's external id. */
export interface ReconcileTarget {
  row: ChargeRow;
  seller: Pick<SellersTable, 'status' | 'nickname' | 'disconnected_reason' | 'access_token'> & { id: string };
  posExternalId: string;
}
type ReconcileRead = ChargeRow & { seller_status: SellersTable['status']; seller_nickname: string; seller_disconnected_reason: string | null; seller_access_token: string; pos_external_id: string };
const reconcileRead = (db: Kysely<Database>) => db.selectFrom('charges').innerJoin('sellers', 'sellers.id', 'charges.seller_id').innerJoin('pos', 'pos.id', 'charges.pos_id')
  .selectAll('charges').select(['sellers.status as seller_status', 'sellers.nickname as seller_nickname', 'sellers.disconnected_reason as seller_disconnected_reason',
    'sellers.access_token as seller_access_token', 'pos.external_id as pos_external_id']);
const reconcileById = new Statement<{ id: string }, ReconcileRead>(['id'], (db, a) => reconcileRead(db).where('charges.id', '=', a.id));
const reconcileByOrder = new Statement<{ mpOrderId: string }, ReconcileRead>(['mpOrderId'], (db, a) => reconcileRead(db).where('charges.mp_order_id', '=', a.mpOrderId));

const updates = new Map<string, Statement<Record<string, unknown>, ChargeRow>>();
/** The update of a charge at its version setting `columns` (args `set.<column>`, `row_id`, `row_version`). */
function updateCharge(columns: readonly string[]): Statement<Record<string, unknown>, ChargeRow> {
  const shape = columns.join(',');
  let statement = updates.get(shape);
  if (!statement) {
    statement = new Statement<Record<string, unknown>, ChargeRow>([...columns.map((k) => `set.${k}`), 'row_id', 'row_version'], (db, a) => db.updateTable('charges')
      .set(Object.fromEntries(columns.map((k) => [k, a[`set.${k}`]])) as Updateable<ChargesTable>)
      .where('id', '=', a.row_id as string).where('version', '=', a.row_version as number).returningAll());
    if (updates.size < 50) updates.set(shape, statement);
  }
  return statement;
}

type EventArgs = { event_type: string; event_data: string; event_at: Date; notify: string; payload: string };
type Written = ChargeRow & { outbox_id: string; notified: unknown };
const withEvents = new WeakMap<Statement<any, ChargeRow>, Statement<any, Written>>();
/** `write` (returning the charge at its new version) with its event, its outbox row and the NOTIFY, in one statement. */
function withEvent<A extends Record<string, unknown>>(write: Statement<A, ChargeRow>): Statement<A & EventArgs, Written> {
  let statement = withEvents.get(write);
  if (!statement) {
    statement = new Statement<A & EventArgs, Written>([...write.keys, 'event_type', 'event_data', 'event_at', 'notify', 'payload'], (db, a) => sql<Written>`with c as (${write.builder(db, a)}), e as (
        insert into charge_events (charge_id, version, type, data, created_at)
        select c.id, c.version, ${a.event_type}::text, ${a.event_data}::jsonb, ${a.event_at}::timestamptz from c
      ), o as (
        insert into outbox (charge_id, type, payload, created_at) select c.id, ${a.event_type}::text, ${a.payload}::jsonb, ${a.event_at}::timestamptz from c returning id
      )
      select c.*, o.id as outbox_id, pg_notify(${CHARGES_CHANNEL}, ${a.notify}) as notified from c, o`);
    withEvents.set(write, statement);
  }
  return statement;
}
