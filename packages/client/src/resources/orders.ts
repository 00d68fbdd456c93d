// Orders API for QR (spec §7): create, get, cancel, refund. Every POST carries `X-Idempotency-Key` (required
// by MP, which deduplicates by it, so these are the POSTs retried after a timeout or 5xx): one per call,
// reused on every retry; pass `idempotencyKey` to make a create safe across restarts
// (store the key before calling, as with any payment).
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { CreateOrderInput, CreateQrOrderParams, Order, OrderRefundResult, RefundOrderParams } from '../types/orders.ts';
import { createOrderBody, qrOrderInput, refundBody } from './orders-body.ts';
import { waitForOrder, type WaitForOrderOptions } from './order-wait.ts';

export class Orders extends Resource {
  /** `POST /v1/orders` → 201. Amounts: `Amount` objects or decimal strings (with `site` for CLP/COP). */
  async create(input: CreateOrderInput, options?: RequestOptions): Promise<Order> {
    return this.send<Order>({ method: 'POST', path: '/v1/orders', body: createOrderBody(input), idempotent: true, retry: 'always', options });
  }

  /**
   * A QR order from the few things that vary: one payment for the whole amount, two decimals (CLP/COP
   * integers), sponsor id as a string. `type_response.qr_data` is the QR to show for dynamic/hybrid.
   */
  async createQr(params: CreateQrOrderParams, options?: RequestOptions): Promise<Order> {
    return this.create(qrOrderInput(params), options);
  }

  get(orderId: string, options?: RequestOptions): Promise<Order> {
    return this.send<Order>({ method: 'GET', path: path`/v1/orders/${orderId}`, options });
  }

  /**
   * Poll until the order reaches a final status (FINAL_ORDER_STATUSES) and return it: backoff between
   * polls, `signal` aborts, `deadline` ends it with OrderWaitTimeoutError, `onProgress` gets typed events.
   */
  waitForFinal(orderId: string, options?: WaitForOrderOptions): Promise<Order> {
    const { sleep, now } = this.sender.config;
    return waitForOrder({ get: (o) => this.get(orderId, o), sleep, now }, orderId, options);
  }

  /** Only `created` orders; ConflictError while the buyer is paying (`instore_order_locked_error`). */
  cancel(orderId: string, options?: RequestOptions): Promise<Order> {
    return this.send<Order>({ method: 'POST', path: path`/v1/orders/${orderId}/cancel`, idempotent: true, retry: 'always', options });
  }

  /**
   * Total refund without `transactions`; partial with one `{id: payment transaction id, amount}`. The refund
   * completes asynchronously: watch `transactions.refunds[].status` (GET) or the `order.refunded` webhook.
   */
  async refund(orderId: string, params?: RefundOrderParams, options?: RequestOptions): Promise<OrderRefundResult> {
    return this.send<OrderRefundResult>({
      method: 'POST', path: path`/v1/orders/${orderId}/refund`, body: refundBody(params), idempotent: true, retry: 'always', options,
    });
  }
}
