// Every HTTP fault over a real socket (listen() from server.ts): global fetch and undici see what they
// would see from a misbehaving Mercado Pago.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { createSandbox, listen } from '../src/index.ts';

async function served(seed: string) {
  const sb = createSandbox({ seed });
  let writes = 0;
  sb.app.post('/test/writes', (c) => c.json({ writes: ++writes }, 201));
  sb.app.get('/test/items/:id', (c) => c.json({ id: c.req.param('id') }));
  const srv = await listen(sb);
  return { sb, srv, writes: () => writes };
}

test('reset: global fetch and undici both fail, the handler never ran', async (t) => {
  const { sb, srv, writes } = await served('fp-1');
  t.after(srv.close);
  sb.control.faults.add({ method: 'POST', path: '/test/writes', fault: 'reset', times: 2 });
  await assert.rejects(fetch(`${srv.url}/test/writes`, { method: 'POST' }), /fetch failed/);
  await assert.rejects(request(`${srv.url}/test/writes`, { method: 'POST' }), (e: Error & { code?: string }) => {
    assert.match(String(e.code), /UND_ERR_SOCKET|ECONNRESET/);
    return true;
  });
  assert.equal(writes(), 0);
  const ok = await fetch(`${srv.url}/test/writes`, { method: 'POST' });
  assert.equal(ok.status, 201);
});

test('commit_then_drop: the call fails over the wire but the write was applied', async (t) => {
  const { sb, srv, writes } = await served('fp-2');
  t.after(srv.close);
  sb.control.faults.add({ method: 'POST', path: '/test/writes', fault: 'commit_then_drop', times: 2 });
  await assert.rejects(fetch(`${srv.url}/test/writes`, { method: 'POST' }), /fetch failed/);
  await assert.rejects(request(`${srv.url}/test/writes`, { method: 'POST' }));
  assert.equal(writes(), 2);
  const ok = await (await fetch(`${srv.url}/test/writes`, { method: 'POST' })).json();
  assert.deepEqual(ok, { writes: 3 });
});

test('hang: the client times out; the sandbox keeps serving', async (t) => {
  const { sb, srv, writes } = await served('fp-3');
  t.after(srv.close);
  sb.control.faults.add({ path: '/test/writes', fault: 'hang', once: true });
  await assert.rejects(fetch(`${srv.url}/test/writes`, { method: 'POST', signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
  assert.equal(writes(), 0);
  assert.equal((await fetch(`${srv.url}/test/items/1`)).status, 200);
});

test('429 Retry-After, HTML 5xx and latency over the wire; control routes answer', async (t) => {
  const { sb, srv } = await served('fp-4');
  t.after(srv.close);
  const add = await fetch(`${srv.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ path: '/test/items/:id', status: 429, retry_after: 3, once: true }) });
  assert.equal(add.status, 201);
  sb.control.faults.add({ path: '/test/page', status: 503, body: 'html', once: true });
  const limited = await request(`${srv.url}/test/items/1`);
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['retry-after'], '3');
  assert.equal((await limited.body.json() as { error: string }).error, 'local_rate_limited');
  const html = await fetch(`${srv.url}/test/page`);
  assert.equal(html.status, 503);
  assert.match(await html.text(), /<h1>503 Service Unavailable<\/h1>/);
  sb.control.faults.add({ path: '/test/items/:id', latency_ms: 20, once: true });
  const slow = await fetch(`${srv.url}/test/items/9`);
  assert.deepEqual(await slow.json(), { id: '9' });
  sb.control.faults.add({ path: '*', fault: 'reset' });
  const listed = await fetch(`${srv.url}/__sandbox/faults`);
  assert.equal(listed.status, 200);
});
