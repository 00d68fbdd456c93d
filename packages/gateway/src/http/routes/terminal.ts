// What a terminal may call: pairing (a code for its own device key; no key needed yet), and, with its key, its own
// POS and its charges.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { body, z } from '../input.ts';
import { deviceAuth } from '../middleware/auth.ts';
import type { ProvisioningService } from '../../services/provisioning.ts';
import type { ChargesService } from '../../services/charges.ts';
import { chargeRoutes } from './charges.ts';
import { chargeEventRoutes } from './charge-events.ts';
import type { ChargeHub } from '../../services/charge-hub.ts';

export const pairInput = z.strictObject({ code: z.string().min(8).max(20), label: z.string().min(1).max(100).optional() });

export function terminalRoutes(d: { provisioning: ProvisioningService; charges: ChargesService; hub: ChargeHub; now?: () => Date }): Hono<AppEnv> {
  const now = d.now ?? (() => new Date());
  const app = new Hono<AppEnv>();
  app.post('/pair', async (c) => {
    const { code, label } = await body(c, pairInput);
    const k = await d.provisioning.pair(code, label);
    return c.json({ device_key: k.key, id: k.id, hint: k.hint, pos_id: k.pos_id }, 201);
  });
  app.use('*', deviceAuth(d.provisioning));
  app.get('/pos', async (c) => {
    const { pos, store, seller } = await d.provisioning.terminal(c.get('device'));
    return c.json({
      id: pos.id, external_id: pos.external_id, name: pos.name, flow: pos.flow,
      store: store ? { id: store.id, external_id: store.external_id, name: store.name } : null,
      seller: { nickname: seller.nickname, site_id: seller.site_id, currency: seller.currency },
      // Expiries are on the gateway's clock, which need not be the terminal's (embedded: the sandbox's, moved forward).
      now: now().toISOString(),
    });
  });
  app.route('/', chargeRoutes(d));
  app.route('/', chargeEventRoutes(d));
  return app;
}
