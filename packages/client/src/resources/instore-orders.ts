// Legacy in-store QR orders (spec §6): attended (an order on a POS's printed QR), dynamic (a QR per
// transaction) and hybrid (both). `userId` must be the token's owner (the collector); `externalPosId` is the
// POS's `external_id`. Amounts in the input are `Amount` objects or decimal strings, sent as JSON numbers.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { InstoreOrder, InstoreOrderInput, InstoreQr } from '../types/instore.ts';
import { instoreOrderBody } from './instore-body.ts';

type UserId = number | string;

export interface PutInstoreOrderOptions extends RequestOptions {
  /** Use the newer path with `/stores/{external_store_id}` (CONFLICT in MP's docs; both reach the same POS). */
  externalStoreId?: string;
}

export class InstoreOrders extends Resource {
  /** Attended model: attach (or replace) the order on the POS's printed QR. MP answers 204. */
  async put(userId: UserId, externalPosId: string, input: InstoreOrderInput, options: PutInstoreOrderOptions = {}): Promise<void> {
    const { externalStoreId, ...rest } = options;
    const p = externalStoreId === undefined
      ? path`/instore/qr/seller/collectors/${userId}/pos/${externalPosId}/orders`
      : path`/instore/qr/seller/collectors/${userId}/stores/${externalStoreId}/pos/${externalPosId}/orders`;
    await this.request({ method: 'PUT', path: p, body: instoreOrderBody(input), options: rest });
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

  /** Dynamic model: a single-use QR for this order. Render `qr_data` yourself (see renderQrPng). */
  async createDynamic(userId: UserId, externalPosId: string, input: InstoreOrderInput, options?: RequestOptions): Promise<InstoreQr> {
    return this.send<InstoreQr>({ method: 'POST', path: qrsPath(userId, externalPosId), body: instoreOrderBody(input), options });
  }

  /**
   * Hybrid model: the order is attached to the POS's printed QR and also gets a dynamic QR. MP's reference
   * documents an empty 201 (CONFLICT with the migration guide): the fields are then absent.
   */
  async createHybrid(userId: UserId, externalPosId: string, input: InstoreOrderInput, options?: RequestOptions): Promise<Partial<InstoreQr>> {
    const res = await this.send<InstoreQr | undefined | ''>({ method: 'PUT', path: qrsPath(userId, externalPosId), body: instoreOrderBody(input), options });
    return res && typeof res === 'object' ? res : {};
  }
}

function qrsPath(userId: UserId, externalPosId: string): string {
  return path`/instore/orders/qr/seller/collectors/${userId}/pos/${externalPosId}/qrs`;
}
