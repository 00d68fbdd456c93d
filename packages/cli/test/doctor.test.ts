// cobro doctor: the setup checklist against the sandbox, item by item, and its exit code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cobro, initDemo, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let receiver: Server;
let hookUrl: string;
before(async () => {
  t = await startSandbox('cli-doctor');
  receiver = createServer((_req, res) => res.writeHead(200).end());
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
});
after(async () => { await t.close(); receiver.close(); });

const byId = (checks: Array<{ id: string; status: string; detail?: string; fix?: string }>) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('cobro doctor', () => {
  it('a complete setup passes every item (exit 0) and says whose the token is', async () => {
    const h = tempHome();
    t.sb.control.apps.update(t.demo.seller.client_id, { redirect_uris: ['http://127.0.0.1:8976/callback'], pkce: true });
    await initDemo(h.dir, t, 'default', ['--redirect-uri', 'http://127.0.0.1:8976/callback', '--webhook-url', hookUrl]);
    const r = await cobro(['doctor', '--json'], h.dir);
    const out = r.json();
    assert.equal(r.code, 0, JSON.stringify(out.checks, null, 1));
    assert.equal(out.ok, true);
    assert.equal(out.sandbox, true);
    const c = byId(out.checks);
    assert.match(c.token.detail!, new RegExp(`user_id ${t.demo.seller.user_id}`));
    assert.match(c.environment.detail!, /production credentials/);
    for (const id of ['site', 'sponsor_id', 'oauth_app', 'redirect_uri', 'pkce', 'stores', 'pos', 'webhook_secret', 'webhook_url']) assert.equal(c[id].status, 'ok', id);
    assert.equal(c.test_buyer.status, 'warn');
    const human = await cobro(['doctor'], h.dir);
    assert.match(human.stdout, /✔ access token valid — belongs to COBRO_DEMO_SELLER \(user_id \d+/);
    assert.match(human.stdout, /all checks passed/);
    h.cleanup();
  });

  it('reports each broken item with its fix and exits 1', async () => {
    const h = tempHome();
    const seller = t.sb.control.accounts.create({ site_id: 'MLA' });
    await cobro(['init', '--base-url', t.url, '--access-token', seller.access_token, '--site', 'MLB', '--sponsor-id', String(seller.user_id),
      '--client-id', seller.client_id, '--client-secret', 'wrong-secret-123'], h.dir);
    const r = await cobro(['doctor', '--json'], h.dir);
    assert.equal(r.code, 1);
    const c = byId(r.json().checks);
    assert.equal(c.site.status, 'fail');
    assert.match(c.site.fix!, /--site MLA/);
    assert.equal(c.sponsor_id.status, 'fail');
    assert.match(c.sponsor_id.detail!, /is the seller itself/);
    assert.equal(c.oauth_app.status, 'fail');
    assert.equal(c.stores.status, 'fail');
    assert.match(c.stores.fix!, /cobro stores create/);
    assert.equal(c.pos.status, 'fail');
    assert.equal(c.webhook_secret.status, 'fail');
    assert.equal(c.webhook_url.status, 'fail');
    const human = await cobro(['doctor'], h.dir);
    assert.match(human.stdout, /✘ sponsor id — \d+ is the seller itself/);
    assert.match(human.stdout, /fix: (npx )?cobro init --sponsor-id/);
    h.cleanup();
  });

  it('a sponsor that is no account, or of the other environment, fails', async () => {
    const h = tempHome();
    await initDemo(h.dir, t, 'default', ['--sponsor-id', '999999999']);
    assert.equal(byId((await cobro(['doctor', '--json'], h.dir)).json().checks).sponsor_id.status, 'fail');
    const testUser = t.sb.control.accounts.create({ site_id: 'MLA', kind: 'test' });
    await cobro(['init', '--sponsor-id', String(testUser.user_id)], h.dir);
    const c = byId((await cobro(['doctor', '--json'], h.dir)).json().checks);
    assert.equal(c.sponsor_id.status, 'fail');
    assert.match(c.sponsor_id.detail!, /mixing/);
    h.cleanup();
  });

  it('a refused token stops the checklist at the first item; an unreachable webhook URL fails', async () => {
    const h = tempHome();
    await cobro(['init', '--base-url', t.url, '--access-token', 'APP_USR-1-000000-deadbeef-2'], h.dir);
    const r = await cobro(['doctor', '--json'], h.dir);
    assert.equal(r.code, 1);
    const checks = r.json().checks;
    assert.equal(checks.length, 1);
    assert.equal(checks[0].status, 'fail');
    assert.match(checks[0].fix, /cobro init --access-token|tokens refresh/);
    await initDemo(h.dir, t, 'default', ['--webhook-url', 'http://127.0.0.1:9/nothing']);
    const c = byId((await cobro(['doctor', '--json'], h.dir)).json().checks);
    assert.equal(c.webhook_url.status, 'fail');
    assert.match(c.webhook_url.detail!, /no answer/);
    h.cleanup();
  });

  it('registered test users count, and one idle close to 60 days is a warning', async () => {
    const h = tempHome();
    await initDemo(h.dir, t);
    const buyer = await cobro(['test-users', 'create', '--role', 'buyer', '--json'], h.dir);
    assert.equal(buyer.code, 0, buyer.stderr);
    const seller = await cobro(['test-users', 'create', '--role', 'seller', '--json'], h.dir);
    assert.equal(seller.code, 0, seller.stderr);
    let c = byId((await cobro(['doctor', '--json'], h.dir)).json().checks);
    assert.equal(c.test_buyer.status, 'ok');
    assert.equal(c.test_seller.status, 'ok');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${h.dir}/test-users.json`;
    const reg = JSON.parse(readFileSync(file, 'utf8'));
    for (const u of reg.users) if (u.role === 'buyer') u.last_used = new Date(Date.now() - 55 * 86_400_000).toISOString();
    writeFileSync(file, JSON.stringify(reg));
    c = byId((await cobro(['doctor', '--json'], h.dir)).json().checks);
    assert.equal(c.test_buyer.status, 'warn');
    assert.match(c.test_buyer.detail!, /idle 55 days/);
    h.cleanup();
  });
});
