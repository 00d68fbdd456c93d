// The OpenAPI document is the app: every route the app serves is in it (and nothing it does not serve), the
// request examples pass the routes' own schemas (and the app accepts them), real answers match the documented
// response for their status, and /docs is one self-contained page listing every operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, GATEWAY, control, testGateway, type TestGateway } from './gateway-helpers.ts';
import { testDatabases } from './db-helpers.ts';
import { OPERATIONS, type Operation } from '../src/http/openapi/operations.ts';

const template = (honoPath: string) => honoPath.replace(/:([A-Za-z_]+)/g, '{$1}');

function operationFor(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((op) => op.method === method.toLowerCase() && new RegExp(`^${op.path.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

/** Call the app and check the answer against the documented response for its status. */
async function call(gw: TestGateway, method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers, ...(opts.key && { authorization: `Bearer ${opts.key}` }) };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await gw.app.request(`${GATEWAY}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const op = operationFor(method, path.split('?')[0]!);
  assert.ok(op, `${method} ${path} is documented`);
  const documented = op.responses[String(res.status)];
  const text = await res.text();
  if (documented?.schema && (res.headers.get('content-type') ?? '').startsWith('application/json')) {
    const r = documented.schema.safeParse(JSON.parse(text));
    assert.ok(r.success, `${method} ${path} → ${res.status} matches its schema: ${JSON.stringify(r.error?.issues)}`);
  } else if (!documented) {
    // Errors not listed per operation are the one error shape (the document's `default`).
    const { errorBody } = await import('../src/http/openapi/responses.ts');
    assert.ok(errorBody.safeParse(JSON.parse(text)).success, `${method} ${path} → ${res.status}: ${text}`);
  }
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text, op };
}

const example = (id: string) => OPERATIONS.find((o) => o.id === id)!.body!.example as any;

for (const target of testDatabases()) {
  test(`${target.name}: every served route is documented, and every documented operation is served`, async () => {
    const gw = await testGateway(await target.open(), `openapi-routes-${target.name}`);
    const served = new Set(gw.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method.toLowerCase()} ${template(r.path)}`));
    const doc = await (await gw.app.request(`${GATEWAY}/openapi.json`)).json() as any;
    assert.equal(doc.openapi, '3.1.0');
    for (const route of served) {
      const [method, path] = route.split(' ') as [string, string];
      assert.ok(doc.paths[path]?.[method], `${route} is in /openapi.json`);
    }
    for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) assert.ok(served.has(`${method} ${path}`), `${method} ${path} is documented but not served`);
    }
    assert.ok(served.size >= 26, `${served.size} routes`);
    // Security schemes, the error shape, and every $ref resolves.
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['adminKey', 'deviceKey', 'metricsToken']);
    assert.equal(doc.paths['/api/charges'].post.security[0].deviceKey.length, 0);
    assert.ok(doc.paths['/admin/api/sellers'].get.security[0].adminKey);
    for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []) {
      const name = ref.slice(8, -1).split('/').pop()!;
      assert.ok(doc.components.schemas[name], `${ref} resolves`);
    }
    const ids = OPERATIONS.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  test(`${target.name}: request examples pass the routes' schemas and the app; answers match the documented responses`, async () => {
    for (const op of OPERATIONS) {
      if (op.body) assert.ok(op.body.schema.safeParse(op.body.example).success, `${op.id}'s example validates`);
    }
    const gw = await testGateway(await target.open(), `openapi-answers-${target.name}`);
    const { seller } = (await gw.connect(await gw.shop('MLA'))).body;
    const admin = ADMIN_KEY;
    const store = await call(gw, 'POST', `/admin/api/sellers/${seller.id}/stores`, { key: admin, body: example('createStore') });
    assert.equal(store.status, 201);
    const pos = await call(gw, 'POST', `/admin/api/sellers/${seller.id}/pos`, { key: admin, body: example('createPos') });
    assert.equal(pos.status, 201);
    assert.equal((await call(gw, 'POST', `/admin/api/sellers/${seller.id}/pos`, { key: admin, body: example('createPos') })).status, 200);
    for (const path of ['/admin/api/sellers', `/admin/api/sellers/${seller.id}`, `/admin/api/sellers/${seller.id}/stores`, `/admin/api/sellers/${seller.id}/pos`]) {
      assert.equal((await call(gw, 'GET', path, { key: admin })).status, 200);
    }
    const key = await call(gw, 'POST', `/admin/api/sellers/${seller.id}/pos/${pos.body.id}/device-keys`, { key: admin, body: example('createDeviceKey') });
    assert.equal(key.status, 201);
    const code = await call(gw, 'POST', `/admin/api/sellers/${seller.id}/pos/${pos.body.id}/pairing-codes`, { key: admin });
    const paired = await call(gw, 'POST', '/api/pair', { body: { ...example('pairTerminal'), code: code.body.code } });
    assert.equal(paired.status, 201);
    assert.equal((await call(gw, 'GET', `/admin/api/sellers/${seller.id}/pos/${pos.body.id}/device-keys`, { key: admin })).status, 200);
    assert.equal((await call(gw, 'DELETE', `/admin/api/sellers/${seller.id}/pos/${pos.body.id}/device-keys/${paired.body.id}`, { key: admin })).status, 204);
    const t = key.body.key;
    assert.equal((await call(gw, 'GET', '/api/pos', { key: t })).status, 200);
    const created = await call(gw, 'POST', '/api/charges', { key: t, body: example('createCharge'), headers: { 'idempotency-key': 'doc-1' } });
    assert.equal(created.status, 201);
    assert.equal((await call(gw, 'POST', '/api/charges', { key: t, body: example('createCharge'), headers: { 'idempotency-key': 'doc-1' } })).status, 200);
    const id = created.body.id;
    assert.equal((await call(gw, 'GET', `/api/charges/${id}`, { key: t })).status, 200);
    assert.equal((await call(gw, 'GET', `/api/charges/${id}/events?wait=0`, { key: t })).status, 200);
    assert.equal((await call(gw, 'GET', `/api/charges/${id}/qr.svg`, { key: t })).status, 200);
    await control(gw.sb, 'POST', '/__sandbox/pay', { qr_data: created.body.qr_data, card: 'APRO' });
    await gw.charges.reconcile(id);
    const refund = await call(gw, 'POST', `/api/charges/${id}/refunds`, { key: t, body: example('refundCharge'), headers: { 'idempotency-key': 'doc-r1' } });
    assert.equal(refund.status, 202, JSON.stringify(refund.body));
    assert.equal((await call(gw, 'POST', `/api/charges/${id}/cancel`, { key: t })).status, 409);
    // Errors: the one shape, with the fields named.
    const bad = await call(gw, 'POST', '/api/charges', { key: t, body: { amount: 12 }, headers: { 'idempotency-key': 'doc-2' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.fields.map((f: any) => f.field), ['amount']);
    assert.equal((await call(gw, 'GET', '/api/charges/chg_nope', { key: t })).status, 404);
    assert.equal((await call(gw, 'GET', '/admin/api/sellers')).status, 401);
    const hook = await call(gw, 'POST', '/webhooks/mercadopago', { body: { ...example('mercadopagoWebhook'), user_id: seller.mp_user_id } });
    assert.equal(hook.status, 200);
    for (const path of ['/healthz', '/readyz', '/metrics', '/connect', '/admin/api/outbox']) {
      assert.ok([200, 302].includes((await call(gw, 'GET', path, { key: admin })).status), path);
    }
  });
}

test('/docs is one self-contained page listing every operation with its parameters, bodies and responses', async () => {
  const [target] = testDatabases();
  const gw = await testGateway(await target!.open(), 'openapi-docs');
  const res = await gw.app.request(`${GATEWAY}/docs`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/html/);
  const html = await res.text();
  for (const op of OPERATIONS) assert.ok(html.includes(`id="${op.id}"`), `${op.id} is on the page`);
  assert.match(html, /Idempotency-Key/);
  assert.match(html, /Café y medialunas/, 'request examples are shown');
  assert.match(html, /id="schema-Charge"/);
  assert.doesNotMatch(html, /<script|<link|(src|href)="(https?:)?\/\//i, 'nothing loaded from elsewhere');
});
