// Test users (spec §1) over HTTP: parse, call identity/test-users.ts, render. Each test user gets its own app and
// APP_USR token, which MP's response never shows: read them from the control plane (`GET /__sandbox/accounts/{id}`).
import { Hono } from 'hono';
import { authenticate, readObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { refreshTestUserStatus } from '../identity/accounts.ts';
import { creditTestUser, newTestUser, ownTestUser, resetTestUserPassword, testUsersOf } from '../identity/test-users.ts';

export function testUserRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'classic');

  const create = (extended: boolean) => async (c: Ctx) => {
    const account = newTestUser(state, c.get('auth').account, (await readObject(c, 'classic')) ?? {});
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
    const results = testUsersOf(state, c.get('auth').account).map((a) => ({
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

  app.put('/test_user/:id/password', auth, (c) => {
    const user = ownTestUser(state, c.get('auth').account, c.req.param('id'));
    return c.json({ message: 'password successfully reset', new_password: resetTestUserPassword(state, user) }, 200);
  });

  app.put('/test_user/:id/account_money', auth, async (c) => {
    const user = ownTestUser(state, c.get('auth').account, c.req.param('id'));
    creditTestUser(state, user, (await readObject(c, 'classic')) ?? {});
    return c.body(null, 204);
  });

  return app;
}
