// Generated runs against the charge API. Bad bodies: thousands of seeded malformed requests must each get a 4xx
// that names the field (never a 5xx) and create nothing. Tenant isolation: thousands of requests with seller A's
// device key against seller B's charges must all be 404, with nothing changed and nothing of B's in an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATEWAY, testGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const BAD_VALUES: readonly unknown[] = [
  null, true, 0, -1, 1e308, '', ' ', '12,50', '-5', '0', '1.234', 'abc', '1e3', '١٢٣', '9'.repeat(40), [], {}, [1], { a: 1 },
  'x'.repeat(200), '\u0000', '<script>', 'DROP TABLE charges;', '__proto__',
];

function badBody(r: () => number): { body: string; contentType?: string } {
  const kind = r();
  if (kind < 0.1) return { body: pick(r, ['{', '[1,', '"str"', '12', 'null', '{"amount":"1.00"', '\u0000']) };
  if (kind < 0.15) return { body: '{"amount":"1.00"}', contentType: pick(r, ['text/plain', 'application/x-www-form-urlencoded']) };
  const body: Record<string, unknown> = { amount: '10.00' };
  const field = pick(r, ['amount', 'description', 'items', 'mode', 'external_reference', 'extra', '__proto__', 'constructor']);
  if (field === 'items') body.items = pick(r, [[], [{}], [{ title: 'x', unit_price: '1.00' }], [{ title: 'x', unit_price: 'abc', quantity: 1 }], [{ title: 'x', unit_price: '1.00', quantity: 0 }], 'items']);
  else if (field === 'amount') body.amount = pick(r, BAD_VALUES);
  else if (field === 'mode') body.mode = pick(r, ['qr', 'STATIC', '', 1, null]);
  else if (field === 'external_reference') body.external_reference = pick(r, ['a b', 'x'.repeat(65), '', 'ñ', 1]);
  else if (field === 'description') body.description = pick(r, ['', 'x'.repeat(151), 1, null, []]);
  // An unknown field, also named like an Object.prototype member (written into the JSON text: assigning
  // `__proto__` on an object would set its prototype instead of adding a key).
  else return { body: `{"amount":"10.00",${JSON.stringify(field)}:${JSON.stringify(pick(r, BAD_VALUES))}}` };
  return { body: JSON.stringify(body) };
}

async function count(db: any): Promise<number> {
  return Number((await db.selectFrom('charges').select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

for (const target of testDatabases()) {
  test(`${target.name}: 5,000 generated bad charge bodies → 4xx naming the field, never 5xx, nothing created`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `gen-1-${target.name}`);
    const t = await gw.terminalOf();
    const r = rng(20261201);
    const before = await count(db.db);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const { body, contentType } = badBody(r);
      const res = await gw.app.request(`${GATEWAY}/api/charges`, {
        method: 'POST', body,
        headers: { authorization: `Bearer ${t.key}`, 'content-type': contentType ?? 'application/json', 'idempotency-key': `gen-${i}` },
      });
      const json = await res.json() as any;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok(res.status >= 400 && res.status < 500, `#${i} ${body} → ${res.status} ${JSON.stringify(json)}`);
      assert.ok(json.error?.code && json.error.message && json.error.request_id, `#${i} ${body}: ${JSON.stringify(json)}`);
      if (res.status === 400 && json.error.code === 'invalid_request') assert.ok(json.error.fields?.[0]?.field, `#${i} names no field: ${JSON.stringify(json)}`);
    }
    assert.equal(await count(db.db), before, 'no charge was created');
    assert.ok((statuses.get(400) ?? 0) > 4000, JSON.stringify([...statuses]));
  });

  test(`${target.name}: 10,000 generated requests with seller A's key against seller B's charges: 0 leaks`, async () => {
    const db = await target.open();
    const gw = await testGateway(db, `gen-2-${target.name}`);
    const a = await gw.terminalOf();
    const b = await gw.terminalOf();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await gw.app.request(`${GATEWAY}/api/charges`, {
        method: 'POST', headers: { authorization: `Bearer ${b.key}`, 'content-type': 'application/json', 'idempotency-key': `b-${i}` }, body: `{"amount":"${i + 1}.00","mode":"dynamic"}`,
      });
      ids.push((await res.json() as any).id);
    }
    const snapshot = JSON.stringify(await db.db.selectFrom('charges').selectAll().orderBy('id').execute());
    const r = rng(7);
    const routes = [
      (id: string) => ['GET', `/charges/${id}`],
      (id: string) => ['POST', `/charges/${id}/cancel`],
      (id: string) => ['POST', `/charges/${id}/refunds`],
      (id: string) => ['GET', `/charges/${id}/events?wait=0`],
      (id: string) => ['GET', `/charges/${id}/qr.png`],
      (id: string) => ['GET', `/charges/${id}/qr.svg`],
    ] as const;
    for (let i = 0; i < 10_000; i++) {
      const id = pick(r, ids);
      const [method, path] = pick(r, routes)(r() < 0.1 ? id.toUpperCase() : id);
      const res = await gw.app.request(`${GATEWAY}/api${path}`, {
        method, headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json', 'idempotency-key': `x-${i}` }, body: method === 'POST' ? '{}' : undefined,
      });
      const text = await res.text();
      assert.equal(res.status, 404, `#${i} ${method} ${path} → ${res.status} ${text}`);
      for (const leak of [...ids, String(b.shop.user_id), b.pos.id]) assert.equal(text.includes(leak) && !path.includes(leak), false, `#${i} leaks ${leak}`);
    }
    assert.equal(JSON.stringify(await db.db.selectFrom('charges').selectAll().orderBy('id').execute()), snapshot, 'nothing of B changed');
  });
}
