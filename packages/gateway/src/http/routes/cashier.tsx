// The cashier page (web/cashier): the page itself, its script and stylesheet; and, in embedded mode only, the
// sandbox's test buyer one click away ("simulate buyer"), scoped like every terminal call to the device key's own
// POS. The page calls the sandbox through the gateway rather than on the sandbox's port: same origin (no CORS
// on the sandbox), and a terminal can only ever pay its own charges.
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../env.ts';
import { body, z } from '../input.ts';
import { deviceAuth } from '../middleware/auth.ts';
import { GatewayError } from '../../errors.ts';
import type { ProvisioningService } from '../../services/provisioning.ts';
import type { ChargesService } from '../../services/charges.ts';
import { CashierPage } from '../../web/cashier/page.tsx';
import { CASHIER_JS } from '../../web/cashier/script.ts';
import { CASHIER_CSS } from '../../web/cashier/style.ts';
import { LANGS, type Lang } from '../../web/cashier/i18n.ts';
import type { SandboxControl } from '../../services/sandbox-control.ts';


export const simulateInput = z.strictObject({ charge_id: z.string().min(1).max(64), action: z.enum(['pay', 'reject', 'pending', 'abandon']) });
/** Test card holder names (the sandbox's, as MP's): approved, rejected, in process. */
const CARD = { pay: 'APRO', reject: 'OTHE', pending: 'CONT' } as const;

const ASSET_CACHE = 'public, max-age=300';

function pageLang(accept: string | undefined): Lang {
  const first = (accept ?? '').toLowerCase().match(/[a-z]{2}/g) ?? [];
  return (first.find((l) => (LANGS as string[]).includes(l)) as Lang | undefined) ?? 'es';
}

export function cashierRoutes(d: { provisioning: ProvisioningService; charges: ChargesService; sandbox?: SandboxControl }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/cashier', (c) => {
    c.header('cache-control', 'no-store');
    // The page holds the device key in localStorage: no other origin may frame it, and it loads only from here.
    c.header('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    c.header('referrer-policy', 'no-referrer');
    return c.html(html`<!doctype html>${<CashierPage lang={pageLang(c.req.header('accept-language'))} embedded={!!d.sandbox} />}`);
  });
  app.get('/cashier/cashier.js', (c) => c.body(CASHIER_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': ASSET_CACHE }));
  app.get('/cashier/cashier.css', (c) => c.body(CASHIER_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': ASSET_CACHE }));
  app.post('/cashier/simulate', deviceAuth(d.provisioning), async (c) => {
    const sandbox = d.sandbox;
    if (!sandbox) throw new GatewayError(404, 'not_found', 'the test buyer exists only in embedded mode (the gateway running its own sandbox)');
    const { charge_id, action } = await body(c, simulateInput);
    const scope = c.get('device');
    const charge = await d.charges.get(scope, charge_id); // 404 for another POS's charge
    // What the buyer scans: the charge's QR, or the POS's printed one (static / attended flows have no qr_data).
    const { pos, seller } = await d.provisioning.terminal(scope);
    const target = charge.qr_data ? { qr_data: charge.qr_data } : { user_id: seller.mp_user_id, external_pos_id: pos.external_id };
    let res: Response;
    if (action === 'abandon') {
      const scan = await sandbox('/__sandbox/scan', target);
      if (!scan.ok) return sandboxAnswer(c, scan);
      res = await sandbox('/__sandbox/abandon', { scan_id: ((await scan.json()) as { scan_id: string }).scan_id });
    } else {
      res = await sandbox('/__sandbox/pay', { ...target, card: CARD[action] });
    }
    return sandboxAnswer(c, res);
  });
  return app;
}

/** The sandbox's answer passed on: its outcome on success, its message as our error shape otherwise. */
async function sandboxAnswer(c: { json: (b: unknown, s: 200) => Response }, res: Response): Promise<Response> {
  const json = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new GatewayError(409, 'sandbox_refused', `the sandbox's test buyer answered ${res.status}: ${json.message ?? 'no message'}`);
  return c.json(json, 200);
}
