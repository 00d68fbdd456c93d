// The admin pages (web/admin): log-in with the admin key, then sellers, stores, POS, device keys and pairing
// codes, server-rendered with no script at all. Every page wants a valid session cookie (else back to log-in; a
// POST without one is a 401) and every form POST its session's CSRF token (else a 403 and nothing changed). They
// call the same services as the JSON admin API; a new device key or pairing code is in its answer page only.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { parse, z } from '../input.ts';
import { adminKit, readForm, render, type Form } from './admin-kit.ts';
import { adminChargePages } from './admin-charge-pages.tsx';
import { adminNotificationPages } from './admin-notification-pages.tsx';
import { adminReportPages } from './admin-report-pages.tsx';
import { adminClockPages } from './admin-clock-pages.tsx';
import { adminQrPages } from './admin-qr-pages.tsx';
import type { AdminServices } from '../../services/admin.ts';
import { keyInput, posInput, storeInput } from './admin-catalog.ts';
import { GatewayError } from '../../errors.ts';
import { sameSecret, sha256 } from '../../crypto/keys.ts';
import type { SellersService } from '../../services/sellers.ts';
import type { ProvisioningService } from '../../services/provisioning.ts';
import { LOGIN_COOKIE, LOGIN_TTL_S, SESSION_COOKIE, SESSION_TTL_S } from '../../web/admin/session.ts';
import { CSRF_FIELD } from '../../web/admin/layout.tsx';
import { LoginLimiter } from '../middleware/login-limit.ts';
import { LoginPage, SellerPage, SellersPage, ShownOncePage } from '../../web/admin/pages.tsx';
import { ADMIN_CSS } from '../../web/admin/style.ts';

export type AdminPageDeps = { sellers: SellersService; provisioning: ProvisioningService; admin: AdminServices; adminKeyHash: string; cookieSecret: string; secureCookies: boolean };

const loginInput = z.strictObject({ password: z.string().min(1).max(512) });

export function adminPageRoutes(d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const kit = adminKit(d.cookieSecret, d.adminKeyHash, d.admin.sessions);
  const { sessions, sessionOf, page, action } = kit;
  const limiter = new LoginLimiter();

  app.get('/admin/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }));
  /** The log-in form with a fresh nonce cookie (login CSRF), optionally saying why the last try failed. */
  const loginPage = (c: Context, error?: string, status = 200) => {
    const { nonce, token } = sessions.loginForm();
    setCookie(c, LOGIN_COOKIE, nonce, { httpOnly: true, sameSite: 'Strict', secure: d.secureCookies, path: '/admin', maxAge: LOGIN_TTL_S });
    return render(c, <LoginPage token={token} error={error} />, status);
  };
  app.get('/admin', async (c) => ((await sessionOf(c)) ? c.redirect('/admin/sellers', 303) : loginPage(c)));
  app.post('/admin/login', async (c) => {
    const address = clientAddress(c);
    const wait = limiter.retryAfter(address, Date.now());
    if (wait > 0) {
      c.header('retry-after', String(wait));
      return loginPage(c, `Too many wrong admin keys: try again in ${Math.ceil(wait / 60)} minute(s).`, 429);
    }
    const { [CSRF_FIELD]: token, ...form } = await readForm(c);
    if (!sessions.loginOk(getCookie(c, LOGIN_COOKIE), token)) return loginPage(c, 'The log-in form had expired or came from elsewhere: type the admin key again.', 403);
    const { password } = parse(loginInput, form);
    if (!sameSecret(sha256(password), d.adminKeyHash)) {
      limiter.failed(address, Date.now());
      return loginPage(c, 'That is not the admin key.', 401);
    }
    limiter.succeeded(address);
    deleteCookie(c, LOGIN_COOKIE, { path: '/admin', secure: d.secureCookies });
    setCookie(c, SESSION_COOKIE, sessions.open(new Date()).cookie, {
      httpOnly: true, sameSite: 'Strict', secure: d.secureCookies, path: '/admin', maxAge: SESSION_TTL_S,
    });
    return c.redirect('/admin/sellers', 303);
  });
  /** Log-out ends the session on the server too: a copy of the cookie is refused from now on, on every instance. */
  app.post('/admin/logout', action(async (c, _form, _csrf, sid) => {
    await d.admin.sessions.end(sid);
    deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: d.secureCookies });
    return c.redirect('/admin', 303);
  }));

  app.get('/admin/sellers', page(async (c, csrf) => render(c, <SellersPage sellers={await d.sellers.list()} csrf={csrf} />)));
  app.post('/admin/sellers/:seller/disconnect', action(async (c) => {
    const seller = await d.sellers.get(c.req.param('seller')!); // 404 for an unknown seller
    await d.sellers.disconnect(seller.id, 'disconnected by an operator');
    return c.redirect('/admin/sellers', 303);
  }));

  const sellerPage = async (c: Context, csrf: string, error?: GatewayError) => {
    const seller = await d.sellers.get(c.req.param('seller')!);
    const [stores, posList] = await Promise.all([d.provisioning.stores(seller.id), d.provisioning.posList(seller.id)]);
    const pos = await Promise.all(posList.map(async (p) => ({ pos: p, keys: await d.provisioning.deviceKeys(seller.id, p.id) })));
    return render(c, <SellerPage seller={seller} stores={stores} pos={pos} csrf={csrf} error={error?.message} />, error?.status ?? 200);
  };
  app.get('/admin/sellers/:seller', page((c, csrf) => sellerPage(c, csrf)));
  /** Create, then back to the seller; a refusal (a field, or Mercado Pago's answer) shows the page again saying why. */
  const create = (make: (seller: string, form: Form) => Promise<unknown>) => action(async (c, form, csrf) => {
    try {
      await make(c.req.param('seller')!, form);
    } catch (err) {
      if (err instanceof GatewayError && err.status < 500 && err.status !== 404) return sellerPage(c, csrf, err);
      throw err;
    }
    return c.redirect(`/admin/sellers/${c.req.param('seller')}`, 303);
  });
  app.post('/admin/sellers/:seller/stores', create((seller, f) => d.provisioning.createStore(seller, parse(storeInput, {
    name: f.name, external_id: f.external_id,
    location: { street_number: f.street_number, street_name: f.street_name, city_name: f.city_name, state_name: f.state_name, latitude: Number(f.latitude), longitude: Number(f.longitude) },
  }))));
  app.post('/admin/sellers/:seller/pos', create((seller, f) => d.provisioning.createPos(seller, parse(posInput, f))));
  app.post('/admin/sellers/:seller/pos/:pos/device-keys', action(async (c, form, csrf) => {
    const seller = c.req.param('seller')!;
    const k = await d.provisioning.createDeviceKey(seller, c.req.param('pos')!, parse(keyInput, form).label);
    return render(c, <ShownOncePage title={`Device key ${k.hint}`} secret={k.key} csrf={csrf} back={`/admin/sellers/${seller}`}
      note="Paste it into the cashier page of this POS now; the gateway keeps only its hash and cannot show it again." />, 201);
  }));
  app.post('/admin/sellers/:seller/pos/:pos/device-keys/:key/revoke', action(async (c) => {
    await d.provisioning.revokeDeviceKey(c.req.param('seller')!, c.req.param('pos')!, c.req.param('key')!);
    return c.redirect(`/admin/sellers/${c.req.param('seller')}`, 303);
  }));
  app.post('/admin/sellers/:seller/pos/:pos/pairing-codes', action(async (c, _form, csrf) => {
    const seller = c.req.param('seller')!;
    const p = await d.provisioning.createPairingCode(seller, c.req.param('pos')!);
    return render(c, <ShownOncePage title="Pairing code" secret={p.code} csrf={csrf} back={`/admin/sellers/${seller}`}
      note={`Type it on the terminal's cashier page before ${p.expires_at.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}; it works once.`} />, 201);
  }));
  // The other areas, each in its own file with the same kit.
  for (const area of [adminChargePages, adminNotificationPages, adminReportPages, adminClockPages, adminQrPages]) app.route('/', area(kit, d));
  return app;
}

/** The peer's address as the socket saw it (behind a reverse proxy every client shares the proxy's, and so its limit). */
function clientAddress(c: Context): string {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}
