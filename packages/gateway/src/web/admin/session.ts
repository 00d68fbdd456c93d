// The admin pages' session: a cookie `<session id>.<expiry>.<mac>`, the MAC an HMAC-SHA256 under a key derived from
// the vault's cookie secret and the admin key's hash, so a session ends when it expires or the admin key changes
// (any gateway instance behind a load balancer accepts it; a logged-out one is listed as ended in the database,
// services/admin-sessions.ts). The CSRF token of every form is an HMAC of the session id under another derived
// key: bound to that one session, useless to anyone without it. The log-in form, before any session, carries the
// HMAC of a nonce kept in its own short cookie.
import { createHmac, randomBytes } from 'node:crypto';
import { sameSecret } from '../../crypto/keys.ts';

export const SESSION_COOKIE = 'cobro_admin';
/** Before log-in: a random nonce whose HMAC the log-in form carries (login CSRF: nobody else's form can log you in). */
export const LOGIN_COOKIE = 'cobro_admin_login';
export const LOGIN_TTL_S = 30 * 60;
/** A working day; the operator logs in again after that. */
export const SESSION_TTL_S = 8 * 3600;

export interface AdminSessions {
  /** A new session's cookie value and its id. */
  open(now: Date): { cookie: string; sid: string };
  /** The session id of a cookie whose MAC is right and which has not expired, else undefined. */
  verify(cookie: string | undefined, now: Date): string | undefined;
  csrfToken(sid: string): string;
  csrfOk(sid: string, token: string | undefined): boolean;
  /** A new log-in nonce (the LOGIN_COOKIE value) and the token its form carries. */
  loginForm(): { nonce: string; token: string };
  loginOk(nonce: string | undefined, token: string | undefined): boolean;
}

const mac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('base64url');

export function adminSessions(cookieSecret: string, adminKeyHash: string): AdminSessions {
  const sessionKey = createHmac('sha256', cookieSecret).update(`cobro admin session\0${adminKeyHash}`).digest();
  const csrfKey = createHmac('sha256', cookieSecret).update(`cobro admin csrf\0${adminKeyHash}`).digest();
  const loginKey = createHmac('sha256', cookieSecret).update('cobro admin login').digest();
  return {
    open(now) {
      const sid = randomBytes(18).toString('base64url');
      const body = `${sid}.${Math.floor(now.getTime() / 1000) + SESSION_TTL_S}`;
      return { sid, cookie: `${body}.${mac(sessionKey, body)}` };
    },
    verify(cookie, now) {
      const m = cookie && /^([A-Za-z0-9_-]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
      if (!m) return undefined;
      if (!sameSecret(mac(sessionKey, `${m[1]}.${m[2]}`), m[3]!)) return undefined;
      return Number(m[2]) * 1000 > now.getTime() ? m[1] : undefined;
    },
    csrfToken: (sid) => mac(csrfKey, sid),
    csrfOk: (sid, token) => typeof token === 'string' && sameSecret(mac(csrfKey, sid), token),
    loginForm() {
      const nonce = randomBytes(18).toString('base64url');
      return { nonce, token: mac(loginKey, nonce) };
    },
    loginOk: (nonce, token) => typeof nonce === 'string' && /^[A-Za-z0-9_-]{24}$/.test(nonce) && typeof token === 'string' && sameSecret(mac(loginKey, nonce), token),
  };
}
