// Stores (spec §4). `userId` in every path below must be the OWNER OF THE ACCESS TOKEN (the seller, i.e. the
// collector): MP answers 403 for any other id. Read it once with `client.users.me()` (or the `user_id` of the
// OAuth token response) and pass it in.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { SearchPage } from '../types/common.ts';
import type { CreateStoreBody, DeletedStore, Store, StoreSearchParams, UpdateStoreBody } from '../types/stores.ts';
import { paginate } from './paginate.ts';

type UserId = number | string;

export class Stores extends Resource {
  create(userId: UserId, body: CreateStoreBody, options?: RequestOptions): Promise<Store> {
    return this.send<Store>({ method: 'POST', path: path`/users/${userId}/stores`, body, options });
  }

  get(storeId: number | string, options?: RequestOptions): Promise<Store> {
    return this.send<Store>({ method: 'GET', path: path`/stores/${storeId}`, options });
  }

  update(userId: UserId, storeId: number | string, body: UpdateStoreBody, options?: RequestOptions): Promise<Store> {
    return this.send<Store>({ method: 'PUT', path: path`/users/${userId}/stores/${storeId}`, body, options });
  }

  delete(userId: UserId, storeId: number | string, options?: RequestOptions): Promise<DeletedStore> {
    return this.send<DeletedStore>({ method: 'DELETE', path: path`/users/${userId}/stores/${storeId}`, options });
  }

  /** One page (MP's default limit is 30). */
  search(userId: UserId, params: StoreSearchParams = {}, options?: RequestOptions): Promise<SearchPage<Store>> {
    return this.send<SearchPage<Store>>({ method: 'GET', path: path`/users/${userId}/stores/search`, query: { ...params }, options });
  }

  /** Every store matching, page after page (`limit` per request; `offset` is where to start). */
  searchAll(userId: UserId, params: StoreSearchParams = {}, options?: RequestOptions): AsyncGenerator<Store, void, undefined> {
    return paginate(async (offset) => {
      const page = await this.search(userId, { ...params, offset }, options);
      return { items: page.results, total: page.paging.total };
    }, params.offset ?? 0);
  }
}
