// Both of MP's error shapes (and HTML/empty bodies) map to the right subclass and code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RequestSender, MercadoPagoError, BadRequestError, AuthenticationError, PermissionError, NotFoundError, ConflictError,
  IdempotencyError, LockedError, RateLimitError, ServerError,
} from '../src/index.ts';
import { json, recording, sandbox, sandboxSeller } from './helpers.ts';

async function failWith(res: Response): Promise<MercadoPagoError> {
  const sender = new RequestSender({ transport: async () => res.clone(), maxRetries: 0 });
  const err = await sender.send({ method: 'POST', path: '/v1/orders', body: {} }).catch((e) => e);
  assert.ok(err instanceof MercadoPagoError, String(err));
  return err;
}

test('classic shape: message, error, cause; x-request-id kept', async () => {
  const err = await failWith(json(400, {
    message: 'invalid external_id', error: 'invalid_external_id', status: 400,
    cause: [{ code: 'invalid_external_id', description: 'must be alphanumeric', data: null }],
  }, { 'x-request-id': 'r-1' }));
  assert.ok(err instanceof BadRequestError);
  assert.equal(err.status, 400);
  assert.equal(err.code, 'invalid_external_id');
  assert.equal(err.message, 'invalid external_id');
  assert.deepEqual(err.cause, [{ code: 'invalid_external_id', description: 'must be alphanumeric', data: null }]);
  assert.equal(err.requestId, 'r-1');
  assert.equal(err.headers['x-request-id'], 'r-1');
  assert.equal((err.raw as { error: string }).error, 'invalid_external_id');
  assert.equal(err.name, 'BadRequestError');
});

test('classic variants: errorKey instead of error, causes instead of cause, numeric cause codes', async () => {
  const err = await failWith(json(404, { message: 'Store not found', errorKey: 'store_not_found', status: 404, causes: [{ code: 2034, description: 'x' }] }));
  assert.ok(err instanceof NotFoundError);
  assert.equal(err.code, 'store_not_found');
  assert.deepEqual(err.cause, [{ code: 2034, description: 'x' }]);
});

test('Orders shape: errors[0].code and message, details kept', async () => {
  const err = await failWith(json(422, { errors: [{ code: 'property_value', message: 'total_amount is invalid', details: ['total_amount must be a string'] }] }));
  assert.ok(err instanceof BadRequestError);
  assert.equal(err.status, 422);
  assert.equal(err.code, 'property_value');
  assert.equal(err.message, 'total_amount is invalid');
  assert.deepEqual(err.cause, [{ code: 'property_value', description: 'total_amount is invalid', details: ['total_amount must be a string'] }]);
});

test('status → subclass', async () => {
  const cases: Array<[number, string, new (...a: never[]) => MercadoPagoError]> = [
    [401, 'unauthorized', AuthenticationError],
    [403, 'forbidden', PermissionError],
    [409, 'cannot_cancel_order', ConflictError],
    [409, 'idempotency_key_already_used', IdempotencyError],
    [423, 'locked', LockedError],
    [429, 'local_rate_limited', RateLimitError],
    [500, 'internal_error', ServerError],
    [502, 'bad_gateway', ServerError],
  ];
  for (const [status, code, cls] of cases) {
    const err = await failWith(json(status, { errors: [{ code, message: code, details: [] }] }));
    assert.ok(err instanceof cls, `${status} ${code} → ${err.name}`);
    assert.equal(err.code, code);
  }
  const plainConflict = await failWith(json(409, { message: 'x', error: 'cannot_cancel_order', status: 409, cause: [] }));
  assert.ok(!(plainConflict instanceof IdempotencyError));
  const other = await failWith(json(402, { errors: [{ code: 'failed', message: 'payment failed', details: [] }] }));
  assert.equal(other.constructor, MercadoPagoError);
  assert.equal(other.status, 402);
});

test('HTML and empty bodies still give a typed error with a useful message', async () => {
  const html = await failWith(new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }));
  assert.ok(html instanceof ServerError);
  assert.equal(html.code, undefined);
  assert.equal(html.message, 'POST /v1/orders failed with HTTP 502 and a non-JSON body');
  assert.equal(html.raw, '<html><body>502 Bad Gateway</body></html>');
  const empty = await failWith(new Response('', { status: 401 }));
  assert.ok(empty instanceof AuthenticationError);
  assert.equal(empty.message, 'POST /v1/orders failed with HTTP 401 and an empty body');
});

test('the sandbox\'s own errors: bad token → AuthenticationError, unknown path → NotFoundError', async () => {
  const sb = sandbox('errors');
  const seller = await sandboxSeller(sb);
  const { fetch } = recording(sb.fetch);
  const bad = new RequestSender({ accessToken: 'APP_USR-0000000000000000-000000-00000000000000000000000000000000-1', transport: fetch });
  const e1 = await bad.send({ method: 'GET', path: '/users/me' }).catch((e) => e);
  assert.ok(e1 instanceof AuthenticationError, String(e1));
  assert.equal(e1.status, 401);
  assert.ok(!e1.message.includes('APP_USR'));
  const good = new RequestSender({ accessToken: seller.accessToken, transport: fetch });
  const e2 = await good.send({ method: 'GET', path: '/no/such/thing' }).catch((e) => e);
  assert.ok(e2 instanceof NotFoundError);
  assert.equal(e2.code, 'not_found');
});
