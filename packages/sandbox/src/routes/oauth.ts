// OAuth (spec §2): the consent page (`GET/POST /authorization`, MP serves it on auth.mercadopago.com; any
// origin reaches it here) and `POST /oauth/token`.
//
// Consenting from a script, without a browser: POST /authorization with a form or JSON body holding the
// authorization parameters (client_id, response_type=code, redirect_uri, state, code_challenge,
// code_challenge_method) plus `email` (or nickname), `password` and `decision` ("allow", the default, or
// "deny"). The answer is the same 302 a browser gets: read `code` and `state` from its Location header.
// JSON requests get JSON errors (classic shape); form requests get HTML pages.
import { Hono, type Context } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { signIn } from '../identity/sign-in.ts';
import { denyConsent, exchangeToken, grantConsent, validateAuthorize, type AuthorizeQuery } from '../identity/oauth.ts';
import { consentPage, errorPage } from './authorization-page.ts';

const AUTH_FIELDS = ['client_id', 'response_type', 'redirect_uri', 'state', 'platform_id', 'code_challenge', 'code_challenge_method'] as const;

function pick(src: Record<string, unknown>): AuthorizeQuery {
  const q: AuthorizeQuery = {};
  for (const f of AUTH_FIELDS) {
    const v = src[f];
    if (typeof v === 'string') q[f] = v;
    else if (typeof v === 'number') q[f] = String(v);
  }
  return q;
}

function isJson(c: Context): boolean {
  return /application\/json/i.test(c.req.header('content-type') ?? '');
}

const oauthError = (error: string, message: string) => classicError(400, error, message);

export function oauthRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/authorization', (c) => {
    const v = validateAuthorize(state, pick(c.req.query()));
    if ('error' in v) return c.html(errorPage(v.error, v.message), 400);
    return c.html(consentPage(v, state.accounts.get(v.app.ownerId)));
  });

  app.post('/authorization', async (c) => {
    const json = isJson(c);
    let body: Record<string, unknown>;
    try {
      body = json ? await c.req.json() : await c.req.parseBody() as Record<string, unknown>;
    } catch {
      body = {};
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) body = {};
    const fail = (status: 400 | 401, error: string, message: string, page: () => ReturnType<typeof errorPage>) => {
      if (json) { const e = classicError(status, error, message); return c.json(e.body, status); }
      return c.html(page(), status);
    };

    const v = validateAuthorize(state, pick(body));
    if ('error' in v) return fail(400, v.error, v.message, () => errorPage(v.error, v.message));
    const decision = body.decision ?? 'allow';
    if (decision === 'deny') return c.redirect(denyConsent(v), 302);
    if (decision !== 'allow') return fail(400, 'invalid_request', 'decision must be "allow" or "deny".', () => errorPage('invalid_request', 'decision must be "allow" or "deny".'));

    const login = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const owner = state.accounts.get(v.app.ownerId);
    const who = signIn(state, login, password);
    if ('error' in who) return fail(401, who.error, who.message, () => consentPage(v, owner, { error: who.message, login }));
    const { redirect_url } = grantConsent(state, v, who.account);
    return c.redirect(redirect_url, 302);
  });

  app.post('/oauth/token', async (c) => {
    if (new URL(c.req.url).search.length > 1) {
      throw oauthError('invalid_request', 'Parameters must be sent in the request body, not in the query string.');
    }
    const text = await c.req.text();
    let params: Record<string, unknown>;
    if (/application\/x-www-form-urlencoded/i.test(c.req.header('content-type') ?? '')) {
      // A Map, not `k in {}`: a field named `constructor` or `__proto__` is a field, not a prototype lookup.
      const fields = new Map<string, string>();
      for (const [k, val] of new URLSearchParams(text)) {
        if (fields.has(k)) throw oauthError('invalid_request', `Duplicated parameter: ${k}.`);
        fields.set(k, val);
      }
      params = Object.fromEntries(fields);
    } else {
      let parsed: unknown = {};
      if (text.trim() !== '') {
        try { parsed = JSON.parse(text); } catch { throw oauthError('invalid_request', 'The request body is not valid JSON.'); }
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw oauthError('invalid_request', 'The request body must be a JSON object.');
      }
      params = parsed as Record<string, unknown>;
    }
    return c.json(exchangeToken(state, params), 200);
  });

  return app;
}
