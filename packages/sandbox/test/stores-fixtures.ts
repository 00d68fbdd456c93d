// Shared setup for the store and POS tests: a sandbox, sellers with tokens, and a JSON caller.
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.ts';
import { bootstrapSeller, type Bootstrap } from '../src/identity/accounts.ts';
import type { SiteId } from '../src/sites.ts';

export const API = 'https://api.mercadopago.com';

export interface Res { status: number; body: any; headers: Headers }

export interface Seller {
  id: number;
  boot: Bootstrap;
  call(method: string, path: string, body?: unknown): Promise<Res>;
}

export function seller(sb: Sandbox, site: SiteId = 'MLA'): Seller {
  const boot = bootstrapSeller(sb.state, { site_id: site });
  return {
    id: boot.account.id,
    boot,
    call: (method, path, body) => call(sb, boot.token.access_token, method, path, body),
  };
}

export async function call(sb: Sandbox, token: string | undefined, method: string, path: string, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await sb.fetch(`${API}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
  return { status: res.status, body: parsed, headers: res.headers };
}

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
