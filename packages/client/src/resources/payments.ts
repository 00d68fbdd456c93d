// Classic payments (spec §8.3–§8.5): read and search, and refunds of legacy-flow payments (Orders API
// payments are refunded with `orders.refund`).
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { RequestSender } from '../request.ts';
import type { CreatePaymentRefundParams, Payment, PaymentRefund, PaymentSearchParams, PaymentSearchResult } from '../types/payments.ts';
import { amountScope, legacyAmount } from './amounts.ts';
import { paginate } from './paginate.ts';

export class PaymentRefunds extends Resource {
  /** Total refund without `amount`; partial with `amount` (sent as a JSON number). Carries an idempotency key, which MP deduplicates: retried like the Orders API. */
  async create(paymentId: number | string, params: CreatePaymentRefundParams = {}, options?: RequestOptions): Promise<PaymentRefund> {
    const body = params.amount === undefined
      ? {}
      : { amount: legacyAmount(params.amount, amountScope(params.site, [params.amount]), 'amount') };
    return this.send<PaymentRefund>({ method: 'POST', path: path`/v1/payments/${paymentId}/refunds`, body, idempotent: true, retry: 'always', options });
  }

  list(paymentId: number | string, options?: RequestOptions): Promise<PaymentRefund[]> {
    return this.send<PaymentRefund[]>({ method: 'GET', path: path`/v1/payments/${paymentId}/refunds`, options });
  }

  get(paymentId: number | string, refundId: number | string, options?: RequestOptions): Promise<PaymentRefund> {
    return this.send<PaymentRefund>({ method: 'GET', path: path`/v1/payments/${paymentId}/refunds/${refundId}`, options });
  }
}

export class Payments extends Resource {
  readonly refunds: PaymentRefunds;

  constructor(sender: RequestSender) {
    super(sender);
    this.refunds = new PaymentRefunds(sender);
  }

  get(paymentId: number | string, options?: RequestOptions): Promise<Payment> {
    return this.send<Payment>({ method: 'GET', path: path`/v1/payments/${paymentId}`, options });
  }

  /**
   * `PUT /v1/payments/{id}` `{"status":"cancelled"}`: cancel a payment that is still pending or in_process
   * (MP answers 400 once it is approved: refund it instead). Classic spelling: `cancelled`.
   */
  cancel(paymentId: number | string, options?: RequestOptions): Promise<Payment> {
    return this.send<Payment>({ method: 'PUT', path: path`/v1/payments/${paymentId}`, body: { status: 'cancelled' }, options });
  }

  /** One page (`paging` + `results`); default sort date_created desc. */
  search(params: PaymentSearchParams = {}, options?: RequestOptions): Promise<PaymentSearchResult> {
    return this.send<PaymentSearchResult>({ method: 'GET', path: '/v1/payments/search', query: { ...params }, options });
  }

  /**
   * Every payment matching, page after page by offset. Pass `sort` + `criteria: 'asc'` for a stable walk
   * while new payments arrive (the default newest-first order shifts under them).
   */
  searchAll(params: PaymentSearchParams = {}, options?: RequestOptions): AsyncGenerator<Payment, void, undefined> {
    return paginate(async (offset) => {
      const page = await this.search({ ...params, offset }, options);
      return { items: page.results, total: page.paging.total };
    }, Number(params.offset ?? 0));
  }
}
