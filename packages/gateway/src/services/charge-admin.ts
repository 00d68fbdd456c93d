// The admin's charges: the list with filters (seller, store, POS, status, UTC days), newest first, 50 a page by
// keyset cursor; and one charge with its timeline (services/charge-timeline.ts). The admin pages and the admin
// JSON API both call these; their input is validated at the edge (routes/admin-charges.ts).
import { toOrdersAmount } from '@cobro/client';
import type { AdminDeps } from './admin.ts';
import { notFound } from '../errors.ts';
import { ChargesRepository } from '../repositories/charges.ts';
import { ChargeSearchRepository, type ChargeCursor, type ChargeListRow, type Names } from '../repositories/charge-search.ts';
import type { ChargeRow } from '../repositories/charges.ts';
import { siteOf } from './charge-view.ts';
import { eventEntry, mpCallEntry, notificationEntry, stateEntry, timeline, type TimelineEntry } from './charge-timeline.ts';

export const PAGE_SIZE = 50;

export const CHARGE_STATUSES = ['pending', 'approved', 'expired', 'canceled', 'refunded', 'partially_refunded', 'unknown', 'failed'] as const;

/** The list's filters as the edge parsed them: days are YYYY-MM-DD in UTC, `to` included. */
export interface ChargeListQuery {
  seller?: string;
  store?: string;
  pos?: string;
  status?: (typeof CHARGE_STATUSES)[number];
  from?: string;
  to?: string;
  cursor?: ChargeCursor;
}

export interface ChargeListItem {
  id: string;
  status: string;
  amount: string;
  currency: string;
  reference: string | null;
  seller: { id: string; nickname: string };
  store: { id: string; name: string };
  pos: { id: string; name: string };
  created_at: string;
}

export interface ChargeDetail {
  charge: ChargeListItem & {
    refunded_amount: string; flow: string; mode: string; mp_order_id: string | null; mp_payment_id: string | null;
    external_reference: string; expires_at: string | null; review_reason: string | null; last_error: unknown; updated_at: string;
  };
  timeline: TimelineEntry[];
}

/** The cursor is opaque to callers: the last charge's creation (ms) and id, base64url. */
export const encodeCursor = (c: ChargeCursor): string => Buffer.from(`${c.createdAt.getTime()}.${c.id}`).toString('base64url');

export function decodeCursor(s: string): ChargeCursor | undefined {
  const m = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/.exec(Buffer.from(s, 'base64url').toString());
  return m ? { createdAt: new Date(Number(m[1])), id: m[2]! } : undefined;
}

const DAY_MS = 86_400_000;
const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

const money = (minor: string, currency: string): string => toOrdersAmount(Number(minor), siteOf(currency));

function item(r: ChargeListRow | (ChargeRow & Names)): ChargeListItem {
  return {
    id: r.id, status: r.status, amount: money(r.amount_minor, r.currency), currency: r.currency, reference: r.reference,
    seller: { id: r.seller_id, nickname: r.seller_nickname }, store: { id: r.store_id, name: r.store_name }, pos: { id: r.pos_id, name: r.pos_name },
    created_at: new Date(r.created_at).toISOString(),
  };
}

export class ChargeAdminService {
  private readonly search: ChargeSearchRepository;
  private readonly charges: ChargesRepository;

  constructor(private readonly d: AdminDeps) {
    this.search = new ChargeSearchRepository(d.db);
    this.charges = new ChargesRepository(d.db);
    Object.freeze(this);
  }

  /** One page of charges, newest first; `next_cursor` is null on the last page. */
  async list(q: ChargeListQuery): Promise<{ results: ChargeListItem[]; next_cursor: string | null }> {
    const filter = {
      seller: q.seller, store: q.store, pos: q.pos, status: q.status,
      from: q.from ? dayStart(q.from) : undefined, before: q.to ? new Date(dayStart(q.to).getTime() + DAY_MS) : undefined,
    };
    const rows = await this.search.list(filter, q.cursor, PAGE_SIZE + 1);
    const page = rows.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      results: page.map(item),
      next_cursor: rows.length > PAGE_SIZE && last ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
    };
  }

  /** The charge and its timeline; a 404 for an unknown id. */
  async detail(id: string): Promise<ChargeDetail> {
    const r = await this.search.byId(id);
    if (!r) throw notFound('charge');
    // Notifications name MP's resources, not ours: the order, the approved payment and every rejected attempt.
    const refs = [
      ...(r.mp_order_id ? [{ topic: 'order', resourceId: r.mp_order_id }] : []),
      ...[...new Set([r.mp_payment_id, ...r.rejected_attempts].filter((p): p is string => !!p))].map((p) => ({ topic: 'payment', resourceId: p })),
    ];
    const [events, calls, notifications, outbox] = await Promise.all([
      this.charges.events(id, 0), this.d.mpCalls.forCharge(id), this.d.inbox.forResources(refs), this.search.outboxOf(id),
    ]);
    return {
      charge: {
        ...item(r), refunded_amount: money(r.refunded_minor, r.currency), flow: r.flow, mode: r.mode, mp_order_id: r.mp_order_id,
        mp_payment_id: r.mp_payment_id, external_reference: r.external_reference, expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null,
        review_reason: r.review_reason, last_error: r.last_error, updated_at: new Date(r.updated_at).toISOString(),
      },
      timeline: timeline(events.map(stateEntry), calls.map(mpCallEntry), notifications.map(notificationEntry), outbox.map(eventEntry)),
    };
  }
}
