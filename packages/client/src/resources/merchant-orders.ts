// merchant_orders (spec §8.1–§8.2): how a legacy QR payment is confirmed. Only `status: "closed"` with
// approved payments covering `total_amount` certifies payment.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { MerchantOrder, MerchantOrderSearchParams, MerchantOrderSearchResult } from '../types/merchant-orders.ts';
import { paginate } from './paginate.ts';

export class MerchantOrders extends Resource {
  get(id: number | string, options?: RequestOptions): Promise<MerchantOrder> {
    return this.send<MerchantOrder>({ method: 'GET', path: path`/merchant_orders/${id}`, options });
  }

  /** One page; the list is in `elements`. Searching by external_reference is the fallback when notifications fail. */
  search(params: MerchantOrderSearchParams = {}, options?: RequestOptions): Promise<MerchantOrderSearchResult> {
    return this.send<MerchantOrderSearchResult>({ method: 'GET', path: '/merchant_orders/search', query: { ...params }, options });
  }

  searchAll(params: MerchantOrderSearchParams = {}, options?: RequestOptions): AsyncGenerator<MerchantOrder, void, undefined> {
    return paginate(async (offset) => {
      const page = await this.search({ ...params, offset }, options);
      return { items: page.elements, total: page.total };
    }, params.offset ?? 0);
  }
}
