// Legacy in-store QR orders (spec §6): attended PUT/GET/DELETE on a POS (with and without `stores/…` in the
// path: CONFLICT, both accepted), dynamic POST and hybrid PUT on `/qrs`, and the oldest `/mpmobile` API.
import { Hono } from 'hono';
import { authenticate, readJson, readObject, isObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { Account, InstoreOrder, Pos } from '../model.ts';
import { classicError } from '../errors.ts';
import { dynamicQr } from '../catalog/emvco.ts';
import { parseLegacyOrderBody } from '../legacy/legacy-body.ts';
import { attachedOrder, closeInstoreOrder, createInstoreOrder } from '../legacy/legacy.ts';
import { invalidPreferenceBody, mpmobileJson, parseMpmobileBody, parseTtl } from '../legacy/mpmobile.ts';
import { assertPosInStore, collectorPos } from '../legacy/collector-pos.ts';

const ATTENDED = '/instore/qr/seller/collectors/:user_id/pos/:external_pos_id/orders';
const ATTENDED_IN_STORE = '/instore/qr/seller/collectors/:user_id/stores/:external_store_id/pos/:external_pos_id/orders';
const QRS = '/instore/orders/qr/seller/collectors/:user_id/pos/:external_pos_id/qrs';
const MPMOBILE = '/mpmobile/instore/qr/:user_id/:external_id';

/** The token's account and the POS the path names (legacy/collector-pos.ts says who may use which). */
function sellerPos(state: SandboxState, c: Ctx, externalPosId: string, badUserKey?: string): { account: Account; pos: Pos } {
  const { account } = c.get('auth');
  return { account, pos: collectorPos(state, account, c.req.param('user_id') ?? '', externalPosId, badUserKey) };
}

/** The app and kind of credentials that create an order (test credentials make it not live). */
function tokenOf(c: Ctx): { clientId: string; testCredentials: boolean } {
  const { token } = c.get('auth');
  return { clientId: token.clientId, testCredentials: token.test };
}

function merchantName(a: Account): string {
  return `${a.first_name} ${a.last_name}`.toUpperCase();
}

/** A v2 body that must be a JSON object: anything else is reported as the missing first field. */
async function v2Body(c: Ctx): Promise<Record<string, unknown>> {
  return (await readObject(c, 'classic')) ?? {};
}

/** GET of the attended order: an array of the POS's orders, as the reference's sample (spec §14) — the one
 *  waiting — each the request body as sent plus `user_id` and `external_pos_id`. */
function attendedJson(o: InstoreOrder): Record<string, unknown>[] {
  return [{ ...o.raw, user_id: String(o.userId), external_pos_id: o.external_pos_id }];
}

export function instoreRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const auth = authenticate(state, 'classic');
  app.use('/instore/*', auth);
  app.use('/mpmobile/*', auth);

  const putAttended = async (c: Ctx) => {
    const { account, pos } = sellerPos(state, c, c.req.param('external_pos_id') ?? '');
    const storeExt = c.req.param('external_store_id');
    if (storeExt !== undefined) assertPosInStore(state, account, pos, storeExt);
    const raw = await v2Body(c);
    const body = parseLegacyOrderBody(state, raw, account);
    createInstoreOrder(state, { ...body, model: 'attended', collector: account, ...tokenOf(c), pos, raw });
    return c.body(null, 204);
  };
  app.put(ATTENDED, putAttended);
  app.put(ATTENDED_IN_STORE, putAttended);

  app.get(ATTENDED, (c) => {
    const { pos } = sellerPos(state, c, c.req.param('external_pos_id'));
    const order = attachedOrder(state, pos.id);
    if (!order) throw classicError(404, 'point_of_sale_in_store_order_not_found', 'No associated order found.');
    return c.json(attendedJson(order), 200);
  });

  // Deleting when nothing is attached is a no-op 204: the reference documents no 404 for DELETE.
  app.delete(ATTENDED, (c) => {
    const { pos } = sellerPos(state, c, c.req.param('external_pos_id'));
    const order = attachedOrder(state, pos.id);
    if (order) closeInstoreOrder(state, order, 'deleted');
    return c.body(null, 204);
  });

  // Dynamic (POST) and hybrid (PUT: also attached to the POS's static QR). Both answer 201 with the QR data
  // (spec §6.3: the hybrid "empty 201" CONFLICT is resolved towards the body, which clients can ignore).
  for (const model of ['dynamic', 'hybrid'] as const) {
    const handler = async (c: Ctx) => {
      const { account, pos } = sellerPos(state, c, c.req.param('external_pos_id') ?? '');
      const raw = await v2Body(c);
      const body = parseLegacyOrderBody(state, raw, account);
      const order = createInstoreOrder(state, { ...body, model, collector: account, ...tokenOf(c), pos, raw });
      const qr_data = dynamicQr(state.site(account.site_id), order.in_store_order_id, merchantName(account));
      return c.json({ qr_data, in_store_order_id: order.in_store_order_id }, 201);
    };
    if (model === 'dynamic') app.post(QRS, handler); else app.put(QRS, handler);
  }

  app.post(MPMOBILE, async (c) => {
    const { account, pos } = sellerPos(state, c, c.req.param('external_id'), 'invalid_collector_id');
    const ttl = parseTtl(c.req.header('x-ttl-store-preference'));
    let raw: unknown;
    try {
      raw = await readJson(c, 'classic');
    } catch {
      throw invalidPreferenceBody();
    }
    if (!isObject(raw)) throw invalidPreferenceBody();
    const body = parseMpmobileBody(state, raw, account);
    const order = createInstoreOrder(state, {
      ...body, expiresAt: state.now() + ttl, model: 'mpmobile', collector: account,
      ...tokenOf(c), pos, raw, id: `${account.id}-${state.rng.uuid()}`,
    });
    return c.json(mpmobileJson(state, order), 200);
  });

  const mpmobileOrder = (c: Ctx) => {
    const { pos } = sellerPos(state, c, c.req.param('external_id') ?? '', 'invalid_collector_id');
    const order = attachedOrder(state, pos.id);
    return order?.model === 'mpmobile' ? order : undefined;
  };
  app.get(MPMOBILE, (c) => {
    const order = mpmobileOrder(c);
    if (!order) throw classicError(404, 'point_of_sale_in_store_order_not_found', 'No associated order found.');
    return c.json(mpmobileJson(state, order), 200);
  });
  app.delete(MPMOBILE, (c) => {
    const order = mpmobileOrder(c);
    if (order) closeInstoreOrder(state, order, 'deleted');
    return c.body(null, 204);
  });

  return app;
}
