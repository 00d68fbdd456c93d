// The admin's reads of charges: the filtered list, newest first, paged by keyset on (created_at, id) so page
// 1000 costs what page 1 does; one charge with the names of its seller, store and POS; and its outbox rows. The
// indexes these lean on (migration 0005-charges-admin) were chosen from their plans on PostgreSQL with a million
// charges.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ChargeRow } from './charges.ts';
import type { OutboxRow } from './outbox.ts';

export interface ChargeFilter {
  seller?: string;
  store?: string;
  pos?: string;
  status?: string;
  /** Created at or after. */
  from?: Date;
  /** Created strictly before. */
  before?: Date;
}

/** Where the previous page ended: its last charge's creation time and id. */
export interface ChargeCursor { createdAt: Date; id: string }

export interface Names { seller_nickname: string; store_id: string; store_name: string; pos_name: string }
export type ChargeListRow = Pick<ChargeRow, 'id' | 'seller_id' | 'pos_id' | 'status' | 'amount_minor' | 'currency' | 'reference' | 'created_at'> & Names;

export class ChargeSearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The joins a listed charge needs: every charge has its POS, the POS its store, the charge its seller. */
  private joined() {
    return this.db.selectFrom('charges')
      .innerJoin('pos', 'pos.id', 'charges.pos_id')
      .innerJoin('stores', 'stores.id', 'pos.store_id')
      .innerJoin('sellers', 'sellers.id', 'charges.seller_id')
      .select(['sellers.nickname as seller_nickname', 'stores.id as store_id', 'stores.name as store_name', 'pos.name as pos_name']);
  }

  /** One page: at most `limit` charges matching `f`, after `after`, newest first. */
  list(f: ChargeFilter, after: ChargeCursor | undefined, limit: number): Promise<ChargeListRow[]> {
    let q = this.joined().select(['charges.id', 'charges.seller_id', 'charges.pos_id', 'charges.status', 'charges.amount_minor', 'charges.currency', 'charges.reference', 'charges.created_at']);
    if (f.seller) q = q.where('charges.seller_id', '=', f.seller);
    if (f.pos) q = q.where('charges.pos_id', '=', f.pos);
    // A store by its POS: charges carry only their POS.
    if (f.store) q = q.where('charges.pos_id', 'in', (eb) => eb.selectFrom('pos as p').select('p.id').where('p.store_id', '=', f.store!));
    if (f.status) q = q.where('charges.status', '=', f.status);
    if (f.from) q = q.where('charges.created_at', '>=', f.from);
    if (f.before) q = q.where('charges.created_at', '<', f.before);
    // A row comparison, so the index on (created_at, id) is read from exactly where the last page stopped.
    if (after) q = q.where(sql<boolean>`(charges.created_at, charges.id) < (${after.createdAt}::timestamptz, ${after.id}::text)`);
    return q.orderBy('charges.created_at', 'desc').orderBy('charges.id', 'desc').limit(limit).execute();
  }

  byId(id: string): Promise<(ChargeRow & Names) | undefined> {
    return this.joined().selectAll('charges').where('charges.id', '=', id).executeTakeFirst();
  }

  /** The integrator's events about one charge, oldest first (at most `limit`). */
  outboxOf(chargeId: string, limit = 500): Promise<OutboxRow[]> {
    return this.db.selectFrom('outbox').selectAll().where('charge_id', '=', chargeId).orderBy('id').limit(limit).execute();
  }
}
