// The oldest in-store API (spec §6.4): `/mpmobile/instore/qr/{user_id}/{external_id}`, a preference-like order
// on the POS that lives 10 minutes by default (`ttlSeconds` sets X-Ttl-Store-Preference).
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { MpmobileOrder, MpmobileOrderInput } from '../types/instore.ts';
import { mpmobileBody } from './instore-body.ts';

type UserId = number | string;

export interface MpmobileCreateOptions extends RequestOptions {
  /** Lifetime of the order in seconds (header `X-Ttl-Store-Preference`). */
  ttlSeconds?: number;
}

export class Mpmobile extends Resource {
  async create(userId: UserId, externalPosId: string, input: MpmobileOrderInput, options: MpmobileCreateOptions = {}): Promise<MpmobileOrder> {
    const { ttlSeconds, ...rest } = options;
    const headers = ttlSeconds === undefined ? rest.headers : { ...rest.headers, 'X-Ttl-Store-Preference': String(ttlSeconds) };
    return this.send<MpmobileOrder>({
      method: 'POST', path: mpmobilePath(userId, externalPosId), body: mpmobileBody(input), options: { ...rest, headers },
    });
  }

  get(userId: UserId, externalPosId: string, options?: RequestOptions): Promise<MpmobileOrder> {
    return this.send<MpmobileOrder>({ method: 'GET', path: mpmobilePath(userId, externalPosId), options });
  }

  async delete(userId: UserId, externalPosId: string, options?: RequestOptions): Promise<void> {
    await this.request({ method: 'DELETE', path: mpmobilePath(userId, externalPosId), options });
  }
}

function mpmobilePath(userId: UserId, externalPosId: string): string {
  return path`/mpmobile/instore/qr/${userId}/${externalPosId}`;
}
