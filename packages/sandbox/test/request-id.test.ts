// Every answer carries an `x-request-id`, as Mercado Pago's do: successes, MP-shaped errors (404 of an unknown
// path, 401, 400, 413), fault answers, idempotent replays, the control plane, over a real port too. Ids are
// UUIDs, one per request, the same run after run under a seed, drawn apart from entity ids, and unlike
// those of an earlier run on the same data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, listen, type Sandbox } from '../src/index.ts';
import { request, sandbox } from './http.ts';
import { newSeller, orderBody } from './orders-helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One order's worth of traffic: the x-request-id of each answer, and the order's id. */
async function traffic(sb: Sandbox, extraReads = 0): Promise<{ ids: string[]; orderId: string }> {
  const s = await newSeller(sb);
  const ids: string[] = [];
  for (let i = 0; i < extraReads; i++) ids.push((await request(sb, 'GET', '/nowhere')).headers.get('x-request-id')!);
  const created = await s.call('POST', '/v1/orders', orderBody(s), { 'x-idempotency-key': 'k-1' });
  assert.equal(created.status, 201, created.text);
  ids.push(created.headers.get('x-request-id')!);
  sb.close();
  return { ids, orderId: created.body.id };
}

test('x-request-id: on successes, MP-shaped errors, fault answers and replays; a UUID per request, never the caller\'s', async () => {
  const sb = sandbox('rid-all');
  const s = await newSeller(sb);
  const body = orderBody(s);
  sb.control.faults.add({ method: 'GET', path: '/v1/orders/:id', status: 503, once: true });
  sb.control.faults.add({ method: 'GET', path: '/stores/:id', status: 502, body: 'html', once: true });
  const answers = [
    ['created', await s.call('POST', '/v1/orders', body, { 'x-idempotency-key': 'k-1' }), 201],
    ['replayed', await s.call('POST', '/v1/orders', body, { 'x-idempotency-key': 'k-1' }), 201],
    ['unknown path', await s.call('GET', '/v1/nowhere'), 404],
    ['no token', await request(sb, 'GET', `/users/${s.id}/stores/search`), 401],
    ['malformed JSON', await s.call('POST', '/pos', '{"name":'), 400],
    ['too large', await s.call('POST', '/pos', { name: 'x'.repeat(1024 * 1024) }), 413],
    ['fault status', await s.call('GET', '/v1/orders/ORD1'), 503],
    ['fault html', await s.call('GET', '/stores/1'), 502],
    ['control plane', await request(sb, 'GET', '/__sandbox/clock'), 200],
    ['caller sent one', await s.call('GET', '/users/me', undefined, { 'x-request-id': 'mine-1' }), 200],
  ] as const;
  const ids = answers.map(([what, r, status]) => {
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 200)}`);
    const id = r.headers.get('x-request-id');
    assert.match(id ?? '', UUID, `${what} carries an x-request-id`);
    return id;
  });
  assert.equal(new Set(ids).size, ids.length, 'one id per request, a replay included');
  assert.notEqual(ids.at(-1), 'mine-1');
  sb.close();
});

test('x-request-id: the same ids under a seed, and requests do not shift entity ids', async () => {
  const a = await traffic(sandbox('rid-seed'));
  const b = await traffic(sandbox('rid-seed'));
  assert.deepEqual(b.ids, a.ids);
  const busier = await traffic(sandbox('rid-seed'), 3);
  assert.equal(busier.orderId, a.orderId, 'three more answers, the same order id');
  assert.notDeepEqual((await traffic(sandbox('rid-other'))).ids, a.ids);
});

test('x-request-id: over a real port, and apart from the ids of an earlier run on the same data directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-rid-'));
  try {
    const seen: string[] = [];
    for (let run = 0; run < 2; run++) {
      const srv = await listen(createSandbox({ seed: 'rid-dir', dataDir: dir }));
      try {
        for (const path of ['/v1/orders/ORD1', '/__sandbox/clock', '/nowhere']) {
          const res = await fetch(`${srv.url}${path}`);
          await res.arrayBuffer();
          assert.match(res.headers.get('x-request-id') ?? '', UUID, path);
          seen.push(res.headers.get('x-request-id')!);
        }
      } finally {
        await srv.close();
      }
    }
    assert.equal(new Set(seen).size, seen.length, 'a restart does not repeat ids');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
