// Logging in to the admin pages without a browser, as a browser does: GET /admin (its log-in nonce cookie and the
// form's token), then POST the admin key with both. Returns the session cookie (`name=value`).
import assert from 'node:assert/strict';
import { ADMIN_KEY, GATEWAY } from './gateway-helpers.ts';

type App = { request: (url: string, init?: RequestInit) => Response | Promise<Response> };

export const cookieOf = (res: Response, name: string): string | undefined =>
  res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

/** The log-in form's nonce cookie and token. */
export async function loginForm(app: App): Promise<{ cookie: string; token: string }> {
  const res = await app.request(`${GATEWAY}/admin`);
  assert.equal(res.status, 200);
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  const cookie = cookieOf(res, 'cobro_admin_login');
  assert.ok(token && cookie, 'the log-in form has its token and nonce cookie');
  return { cookie, token };
}

export async function postLogin(app: App, form: { cookie?: string; token?: string }, password = ADMIN_KEY): Promise<Response> {
  const body = new URLSearchParams({ password, ...(form.token && { _csrf: form.token }) });
  return app.request(`${GATEWAY}/admin/login`, {
    method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(form.cookie && { cookie: form.cookie }) },
  });
}

export async function adminLogin(app: App, password = ADMIN_KEY): Promise<string> {
  const res = await postLogin(app, await loginForm(app), password);
  assert.equal(res.status, 303, await res.clone().text());
  const session = cookieOf(res, 'cobro_admin');
  assert.ok(session, 'a session cookie');
  return session;
}
