// Test users (spec §1): created by a production account's token, at most `testUserLimit` active at once;
// one idle past `testUserIdleDays` expires and frees its slot. Each gets its own app and APP_USR token,
// which MP's response never shows: read them from the control plane (`GET /__sandbox/accounts/{id}`).
import { Hono } from 'hono';
import { authenticate, readObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { Account } from '../model.ts';
import { classicError } from '../errors.ts';
import { SITE_IDS, isSiteId } from '../sites.ts';
import { activeTestUsers, createTestUser, refreshTestUserStatus, testUserPassword } from '../identity/accounts.ts';
import { invalidateOAuthTokens } from '../identity/oauth.ts';
import { parseAmountNumber } from '../money.ts';

function productiveCaller(c: Ctx): Account {
  const { account } = c.get('auth');
  if (account.kind !== 'production') throw classicError(403, 'forbidden', 'the caller id must be a productive user');
  return account;
}

export function testUserRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'classic');

  const create = (extended: boolean) => async (c: Ctx) => {
    const caller = productiveCaller(c);
    const body = (await readObject(c, 'classic')) ?? {};
    const site = body.site_id;
    if (site === undefined || site === null || site === '') {
      throw classicError(400, 'bad_request', 'site_id is required.', [{ code: 'invalid_site_id', description: 'site_id is required', data: null }]);
    }
    if (!isSiteId(site)) {
      throw classicError(400, 'bad_request', `Invalid site_id: must be one of ${SITE_IDS.join(', ')}.`,
        [{ code: 'invalid_site_id', description: `invalid site_id ${JSON.stringify(site)}`, data: null }]);
    }
    if (body.description !== undefined && typeof body.description !== 'string') {
      throw classicError(400, 'bad_request', 'description must be a string.');
    }
    const limit = state.opts.testUserLimit;
    if (activeTestUsers(state, caller.id).length >= limit) {
      throw classicError(400, 'test_user_limit_reached',
        `The caller already has ${limit} active test users; a test user frees its slot after ${state.opts.testUserIdleDays} days without activity.`);
    }
    const { account } = createTestUser(state, caller, { site_id: site, description: body.description as string | undefined });
    const base = { id: account.id, nickname: account.nickname, password: account.password, site_status: 'active', email: account.email };
    if (!extended) return c.json(base, 200);
    return c.json({
      ...base,
      site_id: account.site_id,
      description: account.description ?? '',
      date_created: state.classicTime(account.created, account.site_id),
      date_last_updated: state.classicTime(account.created, account.site_id),
    }, 200);
  };

  app.post('/users/test_user', auth, create(false));
  app.post('/users/test', auth, create(true));

  app.get('/test_user/search', auth, (c) => {
    const caller = productiveCaller(c);
    const results = [...state.accounts.values()]
      .filter((a) => a.kind === 'test' && a.parentId === caller.id)
      .map((a) => ({
        id: a.id,
        nickname: a.nickname,
        site_status: refreshTestUserStatus(state, a) === 'active' ? 'active' : 'deactive',
        site_id: a.site_id,
        email: a.email,
        date_created: state.classicTime(a.created, a.site_id),
        date_last_updated: state.classicTime(a.lastActivity, a.site_id),
      }));
    return c.json({ total: results.length, results }, 200);
  });

  /** One of the caller's own test users, or 404 (another account's test user is not confirmed to exist). */
  const ownTestUser = (c: Ctx): Account => {
    const caller = productiveCaller(c);
    const user = state.accounts.get(Number(c.req.param('id')));
    if (!user || user.kind !== 'test' || user.parentId !== caller.id) {
      throw classicError(404, 'not_found', `Test user ${c.req.param('id')} not found.`);
    }
    return user;
  };

  app.put('/test_user/:id/password', auth, (c) => {
    const user = ownTestUser(c);
    user.password = testUserPassword(state);
    invalidateOAuthTokens(state, user.id);
    return c.json({ message: 'password successfully reset', new_password: user.password }, 200);
  });

  // Spec §1.2 (legacy reference, UNCONFIRMED still live): credits the test user's balance; each call adds.
  app.put('/test_user/:id/account_money', auth, async (c) => {
    const user = ownTestUser(c);
    const body = (await readObject(c, 'classic')) ?? {};
    const site = state.site(user.site_id);
    const extra = Object.keys(body).find((k) => k !== 'amount');
    const amount = parseAmountNumber(body.amount, site);
    if (extra !== undefined || amount === undefined || amount <= 0) {
      throw classicError(400, 'invalid-amount', extra !== undefined
        ? `${extra} is not a field of account_money (send {"amount": number}).`
        : `amount must be a positive number with at most ${site.decimals} decimals (${site.currency}).`);
    }
    const total = (user.account_money ?? 0) + amount;
    if (!Number.isSafeInteger(total)) throw classicError(400, 'invalid-amount', 'amount would overflow the balance.');
    user.account_money = total;
    return c.body(null, 204);
  });

  return app;
}
