import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, MpError } from '../src/index.ts';

const API = 'https://api.mercadopago.com';

/** A sandbox with a tiny counting write route (registered before the first request). */
function faultySandbox(seed: string) {
  const sb = createSandbox({ seed });
  let writes = 0;
  sb.app.post('/test/writes', (c) => c.json({ writes: ++writes }, 201));
  sb.app.get('/test/items/:id', (c) => c.json({ id: c.req.param('id') }));
  const addFault = async (rule: unknown) => {
    const res = await sb.fetch(`${API}/__sandbox/faults`, { method: 'POST', body: JSON.stringify(rule), headers: { 'content-type': 'application/json' } });
    return { status: res.status, body: await res.json() as Record<string, any> };
  };
  return { sb, addFault, writes: () => writes };
}

test('429 with Retry-After and MP body, once, then the emulator answers again', async () => {
  const { sb, addFault, writes } = faultySandbox('f-1');
  const added = await addFault({ method: 'POST', path: '/test/writes', status: 429, retry_after: 2, once: true });
  assert.equal(added.status, 201);
  assert.equal(added.body.remaining, 1);
  const res = await sb.fetch(`${API}/test/writes`, { method: 'POST' });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '2');
  assert.deepEqual(await res.json(), { message: 'Too many requests', error: 'local_rate_limited', status: 429, cause: [] });
  assert.equal(writes(), 0, 'the emulator never saw the faulted request');
  const ok = await sb.fetch(`${API}/test/writes`, { method: 'POST' });
  assert.equal(ok.status, 201);
  assert.equal(writes(), 1);
  const list = await (await sb.fetch(`${API}/__sandbox/faults`)).json() as { results: unknown[] };
  assert.deepEqual(list.results, [], 'a spent once-rule is gone');
});

test('429 without retry_after still sends Retry-After: 1', async () => {
  const { sb } = faultySandbox('f-1b');
  sb.control.faults.add({ path: '/test/writes', status: 429 });
  const res = await sb.fetch(`${API}/test/writes`, { method: 'POST' });
  assert.equal(res.headers.get('retry-after'), '1');
});

test('5xx with an MP JSON body (Orders shape under /v1/orders), an HTML page, or a given body', async () => {
  const { sb } = faultySandbox('f-2');
  sb.control.faults.add({ path: '/test/items/:id', status: 503 });
  sb.control.faults.add({ path: '/v1/orders/*', status: 500 });
  sb.control.faults.add({ path: '/test/html', status: 502, body: 'html' });
  sb.control.faults.add({ path: '/test/custom', status: 504, body: { message: 'upstream', error: 'gateway_timeout' } });
  const classic = await sb.fetch(`${API}/test/items/7`);
  assert.equal(classic.status, 503);
  assert.deepEqual(await classic.json(), { message: 'Service Unavailable (injected fault)', error: 'service_unavailable', status: 503, cause: [] });
  const orders = await sb.fetch(`${API}/v1/orders/ORD123`);
  assert.equal(orders.status, 500);
  const ob = await orders.json() as { errors: { code: string }[] };
  assert.equal(ob.errors[0].code, 'internal_error');
  const html = await sb.fetch(`${API}/test/html`);
  assert.equal(html.status, 502);
  assert.match(html.headers.get('content-type')!, /^text\/html/);
  const text = await html.text();
  assert.match(text, /<title>502 Bad Gateway<\/title>/);
  assert.throws(() => JSON.parse(text));
  const custom = await sb.fetch(`${API}/test/custom`);
  assert.equal(custom.status, 504);
  assert.deepEqual(await custom.json(), { message: 'upstream', error: 'gateway_timeout' });
});

test('reset rejects the in-process fetch like a dropped connection; the handler never runs', async () => {
  const { sb, writes } = faultySandbox('f-3');
  sb.control.faults.add({ method: 'POST', path: '/test/writes', fault: 'reset', once: true });
  await assert.rejects(sb.fetch(`${API}/test/writes`, { method: 'POST' }), (err: TypeError) => {
    assert.equal(err.message, 'fetch failed');
    assert.equal((err.cause as { code: string }).code, 'ECONNRESET');
    return true;
  });
  assert.equal(writes(), 0);
});

test('commit_then_drop applies the write and loses the response', async () => {
  const { sb, writes } = faultySandbox('f-4');
  sb.control.faults.add({ method: 'POST', path: '/test/writes', fault: 'commit_then_drop', once: true });
  await assert.rejects(sb.fetch(`${API}/test/writes`, { method: 'POST' }), /fetch failed/);
  assert.equal(writes(), 1, 'the write happened');
  const res = await sb.fetch(`${API}/test/writes`, { method: 'POST' });
  assert.deepEqual(await res.json(), { writes: 2 });
});

test('hang never answers until the caller aborts', async () => {
  const { sb, writes } = faultySandbox('f-5');
  sb.control.faults.add({ path: '/test/writes', fault: 'hang', once: true });
  const ctrl = new AbortController();
  let settled = false;
  const p = sb.fetch(`${API}/test/writes`, { method: 'POST', signal: ctrl.signal }).finally(() => { settled = true; });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(settled, false);
  ctrl.abort();
  await assert.rejects(p, { name: 'AbortError' });
  assert.equal(writes(), 0);
});

test('latency_ms delays and then lets the emulator answer; an abort during the wait drops the request', async () => {
  const { sb, writes } = faultySandbox('f-6');
  sb.control.faults.add({ path: '/test/writes', latency_ms: 5, once: true });
  const res = await sb.fetch(`${API}/test/writes`, { method: 'POST' });
  assert.equal(res.status, 201);
  assert.equal(writes(), 1);
  sb.control.faults.add({ path: '/test/writes', latency_ms: 60_000, once: true });
  const ctrl = new AbortController();
  const p = sb.fetch(`${API}/test/writes`, { method: 'POST', signal: ctrl.signal });
  await new Promise((r) => setImmediate(r));
  ctrl.abort();
  await assert.rejects(p, { name: 'AbortError' });
  assert.equal(writes(), 1, 'the handler did not run');
});

test('latency_ms combined with a status answers with the status', async () => {
  const { sb } = faultySandbox('f-6b');
  sb.control.faults.add({ path: '/test/items/:id', latency_ms: 1, status: 500 });
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 500);
});

test('times: n fires n times, counting down in the listing, then falls through', async () => {
  const { sb, addFault } = faultySandbox('f-7');
  const { body: rule } = await addFault({ path: '/test/items/:id', status: 500, times: 2 });
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 500);
  let list = (await (await sb.fetch(`${API}/__sandbox/faults`)).json() as { results: any[] }).results;
  assert.equal(list[0].id, rule.id);
  assert.equal(list[0].remaining, 1);
  assert.equal(list[0].hits, 1);
  assert.equal((await sb.fetch(`${API}/test/items/2`)).status, 500);
  assert.equal((await sb.fetch(`${API}/test/items/3`)).status, 200);
  list = (await (await sb.fetch(`${API}/__sandbox/faults`)).json() as { results: any[] }).results;
  assert.deepEqual(list, []);
});

test('rules without once/times stay until removed; the newest matching rule wins', async () => {
  const { sb } = faultySandbox('f-8');
  const old = sb.control.faults.add({ path: '/test/items/*', status: 500 });
  const newer = sb.control.faults.add({ path: '/test/items/:id', status: 503, once: true });
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 503);
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 500);
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 500);
  assert.deepEqual(sb.control.faults.list().map((r) => [r.id, r.remaining, r.hits]), [[old.id, null, 2]]);
  void newer;
  const del = await sb.fetch(`${API}/__sandbox/faults/${old.id}`, { method: 'DELETE' });
  assert.equal(del.status, 204);
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 200);
  const again = await sb.fetch(`${API}/__sandbox/faults/${old.id}`, { method: 'DELETE' });
  assert.equal(again.status, 404);
  assert.equal((await again.json() as { error: string }).error, 'not_found');
});

test('method, exact path, :param, * and regex matching; unmatched requests fall through', async () => {
  const { sb } = faultySandbox('f-9');
  sb.control.faults.add({ method: 'post', path: '/test/writes', status: 500 });
  assert.equal((await sb.fetch(`${API}/test/writes`)).status, 404, 'GET is not POST: emulator 404');
  assert.equal((await sb.fetch(`${API}/test/writes`, { method: 'POST' })).status, 500);
  assert.equal((await sb.fetch(`${API}/test/writes/extra`, { method: 'POST' })).status, 404, 'exact path only');
  sb.control.faults.clear();
  sb.control.faults.add({ path: '/test/:a/:b', status: 418 + 4 });
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 422);
  assert.equal((await sb.fetch(`${API}/test/items/1/more`)).status, 404);
  sb.control.faults.clear();
  sb.control.faults.add({ path: '^/test/items/\\d+$', status: 409 });
  assert.equal((await sb.fetch(`${API}/test/items/12`)).status, 409);
  assert.equal((await sb.fetch(`${API}/test/items/ab`)).status, 200);
  sb.control.faults.clear();
  sb.control.faults.add({ path: '*', status: 500 });
  assert.equal((await sb.fetch(`${API}/anything/at/all`)).status, 500);
});

test('control routes under /__sandbox/ are never faulted', async () => {
  const { sb } = faultySandbox('f-10');
  sb.control.faults.add({ path: '*', fault: 'reset' });
  const res = await sb.fetch(`${API}/__sandbox/faults`);
  assert.equal(res.status, 200);
  const cleared = await sb.fetch(`${API}/__sandbox/faults`, { method: 'DELETE' });
  assert.deepEqual(await cleared.json(), { deleted: 1 });
  assert.equal((await sb.fetch(`${API}/test/items/1`)).status, 200);
});

test('invalid rules are rejected with 400 naming the field, and add nothing', async () => {
  const { sb, addFault } = faultySandbox('f-11');
  const cases: [unknown, string][] = [
    [{ path: '/x', status: 429, retryAfter: 2 }, 'retryAfter'],
    [{ status: 500 }, 'path'],
    [{ path: 'x', status: 500 }, 'path'],
    [{ path: '^([', status: 500 }, 'path'],
    [{ path: '/v1/orders?status=created', status: 500 }, 'path'],
    [{ path: '/x' }, 'status'],
    [{ path: '/x', status: 200 }, 'status'],
    [{ path: '/x', status: '500' }, 'status'],
    [{ path: '/x', status: 500, times: 0 }, 'times'],
    [{ path: '/x', status: 500, times: 1.5 }, 'times'],
    [{ path: '/x', status: 500, once: true, times: 2 }, 'times'],
    [{ path: '/x', status: 500, once: 'yes' }, 'once'],
    [{ path: '/x', status: 500, fault: 'reset' }, 'fault'],
    [{ path: '/x', fault: 'explode' }, 'fault'],
    [{ path: '/x', retry_after: 1, latency_ms: 1 }, 'retry_after'],
    [{ path: '/x', status: 500, body: 'xml' }, 'body'],
    [{ path: '/x', latency_ms: -1 }, 'latency_ms'],
    [{ path: '/x', method: 'FETCH', status: 500 }, 'method'],
    [{ path: '/x', status: 500, target: 'dns' }, 'target'],
    [{ target: 'webhook', path: '/x', fault: 'drop' }, 'path'],
    [{ target: 'webhook', fault: 'delay' }, 'delay_ms'],
    [{ target: 'webhook', fault: 'drop', delay_ms: 5 }, 'delay_ms'],
    [{ target: 'webhook', fault: 'burn' }, 'fault'],
    [{ target: 'webhook', fault: 'drop', kind: 'email' }, 'kind'],
    [{ target: 'webhook', fault: 'drop', topic: 7 }, 'topic'],
    [[], 'body'],
  ];
  for (const [rule, field] of cases) {
    const { status, body } = await addFault(rule);
    assert.equal(status, 400, JSON.stringify(rule));
    assert.equal(body.error, 'bad_request');
    assert.match(body.message, new RegExp(`^Invalid fault rule: ${field} `), JSON.stringify(rule));
    assert.equal(body.cause[0].data, field);
  }
  const bad = await sb.fetch(`${API}/__sandbox/faults`, { method: 'POST', body: '{nope' });
  assert.equal(bad.status, 400);
  const empty = await sb.fetch(`${API}/__sandbox/faults`, { method: 'POST' });
  assert.equal(empty.status, 400);
  assert.deepEqual(sb.control.faults.list(), []);
  assert.throws(() => sb.control.faults.add({ path: '/x' } as never), (e: MpError) => e instanceof MpError && e.status === 400);
});
