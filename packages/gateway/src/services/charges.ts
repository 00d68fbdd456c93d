// Charges at a terminal: create (the row, its MP idempotency key and external reference commit BEFORE the call to
// Mercado Pago; a lost answer leaves the charge `unknown` and is recovered with the same key, so MP holds exactly
// one order), read, cancel (a request: the re-fetch decides, and a payment that landed meanwhile wins), and
// reconcile — the one function webhook, poller and sweep all call: fetch MP's truth, then apply it under the
// row lock through the one-way state machine (charge-state.ts).
import { createHash } from 'node:crypto';
import {
  ConnectionError, MercadoPagoError, OutcomeUnknownError, RateLimitError, ServerError, getSite, toOrdersAmount, type MercadoPagoClient, type Order, type SiteId,
} from '@cobro/client';
import { GatewayError, fromMpError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { ChargeRow, ChargesRepository, ReconcileTarget } from '../repositories/charges.ts';
import { isFinal, type ChargeStatus } from './charge-state.ts';
import { decide, decideOrder } from './charge-apply.ts';
import { reportRejectedAttempts } from './charge-attempts.ts';
import { forCharge } from './mp-call-log.ts';
import { cancelLegacy, createLegacy, isLegacy, observeLegacy, type LegacyTarget } from './legacy-flow.ts';
import { askRefund } from './charge-refund.ts';
import { RerunAfter } from './rerun-after.ts';
import { errorDetail, minorAmount, siteOf, view, type ChargeEvent, type ChargeView } from './charge-view.ts';

export { view, type ChargeEvent, type ChargeView };
import type { ProvisioningService, DeviceScope } from './provisioning.ts';
import type { SellersService } from './sellers.ts';
import type { JobQueue } from '../jobs/queue.ts';

/** The queue of creates whose answer was lost (the charge is `unknown` until this finds or makes its one order). */
export const RECOVER_QUEUE = 'charge.recover';
/** How long a refund asked here is watched by polling; one that completes later is caught by the daily refund scan. */
const REFUND_WATCH_MS = 24 * 3600_000;

export interface ChargeInput {
  amount: string;
  description?: string;
  items?: { title: string; unit_price: string; quantity: number }[];
  mode?: 'static' | 'dynamic' | 'hybrid';
  external_reference?: string;
}

export interface ChargesDeps {
  repo: ChargesRepository;
  sellers: SellersService;
  provisioning: ProvisioningService;
  jobs: JobQueue;
  now: () => Date;
  sponsorId: string | undefined;
  /** How long a QR order lives on MP (ISO-8601). */
  expirationTime?: string;
}

/** Ambiguous failures: MP may have made the order. Everything else from MP is its definitive answer. */
function ambiguous(err: unknown): boolean {
  return !(err instanceof MercadoPagoError) || err instanceof ConnectionError || err instanceof ServerError || err instanceof RateLimitError || err instanceof OutcomeUnknownError;
}

export class ChargesService {
  /**
   * The reconciles running in this process, by charge. A charge's doorbells ring together (its order's and its
   * payment's notifications, a poll): one that comes while a reconcile of that charge runs waits for it and then
   * runs once more, instead of racing it to the row lock and losing.
   */
  private readonly reconciling = new RerunAfter<ChargeRow | undefined>();

  constructor(private readonly d: ChargesDeps) {
    Object.freeze(this);
  }

  async create(scope: DeviceScope, idempotencyKey: string, input: ChargeInput): Promise<{ charge: ChargeView; created: boolean }> {
    // The POS and seller as read with the device key, in the same statement: no second look at either.
    const { pos, seller } = scope;
    const mp = this.d.sellers.clientOf(seller);
    const site = seller.site_id as SiteId;
    const amountMinor = minorAmount(input.amount, site);
    const requestHash = createHash('sha256').update(JSON.stringify([input.amount, input.description ?? null, input.items ?? null, input.mode ?? null, input.external_reference ?? null])).digest('hex');
    const id = newId('chg');
    const { row, created } = await this.d.repo.insertOrGet({
      id, sellerId: seller.id, posId: pos.id, idempotencyKey, requestHash, mpIdempotencyKey: `cobro-${id}`, externalReference: id,
      reference: input.external_reference ?? null, amountMinor, currency: getSite(site).currency, description: input.description ?? null,
      items: input.items, mode: input.mode ?? 'dynamic', flow: pos.flow, now: this.d.now(),
    });
    if (!created) {
      if (row.request_hash !== requestHash) {
        throw new GatewayError(409, 'idempotency_key_reused', `Idempotency-Key "${idempotencyKey}" was used for a different charge (${row.id}); use a new key for a new sale`);
      }
      return { charge: view(row), created: false };
    }
    return { charge: view(await this.createOnMp(row, forCharge(row, mp), pos.external_id)), created: true };
  }

  /** The call to MP for a committed charge row; also the recovery job's retry (same key, same reference). */
  private async createOnMp(row: ChargeRow, mp: MercadoPagoClient, posExternalId: string): Promise<ChargeRow> {
    if (isLegacy(row.flow)) return this.createLegacyOnMp(row, mp, posExternalId);
    const site = siteOf(row.currency);
    const total = toOrdersAmount(Number(row.amount_minor), site);
    let order: Order;
    try {
      order = await mp.orders.create({
        type: 'qr', total_amount: total, external_reference: row.external_reference, site,
        ...(row.description && { description: row.description }),
        ...(this.d.expirationTime && { expiration_time: this.d.expirationTime }),
        config: { qr: { external_pos_id: posExternalId, mode: row.mode as 'dynamic' } },
        transactions: { payments: [{ amount: total }] },
        ...(Array.isArray(row.items) && { items: row.items as never }),
        ...(this.d.sponsorId && { integration_data: { sponsor: { id: this.d.sponsorId } } }),
      }, { idempotencyKey: row.mp_idempotency_key });
    } catch (err) {
      return this.createFailed(row, err);
    }
    return (await this.applyOrder(row, order, posExternalId)) ?? (await this.d.repo.byId(row.id))!;
  }

  private async createLegacyOnMp(row: ChargeRow, mp: MercadoPagoClient, posExternalId: string): Promise<ChargeRow> {
    const now = this.d.now();
    try {
      const made = await createLegacy(row, mp, await this.legacyTarget(row, posExternalId), { sponsorId: this.d.sponsorId, expirationTime: this.d.expirationTime ?? 'PT15M', now });
      const first = { mp_order_id: made.mpOrderId, qr_data: made.qrData, expires_at: made.expiresAt };
      const changed = await this.d.repo.changeAt(row, (r) => (r.status === 'unknown' ? decide(r, { status: 'pending', refundedMinor: 0, mpPaymentId: null }, now, first) : undefined), now);
      return changed ?? (await this.d.repo.byId(row.id))!;
    } catch (err) {
      return this.createFailed(row, err);
    }
  }

  private async legacyTarget(row: ChargeRow, posExternalId: string): Promise<LegacyTarget> {
    const seller = await this.d.sellers.get(row.seller_id);
    return { collectorId: String(seller.mp_user_id), posExternalId, siteId: siteOf(row.currency) };
  }

  private async createFailed(row: ChargeRow, err: unknown): Promise<ChargeRow> {
    const now = this.d.now();
    const detail = errorDetail(err);
    if (ambiguous(err)) {
      // MP may hold the order: stay `unknown`, never shown as paid; the recovery job retries with the same key.
      const changed = await this.d.repo.change(row.id, (r) => (r.status === 'unknown' ? { set: { last_error: JSON.stringify(detail), next_check_at: new Date(now.getTime() + 5000) } } : undefined), now,
        (tx) => this.d.jobs.enqueue(tx, { queue: RECOVER_QUEUE, payload: { chargeId: row.id }, dedupeKey: row.id, runAt: new Date(now.getTime() + 2000) }).then(() => undefined));
      return changed ?? row;
    }
    const changed = await this.d.repo.change(row.id, (r) => (r.status === 'unknown'
      ? { set: { status: 'failed', last_error: JSON.stringify(detail), next_check_at: null }, event: { type: 'charge.failed', data: { status: 'failed', error: detail } } }
      : undefined), now);
    return changed ?? row;
  }

  /** Recovery job: an `unknown` charge's create is retried with its own idempotency key. */
  async recover(chargeId: string): Promise<void> {
    const row = await this.d.repo.byId(chargeId);
    if (!row || row.status !== 'unknown') return;
    const { mp } = await this.d.sellers.clientFor(row.seller_id);
    const pos = await this.d.provisioning.pos(row.seller_id, row.pos_id);
    const after = await this.createOnMp(row, forCharge(row, mp), pos.external_id);
    if (after.status === 'unknown') throw new Error(`create of ${chargeId} still unanswered: ${JSON.stringify(after.last_error)}`);
  }

  async get(scope: DeviceScope, id: string): Promise<ChargeView> {
    return view(await this.own(scope, id));
  }

  /** The charge's changes after `afterVersion`, each with the charge as it stood then summarised in `data`. */
  async events(scope: DeviceScope, id: string, afterVersion: number): Promise<{ charge: ChargeView; events: ChargeEvent[] }> {
    const found = await this.d.repo.byIdForPosWithEvents(id, scope.posId, scope.sellerId, afterVersion);
    if (!found) throw notFound('charge');
    return { charge: view(found.row), events: found.events.map((e) => ({ version: e.version, type: e.type, data: e.data, created_at: new Date(e.created_at).toISOString() })) };
  }

  /**
   * Cancel is a request, not a result: ask MP, then re-fetch. 200 only when MP's order is canceled; a payment that
   * landed meanwhile wins (409 `charge_already_paid`, with the charge as it is now), and while the buyer is in the
   * middle of paying MP refuses (409 `buyer_paying`).
   */
  async cancel(scope: DeviceScope, id: string): Promise<ChargeView> {
    const row = await this.own(scope, id);
    if (isFinal(row.status as ChargeStatus) || row.status === 'approved' || row.status === 'partially_refunded') {
      throw new GatewayError(409, 'charge_not_cancelable', `charge ${id} is ${row.status}; only pending charges can be canceled`, { extra: { charge: view(row) } });
    }
    if (row.status === 'unknown' || (!row.mp_order_id && !isLegacy(row.flow))) throw new GatewayError(409, 'charge_not_created_yet', `charge ${id} has no Mercado Pago order yet (status ${row.status}); try again in a moment`);
    const mp = forCharge(row, (await this.d.sellers.clientFor(row.seller_id)).mp);
    let refused: MercadoPagoError | undefined;
    try {
      await (isLegacy(row.flow) ? this.cancelLegacyOnMp(row, mp) : mp.orders.cancel(row.mp_order_id!, { idempotencyKey: `cobro-cancel-${row.id}` }));
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      if (!(err instanceof MercadoPagoError && err.status === 409)) throw fromMpError(err, 'canceling the order on Mercado Pago');
      refused = err;
    }
    await this.reconcile(row.id);
    const after = view(await this.own(scope, id));
    if (after.status === 'canceled') return after;
    if (after.status === 'pending') {
      throw new GatewayError(409, 'buyer_paying', 'the buyer is paying this charge right now, so it cannot be canceled; wait for the result', { cause: refused, extra: { charge: after } });
    }
    throw new GatewayError(409, 'charge_already_paid', `charge ${id} was ${after.status} before the cancel reached Mercado Pago`, { cause: refused, extra: { charge: after } });
  }

  /** Legacy attended: off the POS, then — unless a payment shows up on the re-fetch — canceled here (MP keeps no status). */
  private async cancelLegacyOnMp(row: ChargeRow, mp: MercadoPagoClient): Promise<void> {
    const pos = await this.d.provisioning.pos(row.seller_id, row.pos_id);
    await cancelLegacy(row, mp, await this.legacyTarget(row, pos.external_id));
    const seen = await observeLegacy(row, mp, siteOf(row.currency), this.d.now());
    const now = this.d.now();
    if (seen.status === 'pending') await this.d.repo.change(row.id, (r) => decide(r, { ...seen, status: 'canceled' }, now), now);
  }

  /**
   * Refund an approved charge, in total (no amount) or in part. Idempotent per terminal key: the same key asks MP
   * with the same idempotency key, so a retried request refunds once. The refund completes at MP asynchronously;
   * the charge becomes partially_refunded / refunded when a re-fetch shows it (webhook or poll).
   */
  async refund(scope: DeviceScope, id: string, key: string, amount: string | undefined): Promise<{ charge: ChargeView; refund: { id: string; status: string; amount: string } }> {
    const row = await this.own(scope, id);
    if (row.status !== 'approved' && row.status !== 'partially_refunded') {
      throw new GatewayError(409, 'charge_not_refundable', `charge ${id} is ${row.status}; only approved charges can be refunded`);
    }
    const site = siteOf(row.currency);
    const left = Number(row.amount_minor) - Number(row.refunded_minor);
    const minor = amount === undefined ? undefined : minorAmount(amount, site);
    if (minor !== undefined && minor > left) {
      throw new GatewayError(422, 'refund_exceeds', `amount ${amount} is more than what is left to refund (${toOrdersAmount(left, site)})`, { fields: [{ field: 'amount', rule: `at most ${toOrdersAmount(left, site)}` }] });
    }
    const { mp } = await this.d.sellers.clientFor(row.seller_id);
    const keyHash = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const refund = await askRefund(forCharge(row, mp), row, site, minor, `cobro-refund-${row.id}-${keyHash}`);
    // An Orders refund completes at MP asynchronously: look again soon, whatever the backoff says.
    if (!isLegacy(row.flow)) await this.d.repo.note(row.id, { next_check_at: new Date(this.d.now().getTime() + 5000), poll_until: new Date(this.d.now().getTime() + REFUND_WATCH_MS) });
    await this.reconcile(row.id);
    return { charge: view(await this.own(scope, id)), refund };
  }

  /**
   * The one reconcile: re-fetch the charge's order from MP and apply what it says under the row lock. Returns
   * the charge after it (as read before the fetch when MP said nothing new). Webhook jobs, the poller, the sweep
   * and cancel all land here.
   */
  async reconcile(chargeId: string): Promise<ChargeRow | undefined> {
    const target = await this.d.repo.toReconcile({ id: chargeId });
    return target && this.reconcileTarget(target);
  }

  private reconcileTarget(target: ReconcileTarget): Promise<ChargeRow | undefined> {
    const id = target.row.id;
    return this.reconciling.run(id, () => this.reconcileNow(target), () => this.reconcile(id));
  }

  private async reconcileNow({ row, seller, posExternalId }: ReconcileTarget): Promise<ChargeRow | undefined> {
    const chargeId = row.id;
    if (row.status === 'unknown' || (!row.mp_order_id && !isLegacy(row.flow))) {
      if (row.status === 'unknown') await this.recover(chargeId).catch(() => undefined);
      return this.d.repo.byId(chargeId);
    }
    const mp = forCharge(row, this.d.sellers.clientOf(seller));
    if (isLegacy(row.flow)) {
      const now = this.d.now();
      const seen = await observeLegacy(row, mp, siteOf(row.currency), now);
      const applied = await this.d.repo.change(row.id, (r) => decide(r, seen, now, undefined, { mp_merchant_order_id: seen.merchantOrderId }), now);
      if ((applied ?? row).status === 'pending') await reportRejectedAttempts(this.d.repo, this.d.now(), applied ?? row, mp);
      return applied ?? row;
    }
    const order = await mp.orders.get(row.mp_order_id!).catch((e) => { throw fromMpError(e, 'reading the order from Mercado Pago'); });
    const applied = await this.applyOrder(row, order, posExternalId);
    const current = applied ?? row;
    if (current.status === 'pending') await reportRejectedAttempts(this.d.repo, this.d.now(), current, mp);
    // Nothing to change: the charge as this reconcile read it (most polls end here; reading it again would cost a
    // statement each, and a row changed meanwhile is only further along: the state machine moves forward).
    return current;
  }

  /**
   * Polling, a real path and not a fallback (test credentials get no notifications; MP's can be hours late):
   * every live charge is re-fetched on a backoff from its creation — every 5 s for its first 2 minutes, then
   * every 30 s, then every 5 minutes. Its expiry shows up the same way, so the sweep is this loop too.
   */
  async pollDue(limit = 50): Promise<number> {
    const now = this.d.now();
    const ids = await this.d.repo.claimDue(now, limit, (r) => {
      // A settled charge is polled only while a refund it asked for may still be completing (then the daily scan).
      if (r.status === 'approved' || r.status === 'partially_refunded') return r.poll_until && new Date(r.poll_until) > now ? new Date(now.getTime() + 30_000) : null;
      const age = now.getTime() - new Date(r.created_at).getTime();
      return new Date(now.getTime() + (age < 120_000 ? 5000 : age < 3600_000 ? 30_000 : 300_000));
    });
    for (const id of ids) await this.reconcile(id).catch(() => undefined);
    return ids.length;
  }

  /** A notification about an Orders API order: reconcile the charge that made it (others are not ours). */
  async reconcileOrder(mpOrderId: string): Promise<ChargeRow | undefined> {
    const target = await this.d.repo.toReconcile({ mpOrderId });
    return target && this.reconcileTarget(target);
  }

  /** A resource of `sellerId` naming `externalReference` (a payment, a merchant order): reconcile that charge if it is the seller's. */
  async reconcileReference(sellerId: string, externalReference: string | null | undefined): Promise<ChargeRow | undefined> {
    const target = externalReference ? await this.d.repo.toReconcile({ id: externalReference }) : undefined;
    return target && target.row.seller_id === sellerId ? this.reconcileTarget(target) : undefined;
  }

  /**
   * Apply a fetched order (the first one also stores the order id, QR payload and expiry), decided on `row` as read
   * before the fetch when the charge is still at its version, else on the current row under its lock (changeAt).
   */
  private async applyOrder(row: ChargeRow, order: Order, posExternalId: string): Promise<ChargeRow | undefined> {
    const now = this.d.now();
    return this.d.repo.changeAt(row, (r) => decideOrder(r, order, posExternalId, now), now);
  }

  private async own(scope: DeviceScope, id: string): Promise<ChargeRow> {
    const row = await this.d.repo.byIdForPos(id, scope.posId, scope.sellerId);
    if (!row) throw notFound('charge');
    return row;
  }
}

