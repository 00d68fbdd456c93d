// What every admin page route shares: the session check (a page without one goes back to the log-in; a form POST
// without one is a 401), the CSRF check of every form POST (a 403, nothing read or changed), the bounded form
// reader, and the one way a page is answered (no-store, a strict CSP, no referrer). Each area of the admin pages
// (sellers, charges, notifications, reports, clock) takes this kit and adds its own routes.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { boundedText } from '../input.ts';
import { GatewayError } from '../../errors.ts';
import { adminSessions, SESSION_COOKIE, type AdminSessions } from '../../web/admin/session.ts';
import { CSRF_FIELD } from '../../web/admin/layout.tsx';
import type { AdminSessionService } from '../../services/admin-sessions.ts';

export type Form = Record<string, string>;
type Handler = Response | Promise<Response>;

export interface AdminKit {
  sessions: AdminSessions;
  /** The session id of this request's cookie, if its MAC is right, it has not expired and was not logged out. */
  sessionOf(c: Context): Promise<string | undefined>;
  /** A page: without a session, 303 back to the log-in form; `csrf` is the token its forms must carry. */
  page(fn: (c: Context, csrf: string) => Handler): (c: Context) => Promise<Response>;
  /** A form POST: a session (401) and its CSRF token (403) before anything is read or changed; `sid` is that session. */
  action(fn: (c: Context, form: Form, csrf: string, sid: string) => Handler): (c: Context) => Promise<Response>;
  /** An HTML answer: `<!doctype html>` + the page, never cached, under the admin CSP. */
  render(c: Context, page: unknown, status?: number): Handler;
}

export const ADMIN_CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A form body (application/x-www-form-urlencoded), bounded like a JSON one; empty fields are left out. */
export async function readForm(c: Context): Promise<Form> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new GatewayError(415, 'unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
  }
  const form: Form = {};
  for (const [k, v] of new URLSearchParams(await boundedText(c))) if (v !== '') form[k] = v;
  return form;
}

/** A 400 of the edge's checks (a bad filter or field), for the page to show again saying why; anything else goes on up. */
export function refused(err: unknown): GatewayError {
  if (err instanceof GatewayError && err.status === 400) return err;
  throw err;
}

export function render(c: Context, page: unknown, status = 200): Handler {
  c.header('cache-control', 'no-store'); // a shown-once key must not come back from any cache
  c.header('content-security-policy', ADMIN_CSP);
  c.header('referrer-policy', 'no-referrer');
  return c.html(html`<!doctype html>${page}`, status as 200);
}

export function adminKit(cookieSecret: string, adminKeyHash: string, ended: Pick<AdminSessionService, 'ended'>): AdminKit {
  const sessions = adminSessions(cookieSecret, adminKeyHash);
  const sessionOf = async (c: Context) => {
    const sid = sessions.verify(getCookie(c, SESSION_COOKIE), new Date());
    return sid && !(await ended.ended(sid)) ? sid : undefined;
  };
  return Object.freeze({
    sessions,
    sessionOf,
    render,
    page: (fn) => async (c) => {
      const sid = await sessionOf(c);
      return sid ? fn(c, sessions.csrfToken(sid)) : c.redirect('/admin', 303);
    },
    action: (fn) => async (c) => {
      const sid = await sessionOf(c);
      if (!sid) throw new GatewayError(401, 'unauthorized', 'log in at /admin first');
      const { [CSRF_FIELD]: token, ...form } = await readForm(c);
      if (!sessions.csrfOk(sid, token)) throw new GatewayError(403, 'csrf_refused', 'the form\'s CSRF token is missing or not this session\'s; reload the page');
      return fn(c, form, sessions.csrfToken(sid), sid);
    },
  } satisfies AdminKit);
}
