// The integrator's admin API for sellers' catalogs: stores and POS (created on Mercado Pago, mirrored), device
// keys (the key is in the create answer only) and pairing codes.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { body, externalId, z } from '../input.ts';
import type { ProvisioningService } from '../../services/provisioning.ts';
import type { SellersService } from '../../services/sellers.ts';

const location = z.strictObject({
  street_number: z.string().min(1).max(20), street_name: z.string().min(1).max(200), city_name: z.string().min(1).max(100),
  state_name: z.string().min(1).max(100), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180),
  reference: z.string().max(200).optional(), zip_code: z.string().max(20).optional(),
});
export const storeInput = z.strictObject({ name: z.string().min(1).max(100), external_id: externalId(60), location });
export const posInput = z.strictObject({
  name: z.string().min(1).max(44), external_id: externalId(40).regex(/^[A-Za-z0-9]+$/, 'letters and digits only (MP: alphanumeric)'),
  store_external_id: externalId(60), category: z.number().int().positive().optional(),
  flow: z.enum(['orders', 'legacy_dynamic', 'legacy_attended']).optional(),
});
export const keyInput = z.strictObject({ label: z.string().min(1).max(100).optional() });

export function adminCatalogRoutes(d: { sellers: SellersService; provisioning: ProvisioningService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const p = d.provisioning;
  app.get('/sellers', async (c) => c.json({ results: await d.sellers.list() }));
  app.get('/sellers/:seller', async (c) => c.json(await d.sellers.get(c.req.param('seller'))));
  app.post('/sellers/:seller/stores', async (c) => {
    const r = await p.createStore(c.req.param('seller'), await body(c, storeInput));
    return c.json(r.store, r.created ? 201 : 200);
  });
  app.get('/sellers/:seller/stores', async (c) => c.json({ results: await p.stores(c.req.param('seller')) }));
  app.post('/sellers/:seller/pos', async (c) => {
    const r = await p.createPos(c.req.param('seller'), await body(c, posInput));
    return c.json(r.pos, r.created ? 201 : 200);
  });
  app.get('/sellers/:seller/pos', async (c) => c.json({ results: await p.posList(c.req.param('seller')) }));
  app.post('/sellers/:seller/pos/:pos/device-keys', async (c) => {
    const { label } = await body(c, keyInput);
    return c.json(await p.createDeviceKey(c.req.param('seller'), c.req.param('pos'), label), 201);
  });
  app.get('/sellers/:seller/pos/:pos/device-keys', async (c) => c.json({ results: await p.deviceKeys(c.req.param('seller'), c.req.param('pos')) }));
  app.delete('/sellers/:seller/pos/:pos/device-keys/:key', async (c) => {
    await p.revokeDeviceKey(c.req.param('seller'), c.req.param('pos'), c.req.param('key'));
    return c.body(null, 204);
  });
  app.post('/sellers/:seller/pos/:pos/pairing-codes', async (c) => c.json(await p.createPairingCode(c.req.param('seller'), c.req.param('pos')), 201));
  return app;
}
