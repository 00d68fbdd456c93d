// The oldest in-store API (spec §6.4): `/mpmobile/instore/qr/{user_id}/{external_id}`, a preference-like order
// on the POS that lives 10 minutes by default (`ttlSeconds` sets X-Ttl-Store-Preference).
import type { RequestOptions } from '../config.ts';
import { path } from '../request.ts';
import { Resource } from '../resource.ts';
import type { MpmobileOrder, MpmobileOrderInput } from '../types/instore.ts';
import { createOnce, unlessNotFound } from './create-once.ts';
import { mpmobileBody } from './instore-body.ts';

type UserId = number | string;

export interface MpmobileCreateOptions extends RequestOptions {
  /** Lifetime of the order in seconds (header `X-Ttl-Store-Preference`). */
  ttlSeconds?: number;
}

export class Mpmobile extends Resource {
  /**
   * MP takes no idempotency key here. After an ambiguous failure (timeout, dropped connection, 5xx) the POS's
   * order is read back and returned if it carries this external_reference; else OutcomeUnknownError.
   */
  async create(userId: UserId, externalPosId: string, input: MpmobileOrderInput, options: MpmobileCreateOptions = {}): Promise<MpmobileOrder> {
    const { ttlSeconds, ...rest } = options;
    const headers = ttlSeconds === undefined ? rest.headers : { ...rest.headers, 'X-Ttl-Store-Preference': String(ttlSeconds) };
    const p = mpmobilePath(userId, externalPosId);
    const body = mpmobileBody(input);
    const ref = JSON.stringify(input.external_reference);
    return createOnce(() => this.send<MpmobileOrder>({ method: 'POST', path: p, body, retry: 'if-not-processed', options: { ...rest, headers } }), {
      operation: `POST ${p}`,
      resource: `an order with external_reference ${ref} on POS "${externalPosId}"`,
      howToCheck: `See what the POS holds (mpmobile.get(${JSON.stringify(userId)}, "${externalPosId}")) and check merchantOrders.search({ external_reference: ${ref} }) for a payment before creating it again: on neither, it was not created, or was already paid, replaced or expired.`,
      // The POS holds one order: after an ambiguous failure, it is ours if it carries our reference.
      find: async () => {
        const order = await unlessNotFound(this.get(userId, externalPosId, rest));
        return order?.external_reference === input.external_reference ? order : undefined;
      },
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
