// POS / cajas (spec §5). The owner is the token's account: no user id in these paths.
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { SearchPage } from '../types/common.ts';
import type { CreatePosBody, Pos, PosListParams, UpdatePosBody } from '../types/pos.ts';
import { createOnce } from './create-once.ts';
import { paginate } from './paginate.ts';

export class PointsOfSale extends Resource {
  /**
   * MP takes no idempotency key here. After an ambiguous failure (timeout, dropped connection, 5xx) the POS
   * is looked up by `external_id` and returned, or the create resent (MP answers 409 to a second POS with
   * that external_id); without `external_id` it cannot be looked up: OutcomeUnknownError.
   */
  create(body: CreatePosBody, options?: RequestOptions): Promise<Pos> {
    const ext = body.external_id;
    return createOnce(() => this.send<Pos>({ method: 'POST', path: '/pos', body, retry: 'if-not-processed', options }), {
      operation: 'POST /pos',
      resource: ext === undefined ? `a POS named "${body.name}"` : `a POS with external_id "${ext}"`,
      howToCheck: ext === undefined
        ? 'Without an external_id it cannot be told apart: list the POS (pos.list()) and look for it before creating it again.'
        : `Look for it (pos.list({ external_id: "${ext}" })) before creating it again.`,
      find: ext === undefined
        ? undefined
        : async () => (await this.list({ external_id: ext }, options)).results.find((p) => p.external_id === ext),
      isDuplicate: (e) => e.status === 409,
    });
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
