// POS / cajas (spec §5). The owner is the token's account: no user id in these paths.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { SearchPage } from '../types/common.ts';
import type { CreatePosBody, Pos, PosListParams, UpdatePosBody } from '../types/pos.ts';
import { paginate } from './paginate.ts';

export class PointsOfSale extends Resource {
  create(body: CreatePosBody, options?: RequestOptions): Promise<Pos> {
    return this.send<Pos>({ method: 'POST', path: '/pos', body, options });
  }

  /** Includes `qr_code`, the EMVCo payload of the POS's printed static QR. */
  get(posId: number | string, options?: RequestOptions): Promise<Pos> {
    return this.send<Pos>({ method: 'GET', path: path`/pos/${posId}`, options });
  }

  update(posId: number | string, body: UpdatePosBody, options?: RequestOptions): Promise<Pos> {
    return this.send<Pos>({ method: 'PUT', path: path`/pos/${posId}`, body, options });
  }

  /** MP's answer is not documented (200 or 204, empty or not): nothing is returned. */
  async delete(posId: number | string, options?: RequestOptions): Promise<void> {
    await this.request({ method: 'DELETE', path: path`/pos/${posId}`, options });
  }

  /** One page of `GET /pos`, filtered by external_id, external_store_id, store_id or category. */
  list(params: PosListParams = {}, options?: RequestOptions): Promise<SearchPage<Pos>> {
    return this.send<SearchPage<Pos>>({ method: 'GET', path: '/pos', query: { ...params }, options });
  }

  /** Every POS matching, page after page. */
  listAll(params: PosListParams = {}, options?: RequestOptions): AsyncGenerator<Pos, void, undefined> {
    return paginate(async (offset) => {
      const page = await this.list({ ...params, offset }, options);
      return { items: page.results, total: page.paging.total };
    }, params.offset ?? 0);
  }
}
