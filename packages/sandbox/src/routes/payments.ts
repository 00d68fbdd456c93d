// Classic payments (spec §8.3–8.5): `GET /v1/payments/{id}`, `GET /v1/payments/search`, and refunds
// `POST|GET /v1/payments/{id}/refunds[/{refund_id}]`. A seller sees only payments it collected.
import { Hono } from 'hono';
import { authenticate, readJson, isObject, type Ctx, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import type { Payment } from '../model.ts';
import { classicError } from '../errors.ts';
import { parseAmountNumber } from '../money.ts';
import { paymentJson, paymentRefunds, refundJson } from '../payments/payment-json.ts';
import { refundPayment } from '../payments/payment-refunds.ts';
import { cancelPayment } from '../payments/payment-cancel.ts';
import { SORTS, searchPayments, type Sort } from '../payments/payment-search.ts';
import { badRequest, classicFieldError } from '../kit/validation.ts';
import { forResource, idempotent } from '../middleware/idempotency.ts';
import { parseSearchDate } from '../kit/search-dates.ts';
import { intQuery } from '../kit/paging.ts';

/** Page size when `limit` is absent, and the largest accepted (UNCONFIRMED for QR; MP documents 30 / 1000). */
const DEFAULT_LIMIT = 30;
const MAX_LIMIT = 1000;

/** Query parameters that shape the search rather than filter on a payment field. */
const SEARCH_PARAMS = ['sort', 'criteria', 'range', 'begin_date', 'end_date', 'limit', 'offset', 'access_token'];

export function paymentRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  app.use('/v1/payments/*', authenticate(state, 'classic'));

  const ownPayment = (c: Ctx): Payment => {
    const raw = c.req.param('id') ?? '';
    const p = /^\d{1,15}$/.test(raw) ? state.payments.get(Number(raw)) : undefined;
    if (!p || p.collectorId !== c.get('auth').account.id) {
      throw classicError(404, 'not_found', 'Payment not found', [{ code: 2000, description: 'Payment not found', data: null }]);
    }
    return p;
  };

  app.get('/v1/payments/search', (c) => {
    const { account } = c.get('auth');
    const q = (k: string) => c.req.query(k);
    const num = (k: string, dflt: number, min: number, max: number) =>
      intQuery(q(k), dflt, min, max, () => badRequest(`${k} must be an integer between ${min} and ${max}.`));
    const offset = num('offset', 0, 0, 1e9);
    const limit = num('limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
    const sort = (q('sort') || 'date_created') as Sort;
    if (!SORTS.includes(sort)) throw badRequest(`sort must be one of ${SORTS.join(', ')}.`);
    const criteria = q('criteria') || 'desc';
    if (criteria !== 'asc' && criteria !== 'desc') throw badRequest('criteria must be asc or desc.');
    const range = (q('range') || 'date_created') as Sort;
    if (!SORTS.includes(range)) throw badRequest(`range must be one of ${SORTS.join(', ')}.`);
    const bound = (k: string) => {
      const v = q(k);
      if (v === undefined || v === '') return undefined;
      const ms = parseSearchDate(v, state.now());
      if (ms === undefined) throw badRequest(`${k} must be an ISO-8601 date or NOW[-+]n(DAYS|HOURS|…).`);
      return ms;
    };
    const filters = Object.entries(c.req.query()).filter(([k, v]) => !SEARCH_PARAMS.includes(k) && v !== '');
    const all = searchPayments(state, account.id, {
      sort, criteria, range, begin: bound('begin_date'), end: bound('end_date'), filters,
    });
    return c.json({
      paging: { total: all.length, limit, offset },
      results: all.slice(offset, offset + limit).map((p) => paymentJson(state, p)),
    }, 200);
  });

  app.get('/v1/payments/:id', (c) => c.json(paymentJson(state, ownPayment(c)), 200));

  // Only `{"status":"cancelled"}` is emulated (the update QR integrations use); any other field is named in a 400
  // rather than silently ignored.
  app.put('/v1/payments/:id', async (c) => {
    const p = ownPayment(c);
    const body = await readJson(c, 'classic', { required: true });
    if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
    const extra = Object.keys(body).find((k) => k !== 'status');
    if (extra !== undefined) throw classicFieldError(extra, 'is not a field the sandbox updates (send {"status":"cancelled"})');
    if (body.status !== 'cancelled') throw classicFieldError('status', 'must be "cancelled"', 'invalid_status');
    return c.json(paymentJson(state, cancelPayment(state, p)), 200);
  });

  app.post('/v1/payments/:id/refunds', (c) => {
    const { account } = c.get('auth');
    return idempotent(state, c, { shape: 'classic', required: false, scope: account.id }, async () => {
      const p = ownPayment(c);
      const body = await readJson(c, 'classic');
      if (body !== undefined && !isObject(body)) throw badRequest('The request body must be a JSON object.');
      // A misspelt `amount` must not turn a partial refund into a total one.
      const extra = body === undefined ? undefined : Object.keys(body).find((k) => k !== 'amount');
      if (extra !== undefined) throw badRequest(`${extra} is not a field of a refund (send {} for a total refund or {"amount": n}).`);
      let amount: number | undefined;
      const raw = body?.amount;
      // A total refund is a body without `amount`: a null one is a client bug, not a request for everything.
      if (raw !== undefined) {
        if (typeof raw !== 'number') throw badRequest(`amount must be a number (leave it out for a total refund), got ${raw === null ? 'null' : typeof raw}.`);
        const site = state.site(p.site_id);
        amount = parseAmountNumber(raw, site);
        if (amount === undefined) {
          throw classicError(400, 'invalid_refund_amount',
            `amount must be a positive number with ${site.decimals === 0 ? 'no decimals' : `at most ${site.decimals} decimals`} (${site.currency}).`);
        }
      }
      const refund = refundPayment(state, p, amount);
      return forResource(c.json(refundJson(state, refund), 201), String(p.id));
    });
  });

  app.get('/v1/payments/:id/refunds', (c) => {
    const p = ownPayment(c);
    return c.json(paymentRefunds(state, p.id).map((r) => refundJson(state, r)), 200);
  });

  app.get('/v1/payments/:id/refunds/:refund_id', (c) => {
    const p = ownPayment(c);
    const r = state.paymentRefunds.get(Number(c.req.param('refund_id')));
    if (!r || r.payment_id !== p.id) throw classicError(404, 'not_found', 'Refund not found');
    return c.json(refundJson(state, r), 200);
  });

  return app;
}
