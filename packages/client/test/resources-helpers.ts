// Setup shared by the resource tests: a sandbox seller with a client, and a store + POS made through the client.
import { createSandbox, type Sandbox } from '@cobro/sandbox';
import { MercadoPagoClient, type ClientConfig, type CreateStoreBody, type Pos, type SiteId, type Store } from '../src/index.ts';

export type SandboxAccount = ReturnType<Sandbox['control']['accounts']['create']>;

/** A location inside each site's country (the sandbox checks the coordinates). */
const LOCATIONS: Partial<Record<SiteId, CreateStoreBody['location']>> = {
  MLA: { street_number: '100', street_name: 'Florida', city_name: 'San Nicolas', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.37, reference: 'Centro' },
  MLB: { street_number: '1000', street_name: 'Paulista', city_name: 'Sao Paulo', state_name: 'Sao Paulo', latitude: -23.56, longitude: -46.65 },
  MLC: { street_number: '1200', street_name: 'Providencia', city_name: 'Santiago', state_name: 'Region Metropolitana', latitude: -33.43, longitude: -70.62 },
};

export function storeBody(externalId: string, site: SiteId = 'MLA', name = `Sucursal ${externalId}`): CreateStoreBody {
  return { name, external_id: externalId, location: LOCATIONS[site]! };
}

export interface SellerSetup {
  sb: Sandbox;
  seller: SandboxAccount;
  client: MercadoPagoClient;
  store: Store;
  pos: Pos;
}

/** A client over the sandbox in-process; retries never sleep for real. */
export function sandboxClient(sb: Sandbox, accessToken: string, extra: ClientConfig = {}): MercadoPagoClient {
  return new MercadoPagoClient({ accessToken, transport: sb.fetch, sleep: async () => {}, now: () => sb.state.now(), ...extra });
}

/** A seller with one store (`S1`) and one fixed-amount POS (`POS1`), all made through the client. */
export async function sellerWithPos(sb: Sandbox, site: SiteId = 'MLA', extra: ClientConfig = {}): Promise<Omit<SellerSetup, 'sb'>> {
  const seller = sb.control.accounts.create({ site_id: site });
  const client = sandboxClient(sb, seller.access_token, extra);
  const store = await client.stores.create(seller.user_id, storeBody('S1', site));
  const pos = await client.pos.create({ name: 'Caja 1', fixed_amount: true, external_store_id: 'S1', external_id: 'POS1' });
  return { seller, client, store, pos };
}

export async function setup(seed: string, site: SiteId = 'MLA', extra: ClientConfig = {}): Promise<SellerSetup> {
  const sb = createSandbox({ seed });
  return { sb, ...(await sellerWithPos(sb, site, extra)) };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
