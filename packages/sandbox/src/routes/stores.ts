// Stores (spec §4): `/users/{user_id}/stores…` (the user must be the token's owner) and `GET /stores/{id}`.
import { Hono } from 'hono';
import { authenticate, readJson, readObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { page, parsePaging } from '../kit/paging.ts';
import { classicFieldError } from '../kit/validation.ts';
import { parseStoreBody, STORE_SEARCH_EXTERNAL_ID } from '../catalog/store-validation.ts';
import { createStore, deleteStore, ownStore, renderStore, searchStores, updateStore } from '../catalog/stores.ts';

/** Default page size of the store search (spec §4.3). */
const STORE_SEARCH_LIMIT = 30;

/** `{user_id}` must be numeric and the token's owner (spec §4: otherwise 403). */
function pathUser(c: Ctx): number {
  const raw = c.req.param('user_id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw classicError(400, 'INVALID_USER_ID', `Invalid user_id: ${raw}.`);
  const { account } = c.get('auth');
  if (Number(raw) !== account.id) {
    throw classicError(403, 'forbidden', `The access token does not belong to user ${raw}.`);
  }
  return account.id;
}

function pathStoreId(c: Ctx): string {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw classicError(400, 'INVALID_STORE_ID', `Invalid store id: ${raw}.`);
  return String(Number(raw));
}

export function storeRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'classic');

  app.post('/users/:user_id/stores', auth, async (c) => {
    pathUser(c);
    const body = await readObject(c, 'classic', { required: true });
    const input = parseStoreBody(body!, 'create');
    const store = createStore(state, c.get('auth').account, input);
    return c.json(renderStore(state, store), state.opts.storeCreateStatus);
  });

  app.get('/users/:user_id/stores/search', auth, (c) => {
    const userId = pathUser(c);
    const externalId = c.req.query('external_id');
    if (externalId !== undefined && !STORE_SEARCH_EXTERNAL_ID.test(externalId)) {
      throw classicFieldError('external_id', 'must be alphanumeric and up to 60 characters (the search filter)', 'INVALID_EXTERNAL_ID');
    }
    const paging = parsePaging(c.req.query('offset'), c.req.query('limit'), STORE_SEARCH_LIMIT);
    return c.json(page(searchStores(state, userId, externalId), paging, (s) => renderStore(state, s)));
  });

  app.get('/stores/:id', auth, (c) => {
    const store = ownStore(state, c.get('auth').account.id, pathStoreId(c));
    return c.json(renderStore(state, store, 'get'));
  });

  app.put('/users/:user_id/stores/:id', auth, async (c) => {
    const userId = pathUser(c);
    const store = ownStore(state, userId, pathStoreId(c));
    const body = await readObject(c, 'classic', { required: true });
    const input = parseStoreBody(body!, 'update', store.location);
    updateStore(state, c.get('auth').account, store, input);
    return c.json(renderStore(state, store));
  });

  app.delete('/users/:user_id/stores/:id', auth, async (c) => {
    const userId = pathUser(c);
    const store = ownStore(state, userId, pathStoreId(c));
    const body = await readJson(c, 'classic');
    if (body !== undefined && !(typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)) {
      const field = typeof body === 'object' && body !== null ? Object.keys(body)[0] : String(body);
      throw classicError(400, 'UNKNOWN_FIELD', `DELETE takes no body; unknown field: ${field}.`);
    }
    deleteStore(state, store);
    return c.json({ store: Number(store.id), user: userId });
  });

  return app;
}
