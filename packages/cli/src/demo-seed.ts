// What `cobro start` and `cobro sandbox` prepare so a newcomer can charge a QR in the first minute:
// an integrator account (its user id is the sponsor id), a seller with a store and a POS. A sandbox restored from
// its data directory already has them: they are found (by nickname and external id) and reused, so the saved
// profile, the printed QR and whatever an integration stored keep working across restarts.
import { MercadoPagoClient } from '@cobro/client';
import type { Sandbox } from '@cobro/sandbox';

export interface DemoSeed {
  seller: { user_id: number; access_token: string; client_id: string; client_secret: string; webhook_secret: string; site_id: string };
  sponsor_id: number;
  store: { id: string; external_id: string };
  pos: { id: number; external_id: string; qr_code: string; qr_image: string };
}

const SELLER = 'COBRO_DEMO_SELLER';
const INTEGRATOR = 'COBRO_DEMO_INTEGRATOR';

/** The demo account of that nickname, made on first use. */
function demoAccount(sb: Sandbox, site: 'MLA', nickname: string): DemoSeed['seller'] {
  const a = sb.control.accounts.list().find((x) => x.nickname === nickname && x.status === 'active' && x.access_token) ??
    sb.control.accounts.create({ site_id: site, nickname });
  return {
    user_id: a.user_id, access_token: a.access_token!, client_id: a.client_id!, client_secret: a.client_secret!,
    webhook_secret: a.webhook_secret!, site_id: site,
  };
}

export async function seedDemo(sb: Sandbox, baseUrl: string, site: 'MLA' = 'MLA'): Promise<DemoSeed> {
  const integrator = demoAccount(sb, site, INTEGRATOR);
  const seller = demoAccount(sb, site, SELLER);
  // The cobro client over the sandbox's in-process fetch: the CLI speaks to MP only through the client.
  const client = new MercadoPagoClient({ accessToken: seller.access_token, baseUrl, transport: sb.fetch });
  const store = (await client.stores.search(seller.user_id, { external_id: 'SUC001' })).results[0] ?? await client.stores.create(seller.user_id, {
    name: 'Sucursal Centro',
    external_id: 'SUC001',
    location: {
      street_number: '3039', street_name: 'Caseros', city_name: 'Belgrano', state_name: 'Capital Federal',
      latitude: -34.5627, longitude: -58.4563, reference: 'Frente a la plaza',
    },
  });
  const pos = (await client.pos.list({ external_id: 'CAJA1' })).results.find((p) => p.external_id === 'CAJA1') ??
    await client.pos.create({ name: 'Caja 1', fixed_amount: true, external_store_id: 'SUC001', external_id: 'CAJA1' });
  const posFull = await client.pos.get(pos.id);
  return {
    seller,
    sponsor_id: integrator.user_id,
    store: { id: String(store.id), external_id: 'SUC001' },
    pos: {
      id: Number(pos.id), external_id: 'CAJA1', qr_code: String(posFull.qr_code),
      qr_image: posFull.qr.image,
    },
  };
}
