// Legacy in-store QR orders (spec §6): attended (an order on a POS's printed QR), dynamic (a QR per
// transaction) and hybrid (both). `userId` must be the token's owner (the collector); `externalPosId` is the
// POS's `external_id`. Amounts in the input are `Amount` objects or decimal strings, sent as JSON numbers.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { InstoreOrder, InstoreOrderBody, InstoreOrderInput, InstoreQr } from '../types/instore.ts';
import { createOnce, unlessNotFound, type Recovery } from './create-once.ts';
import { instoreOrderBody } from './instore-body.ts';

type UserId = number | string;

export interface PutInstoreOrderOptions extends RequestOptions {
  /** Use the newer path with `/stores/{external_store_id}` (CONFLICT in MP's docs; both reach the same POS). */
  externalStoreId?: string;
}

export class InstoreOrders extends Resource {
  /**
   * Attended model: attach (or replace) the order on the POS's printed QR. MP answers 204. Not resent after
   * an ambiguous failure (a resend could replace an order being paid): the POS's order is read back instead,
   * and OutcomeUnknownError thrown unless it is this one.
   */
  async put(userId: UserId, externalPosId: string, input: InstoreOrderInput, options: PutInstoreOrderOptions = {}): Promise<void> {
    const { externalStoreId, ...rest } = options;
    const p = externalStoreId === undefined
      ? path`/instore/qr/seller/collectors/${userId}/pos/${externalPosId}/orders`
      : path`/instore/qr/seller/collectors/${userId}/stores/${externalStoreId}/pos/${externalPosId}/orders`;
    const body = instoreOrderBody(input);
    await createOnce<unknown>(
      () => this.request({ method: 'PUT', path: p, body, retry: 'if-not-processed', options: rest }),
      this.#onPos(p, userId, externalPosId, body, rest),
    );
  }

  /** The order waiting on the POS; NotFoundError (`point_of_sale_in_store_order_not_found`) when none. */
  async get(userId: UserId, externalPosId: string, options?: RequestOptions): Promise<InstoreOrder> {
    const res = await this.send<InstoreOrder | InstoreOrder[]>({
      method: 'GET', path: path`/instore/qr/seller/collectors/${userId}/pos/${externalPosId}/orders`, options,
    });
    // MP's schema wraps the order in an array (UNCONFIRMED): accept both.
    return Array.isArray(res) ? res[0] : res;
  }

  /** Remove the order from the POS (scanning then shows the waiting screen). */
  async delete(userId: UserId, externalPosId: string, options?: RequestOptions): Promise<void> {
    await this.request({ method: 'DELETE', path: path`/instore/qr/seller/collectors/${userId}/pos/${externalPosId}/orders`, options });
  }

  /**
   * Dynamic model: a single-use QR for this order. Render `qr_data` yourself (see renderQrPng). Never resent
   * after an ambiguous failure, which can only end in OutcomeUnknownError (nothing reads a dynamic order back).
   */
  async createDynamic(userId: UserId, externalPosId: string, input: InstoreOrderInput, options?: RequestOptions): Promise<InstoreQr> {
    const p = qrsPath(userId, externalPosId);
    const body = instoreOrderBody(input);
    const ref = JSON.stringify(body.external_reference);
    // No read endpoint exists for a dynamic order: an ambiguous failure can only be reported.
    return createOnce(() => this.send<InstoreQr>({ method: 'POST', path: p, body, retry: 'if-not-processed', options }), {
      operation: `POST ${p}`,
      resource: `a dynamic QR order with external_reference ${ref}`,
      howToCheck: `MP has no way to read a dynamic QR order back. Do not show a new QR for this sale until you know: a buyer's scan or payment shows in merchantOrders.search({ external_reference: ${ref} }) and payments.search({ external_reference: ${ref} }); otherwise it stays payable until its expiration_date${body.expiration_date ? ` (${body.expiration_date})` : ' (none was set: set one on dynamic orders)'}. The Orders API (orders.createQr) deduplicates retries and avoids this.`,
    });
  }

  /**
   * Hybrid model: the order is attached to the POS's printed QR and also gets a dynamic QR. MP's reference
   * documents an empty 201 (CONFLICT with the migration guide): the fields are then absent, as they are when
   * an ambiguous failure was settled by finding the order on the POS (its printed QR shows it).
   */
  async createHybrid(userId: UserId, externalPosId: string, input: InstoreOrderInput, options?: RequestOptions): Promise<Partial<InstoreQr>> {
    const p = qrsPath(userId, externalPosId);
    const body = instoreOrderBody(input);
    // Found on the POS after an ambiguous failure, the dynamic QR is lost: the printed one shows the order.
    const res = await createOnce<Partial<InstoreQr> | undefined | ''>(
      () => this.send<InstoreQr | undefined | ''>({ method: 'PUT', path: p, body, retry: 'if-not-processed', options }),
      this.#onPos(p, userId, externalPosId, body, options),
    );
    return res && typeof res === 'object' ? res : {};
  }

  /**
   * How a PUT that attaches an order to the POS is settled: it landed if the POS now holds an order with the
   * same external_reference and total (found: `{}`, as after MP's empty 201).
   */
  #onPos(p: string, userId: UserId, externalPosId: string, body: InstoreOrderBody, options?: RequestOptions): Recovery<Partial<InstoreQr>> {
    const ref = JSON.stringify(body.external_reference);
    return {
      operation: `PUT ${p}`,
      resource: `an order with external_reference ${ref} on POS "${externalPosId}"`,
      howToCheck: `See what the POS holds (instoreOrders.get(${JSON.stringify(userId)}, "${externalPosId}")) and check merchantOrders.search({ external_reference: ${ref} }) for a payment before putting it on the POS again: on neither, it was not created, or was already paid, replaced or expired.`,
      find: async () => {
        const order = await unlessNotFound(this.get(userId, externalPosId, options));
        return order && order.external_reference === body.external_reference && order.total_amount === body.total_amount ? {} : undefined;
      },
    };
  }
}

function qrsPath(userId: UserId, externalPosId: string): string {
  return path`/instore/orders/qr/seller/collectors/${userId}/pos/${externalPosId}/qrs`;
}
