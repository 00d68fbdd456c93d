// Stores (spec §4). `userId` in every path below must be the OWNER OF THE ACCESS TOKEN (the seller, i.e. the
// collector): MP answers 403 for any other id. Read it once with `client.users.me()` (or the `user_id` of the
// OAuth token response) and pass it in.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { SearchPage } from '../types/common.ts';
import type { CreateStoreBody, DeletedStore, Store, StoreSearchParams, UpdateStoreBody } from '../types/stores.ts';
import { createOnce } from './create-once.ts';
import { paginate } from './paginate.ts';

type UserId = number | string;

export class Stores extends Resource {
  /**
   * MP takes no idempotency key here. After an ambiguous failure (timeout, dropped connection, 5xx) the
   * store is looked up by `external_id` and returned, or the create resent (MP refuses a second store with
   * that external_id); without `external_id` it cannot be looked up: OutcomeUnknownError.
   */
  create(userId: UserId, body: CreateStoreBody, options?: RequestOptions): Promise<Store> {
    const ext = body.external_id;
    const p = path`/users/${userId}/stores`;
    return createOnce(() => this.send<Store>({ method: 'POST', path: p, body, retry: 'if-not-processed', options }), {
      operation: `POST ${p}`,
      resource: ext === undefined ? `a store named "${body.name}"` : `a store with external_id "${ext}"`,
      howToCheck: ext === undefined
        ? `Without an external_id it cannot be told apart: list the stores (stores.search(${JSON.stringify(userId)})) and look for it before creating it again; give stores an external_id to make this automatic.`
        : `Search for it (stores.search(${JSON.stringify(userId)}, { external_id: "${ext}" })) before creating it again.`,
      find: ext === undefined ? undefined : () => this.#findByExternalId(userId, ext, options),
      isDuplicate: (e) => e.status === 400 && /external_id already used/i.test(e.message),
    });
  }

  /** The search filter takes alphanumeric ids only (INVALID_EXTERNAL_ID); others are found by walking the list. */
  async #findByExternalId(userId: UserId, externalId: string, options?: RequestOptions): Promise<Store | undefined> {
    if (/^[A-Za-z0-9]{1,60}$/.test(externalId)) {
      return (await this.search(userId, { external_id: externalId }, options)).results.find((s) => s.external_id === externalId);
    }
    for await (const s of this.searchAll(userId, {}, options)) if (s.external_id === externalId) return s;
    return undefined;
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
