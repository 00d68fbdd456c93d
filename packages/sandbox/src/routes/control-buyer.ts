// `/__sandbox/` control of the test buyer (HTTP twin of control/buyer.ts):
//   GET  /__sandbox/scan?…   what a scan would find, without scanning (buyer/peek.ts)
//   POST /__sandbox/scan     {qr_data} | {pos_id} | {user_id, external_pos_id}  (+ buyer_id)  → 201 scan
//   POST /__sandbox/pay      {scan_id} | what to scan, + {card?, payment_method_id?, installments?} → 201
//   POST /__sandbox/abandon  {scan_id} → 200
import { Hono, type Context } from 'hono';
import { readObject, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { buyerControl, type PayInput, type ScanInput } from '../control/buyer.ts';
import { peek } from '../buyer/peek.ts';

export function controlBuyerRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const { buyer } = buyerControl(state);
  const body = async (c: Context) => (await readObject(c, 'classic')) ?? {};
  // What the scan would find, without scanning (query: qr_data | pos_id | user_id + external_pos_id).
  app.get('/__sandbox/scan', (c) => c.json(peek(state, c.req.query()), 200));
  app.post('/__sandbox/scan', async (c) => c.json(buyer.scan(await body(c) as ScanInput), 201));
  app.post('/__sandbox/pay', async (c) => c.json(buyer.pay(await body(c) as PayInput), 201));
  app.post('/__sandbox/abandon', async (c) => c.json(buyer.abandon(await body(c) as { scan_id: string }), 200));
  return app;
}
