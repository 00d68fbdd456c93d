// A notification is a doorbell: it names a resource, never the truth. Each kind is fetched as the seller it
// belongs to (routed by MP's `user_id`) and leads to the one reconcile of the charge it names; a resource that
// names none of ours — another integration's payment, a seller we do not know — changes nothing.
import type { MercadoPagoClient } from '@cobro/client';
import type { ChargeRow } from '../repositories/charges.ts';
import { fromMpError } from '../errors.ts';
import type { ChargesService } from './charges.ts';
import type { SellersService } from './sellers.ts';

export class Doorbells {
  constructor(private readonly d: { charges: ChargesService; sellers: SellersService }) {
    Object.freeze(this);
  }

  /** An Orders API order: the charge that made it. */
  order(mpOrderId: string): Promise<ChargeRow | undefined> {
    return this.d.charges.reconcileOrder(mpOrderId);
  }

  /** A classic payment (a rejected attempt, a refund, the legacy flows): the charge its external_reference names. */
  async payment(mpUserId: string | null, paymentId: string): Promise<ChargeRow | undefined> {
    const seller = await this.seller(mpUserId);
    if (!seller) return undefined;
    const payment = await seller.mp.payments.get(paymentId).catch((e) => { throw fromMpError(e, 'reading the payment from Mercado Pago'); });
    return this.d.charges.reconcileReference(seller.id, payment.external_reference);
  }

  /** A merchant order (the legacy flows): the charge its external_reference names. */
  async merchantOrder(mpUserId: string | null, merchantOrderId: string): Promise<ChargeRow | undefined> {
    const seller = await this.seller(mpUserId);
    if (!seller) return undefined;
    const mo = await seller.mp.merchantOrders.get(merchantOrderId).catch((e) => { throw fromMpError(e, 'reading the merchant order from Mercado Pago'); });
    return this.d.charges.reconcileReference(seller.id, mo.external_reference);
  }

  /** The connected seller MP's `user_id` names, with its client (an IPN carries no user id: polling covers it). */
  private async seller(mpUserId: string | null): Promise<{ id: string; mp: MercadoPagoClient } | undefined> {
    const seller = mpUserId ? await this.d.sellers.byMpUserId(mpUserId) : undefined;
    if (!seller || seller.status !== 'connected') return undefined;
    return { id: seller.id, mp: this.d.sellers.clientOf(seller) };
  }
}
