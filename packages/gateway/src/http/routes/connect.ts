// Seller onboarding: `GET /connect` sends the seller to Mercado Pago's consent page with state + PKCE, the state
// bound to this browser by a signed, HttpOnly cookie; `GET /oauth/callback` checks cookie and state, exchanges
// the code and stores the seller. A `return_to` must be a path on this gateway (no open redirect).
import { Hono } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { AppEnv } from '../env.ts';
import type { SellersService } from '../../services/sellers.ts';
import { GatewayError } from '../../errors.ts';
import { z } from '../input.ts';

const COOKIE = 'cobro_oauth_state';
/** Where to send the seller back after connecting: a path on this gateway (no open redirect). */
export const returnToParam = z.string().regex(/^\/(?!\/)[\x21-\x7e]{0,500}$/, 'a local path');

export function connectRoutes(d: { sellers: SellersService; cookieSecret: string; secureCookies: boolean }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/connect', async (c) => {
    const returnTo = c.req.query('return_to') ?? null;
    if (returnTo !== null && !returnToParam.safeParse(returnTo).success) {
      throw new GatewayError(400, 'invalid_return_to', 'return_to must be a path on this gateway, such as /admin', { fields: [{ field: 'return_to', rule: 'a local path' }] });
    }
    const { url, state } = await d.sellers.startConnect(returnTo);
    await setSignedCookie(c, COOKIE, state, d.cookieSecret, {
      httpOnly: true, sameSite: 'Lax', path: '/oauth', maxAge: 600, secure: d.secureCookies,
    });
    return c.redirect(url, 302);
  });

  app.get('/oauth/callback', async (c) => {
    const cookieState = await getSignedCookie(c, d.cookieSecret, COOKIE);
    deleteCookie(c, COOKIE, { path: '/oauth' });
    const { seller, returnTo } = await d.sellers.completeConnect({
      code: c.req.query('code'), state: c.req.query('state'), cookieState: cookieState || undefined, error: c.req.query('error'),
    });
    if (returnTo) return c.redirect(returnTo, 302);
    if (c.req.header('accept')?.includes('application/json')) return c.json({ seller }, 200);
    return c.html(html`<!doctype html><html lang="es"><meta charset="utf-8"><title>cobro: connected</title>
<main><h1>Connected</h1><p>${seller.nickname} (${seller.site_id}, ${seller.currency}) is connected to this gateway.</p></main></html>`);
  });

  return app;
}
