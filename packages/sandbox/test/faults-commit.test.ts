// The commit-then faults: the emulator handles the request (the order exists), then the answer is lost
// (`commit_then_drop`), replaced by a 5xx (`commit_then_error`: a gateway in front of MP that gave up), or never
// comes (`commit_then_hang`). On MP's own endpoints, in process and over a real port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listen, type Sandbox } from '../src/index.ts';
import { API, request, sandbox } from './http.ts';
import { newSeller, orderBody } from './orders-helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const stats = async (sb: Sandbox) => (await request(sb, 'GET', '/__sandbox/stats')).body as { orders: number; pos: number };

test('commit_then_error: the order is created, the caller gets a 5xx in MP\'s shape; the same key then answers the 201', async () => {
  const sb = sandbox('fc-error');
  const s = await newSeller(sb);
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_error', status: 502, once: true });
  const body = orderBody(s, { external_reference: 'fc-1' });
  const failed = await s.call('POST', '/v1/orders', body, { 'x-idempotency-key': 'fc-key-1' });
  assert.equal(failed.status, 502);
  assert.deepEqual(failed.body.errors.map((e: { code: string }) => e.code), ['bad_gateway']);
  assert.match(failed.headers.get('x-request-id') ?? '', UUID);
  // The retry a client makes with the same key finds the order the first request created.
  const again = await s.call('POST', '/v1/orders', body, { 'x-idempotency-key': 'fc-key-1' });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.external_reference, 'fc-1');
  assert.equal((await stats(sb)).orders, 1, 'one order, created by the failed call');

  // Default status 500; classic shape off /v1/orders; an HTML page like a proxy's.
  sb.control.faults.add({ method: 'POST', path: '/pos', fault: 'commit_then_error', once: true });
  const pos = await s.call('POST', '/pos', { name: 'Caja 9', fixed_amount: true, external_store_id: s.storeExternalId, external_id: 'FCPOS9' });
  assert.equal(pos.status, 500);
  assert.equal(pos.body.error, 'internal_error');
  const listed = await s.call('GET', '/pos?external_id=FCPOS9');
  assert.equal(listed.body.results.length, 1, 'the POS was created');
  assert.equal((await s.call('GET', `/pos/${listed.body.results[0].id}`)).status, 200);
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_error', status: 504, body: 'html', once: true });
  const html = await s.call('POST', '/v1/orders', orderBody(s, { external_reference: 'fc-2', config: { qr: { external_pos_id: s.pos2ExternalId, mode: 'dynamic' } } }), { 'x-idempotency-key': 'fc-key-2' });
  assert.equal(html.status, 504);
  assert.match(html.text, /<h1>504 Gateway Time-out<\/h1>/);
  sb.close();
});

test('commit_then_hang: the order is created, no answer until the caller gives up; the same key then answers the 201', async () => {
  const sb = sandbox('fc-hang');
  const s = await newSeller(sb);
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_hang', once: true });
  const body = JSON.stringify(orderBody(s, { external_reference: 'fc-3' }));
  const headers = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', 'x-idempotency-key': 'fc-key-3' };
  const ctrl = new AbortController();
  let settled = false;
  const p = sb.fetch(`${API}/v1/orders`, { method: 'POST', headers, body, signal: ctrl.signal }).finally(() => { settled = true; });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'no answer');
  assert.equal((await stats(sb)).orders, 1, 'the order exists meanwhile');
  ctrl.abort();
  await assert.rejects(p, { name: 'AbortError' });
  const again = await sb.fetch(`${API}/v1/orders`, { method: 'POST', headers, body });
  assert.equal(again.status, 201);
  assert.equal((await stats(sb)).orders, 1);
  sb.close();
});

test('commit_then_error and commit_then_hang over a real port: the order exists either way', async (t) => {
  const sb = sandbox('fc-port');
  const srv = await listen(sb);
  t.after(srv.close);
  const s = await newSeller(sb);
  const post = (ref: string, pos: string, signal?: AbortSignal) => fetch(`${srv.url}/v1/orders`, {
    method: 'POST', signal, body: JSON.stringify(orderBody(s, { external_reference: ref, config: { qr: { external_pos_id: pos, mode: 'dynamic' } } })),
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', 'x-idempotency-key': `port-${ref}` },
  });
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_error', status: 503, once: true });
  const failed = await post('fc-4', s.posExternalId);
  assert.equal(failed.status, 503);
  assert.deepEqual(((await failed.json()) as { errors: { code: string }[] }).errors.map((e) => e.code), ['service_unavailable']);
  assert.match(failed.headers.get('x-request-id') ?? '', UUID);
  assert.equal((await stats(sb)).orders, 1);
  sb.control.faults.add({ method: 'POST', path: '/v1/orders', fault: 'commit_then_hang', once: true });
  await assert.rejects(post('fc-5', s.pos2ExternalId, AbortSignal.timeout(100)), { name: 'TimeoutError' });
  assert.equal((await stats(sb)).orders, 2);
  // The server keeps serving.
  assert.equal((await fetch(`${srv.url}/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV`, { headers: { authorization: `Bearer ${s.token}` } })).status, 404);
});

test('commit-then rules are validated: commit_then_error takes a 5xx only, the others no status', async () => {
  const sb = sandbox('fc-rules');
  const cases: [unknown, string][] = [
    [{ path: '/x', fault: 'commit_then_error', status: 404 }, 'status'],
    [{ path: '/x', fault: 'commit_then_error', status: 600 }, 'status'],
    [{ path: '/x', fault: 'commit_then_hang', status: 500 }, 'fault'],
    [{ path: '/x', fault: 'commit_then_drop', status: 502 }, 'fault'],
    [{ path: '/x', fault: 'commit_then_hang', body: 'html' }, 'body'],
  ];
  for (const [rule, field] of cases) {
    const r = await request(sb, 'POST', '/__sandbox/faults', rule);
    assert.equal(r.status, 400, JSON.stringify(rule));
    assert.match(r.body.message, new RegExp(`^Invalid fault rule: ${field} `), JSON.stringify(rule));
    assert.equal(r.body.cause[0].data, field);
  }
  const ok = await request(sb, 'POST', '/__sandbox/faults', { path: '/x', fault: 'commit_then_error', retry_after: 3 });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.status, 500, 'defaults to 500');
  assert.deepEqual(sb.control.faults.list().map((r) => r.id), [ok.body.id], 'the refused rules added nothing');
  sb.close();
});
