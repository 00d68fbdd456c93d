// POS (spec §5): `/pos` and `/pos/{id}`. The owner is the token's account (no user id in the path).
import { Hono } from 'hono';
import { authenticate, readJson, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { page, parsePaging } from '../kit/paging.ts';
import { parsePosBody } from '../catalog/pos-validation.ts';
import { createPos, deletePos, ownPos, renderPos, searchPos, updatePos, type PosFilter } from '../catalog/pos.ts';

/** Default page size of the POS search (not in the spec; UNCONFIRMED). */
const POS_SEARCH_LIMIT = 50;

function pathPosId(c: Ctx): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw classicError(400, 'INVALID_POS_ID', `Invalid POS id: ${raw}.`);
  return Number(raw);
}

/** A body is required: none at all is MISSING_BODY (spec §5.3). */
async function body(c: Ctx): Promise<Record<string, unknown>> {
  const b = await readJson(c, 'classic');
  if (b === undefined) throw classicError(400, 'MISSING_BODY', 'The request body is required.');
  if (typeof b !== 'object' || b === null || Array.isArray(b)) {
    throw classicError(400, 'bad_request', 'The request body must be a JSON object.');
  }
  return b as Record<string, unknown>;
}

const origin = (c: Ctx): string => new URL(c.req.url).origin;

export function posRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'classic');

  app.post('/pos', auth, async (c) => {
    const { account } = c.get('auth');
    const input = parsePosBody(state, account, await body(c), 'create');
    const pos = createPos(state, account, input);
    return c.json(renderPos(state, pos, origin(c), 'create'), state.opts.posCreateStatus);
  });

  app.get('/pos', auth, (c) => {
    const q = (k: string) => {
      const v = c.req.query(k);
      return v === '' ? undefined : v;
    };
    const f: PosFilter = { external_id: q('external_id'), external_store_id: q('external_store_id') };
    const storeId = q('store_id');
    if (storeId !== undefined) {
      if (!/^\d{1,15}$/.test(storeId)) throw classicError(400, 'INVALID_STORE_ID', 'store_id must be numeric.');
      f.store_id = String(Number(storeId));
    }
    const category = q('category');
    if (category !== undefined) {
      if (!/^\d{1,15}$/.test(category)) throw classicError(400, 'INVALID_CATEGORY', 'category must be numeric.');
      f.category = Number(category);
    }
    const paging = parsePaging(c.req.query('offset'), c.req.query('limit'), POS_SEARCH_LIMIT);
    const o = origin(c);
    return c.json(page(searchPos(state, c.get('auth').account.id, f), paging, (p) => renderPos(state, p, o, 'search')));
  });

  app.get('/pos/:id', auth, (c) => {
    const pos = ownPos(state, c.get('auth').account.id, pathPosId(c));
    return c.json(renderPos(state, pos, origin(c), 'detail'));
  });

  app.put('/pos/:id', auth, async (c) => {
    const { account } = c.get('auth');
    const pos = ownPos(state, account.id, pathPosId(c));
    const input = parsePosBody(state, account, await body(c), 'update', pos);
    updatePos(state, pos, input);
    return c.json(renderPos(state, pos, origin(c), 'detail'));
  });

  app.delete('/pos/:id', auth, (c) => {
    const pos = ownPos(state, c.get('auth').account.id, pathPosId(c));
    deletePos(state, pos);
    return state.opts.posDeleteStatus === 204 ? c.body(null, 204) : c.json({}, 200);
  });

  return app;
}
