// `/__sandbox/` control of accounts, apps and OAuth links (HTTP twin of control/accounts.ts).
//   POST  /__sandbox/accounts                    → 201 account with credentials
//   GET   /__sandbox/accounts, /__sandbox/accounts/{id}
//   POST  /__sandbox/accounts/{id}/revoke         {client_id}  the seller unlinks an app
//   POST  /__sandbox/accounts/{id}/password       {password?}  password change: OAuth tokens die
//   POST  /__sandbox/accounts/{id}/tokens         {client_id?} a fresh panel token
//   POST  /__sandbox/apps                         → 201 an app of an existing account
//   GET   /__sandbox/apps/{client_id}, PATCH /__sandbox/apps/{client_id}
//   POST  /__sandbox/authorize                    {client_id, user_id, redirect_uri?, state?, code_challenge?, …}
import { Hono, type Context } from 'hono';
import { readObject, type Env } from '../http.ts';
import { rejectUnknownFields } from '../kit/validation.ts';
import type { SandboxState } from '../state.ts';
import { accountsControl, type AuthorizeInput, type CreateAccountInput, type CreateAppInput, type UpdateAppInput } from '../control/accounts.ts';

export function controlAccountRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const { accounts, apps } = accountsControl(state);
  const body = async (c: Context) => (await readObject(c, 'classic')) ?? {};
  const id = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : raw) as number;

  app.post('/__sandbox/accounts', async (c) => c.json(accounts.create(await body(c) as unknown as CreateAccountInput), 201));
  app.get('/__sandbox/accounts', (c) => c.json(accounts.list(), 200));
  app.get('/__sandbox/accounts/:id', (c) => c.json(accounts.get(id(c.req.param('id'))), 200));
  app.post('/__sandbox/accounts/:id/revoke', async (c) => {
    const b = await body(c);
    rejectUnknownFields(b, ['client_id'], 'revoke');
    return c.json(accounts.revokeApp(id(c.req.param('id')), b.client_id as string), 200);
  });
  app.post('/__sandbox/accounts/:id/password', async (c) => {
    const b = await body(c);
    rejectUnknownFields(b, ['password'], 'a password change');
    return c.json(accounts.changePassword(id(c.req.param('id')), b.password as string | undefined), 200);
  });
  app.post('/__sandbox/accounts/:id/tokens', async (c) => {
    const b = await body(c);
    rejectUnknownFields(b, ['client_id'], 'a token request');
    return c.json(accounts.issueToken(id(c.req.param('id')), b.client_id as string | undefined), 201);
  });
  app.post('/__sandbox/apps', async (c) => c.json(apps.create(await body(c) as unknown as CreateAppInput), 201));
  app.get('/__sandbox/apps/:client_id', (c) => c.json(apps.get(c.req.param('client_id')), 200));
  app.patch('/__sandbox/apps/:client_id', async (c) =>
    c.json(apps.update(c.req.param('client_id'), await body(c) as UpdateAppInput), 200));
  app.post('/__sandbox/authorize', async (c) => c.json(accounts.authorize(await body(c) as unknown as AuthorizeInput), 200));
  return app;
}
