// Shared setup for the store and POS tests: a sandbox and the example bodies. Sellers and the caller are the
// ones of test/http.ts (accounts made through the control plane, everything over HTTP).
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.ts';
import type { Seller } from './http.ts';

export { API, request, seller, type Res, type Seller } from './http.ts';

/** The spec's example store (§4.1), located in Argentina. */
export function storeBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Sucursal Centro',
    external_id: 'SUC001',
    business_hours: { monday: [{ open: '08:00', close: '12:00' }, { open: '14:00', close: '20:00' }] },
    location: {
      street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal',
      latitude: -32.8897322, longitude: -68.8443275, reference: 'Near the plaza',
    },
    ...over,
  };
}

export function newSandbox(seed: string, opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ seed, ...opts });
}

/** A create/update answer as `GET /stores/{id}` shows it: the reference's GET schema says `date_creation`. */
export function asGet(body: Record<string, unknown>): Record<string, unknown> {
  const { date_created, ...rest } = body;
  return { ...rest, date_creation: date_created };
}

/** Creates a store over HTTP and returns its response body (throws when it was refused). */
export async function createStore(s: Seller, over: Record<string, unknown> = {}): Promise<any> {
  const r = await s.call('POST', `/users/${s.id}/stores`, storeBody(over));
  if (r.status !== 200) throw new Error(`store create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export function posBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Caja 1', fixed_amount: true, external_store_id: 'SUC001', external_id: 'SUC001POS001', category: 621102, ...over };
}

export async function createPos(s: Seller, over: Record<string, unknown> = {}): Promise<any> {
  const r = await s.call('POST', '/pos', posBody(over));
  if (r.status !== 200) throw new Error(`POS create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function storeCount(s: Seller): Promise<number> {
  return (await s.call('GET', `/users/${s.id}/stores/search`)).body.paging.total;
}

export async function posCount(s: Seller): Promise<number> {
  return (await s.call('GET', '/pos')).body.paging.total;
}
