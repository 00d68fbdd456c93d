// The gateway as `npm run gateway` starts it: embedded PGlite and sandbox in a data folder, a demo seller connected
// through OAuth, a POS with a device key; a charge paid by the test buyer over real ports; a restart keeps it all
// (and shows no key again); a second process on the same folder is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startGateway } from '../src/main.ts';
import { createLogger } from '../src/log.ts';

const quiet = () => {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) as never) };
};

test('embedded: start, charge, pay, restart with the same seller; the folder is one process', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'cobro-gw-')), 'data');
  const log = quiet();
  const gw = await startGateway({ env: {}, port: 0, dataDir, logger: log.logger });
  let closed = false;
  try {
    assert.ok(gw.sandboxUrl);
    assert.deepEqual(await fetch(`${gw.url}/readyz`).then((r) => r.json()), { ready: true });
    const key = gw.demo!.pos.device_key!;
    assert.match(key, /^cbk_/);
    const res = await fetch(`${gw.url}/api/charges`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'sale-1' }, body: '{"amount":"150.50"}',
    });
    const c = await res.json() as any;
    assert.equal(res.status, 201, JSON.stringify(c));
    const pay = await fetch(`${gw.sandboxUrl}/__sandbox/pay`, { method: 'POST', body: JSON.stringify({ qr_data: c.qr_data, card: 'APRO' }) });
    assert.equal(pay.ok, true);
    // The sandbox's webhook reaches the gateway, whose worker reconciles: the terminal's long-poll sees it.
    const watched = await fetch(`${gw.url}/api/charges/${c.id}/events?wait=20&after=2`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as any;
    assert.equal(watched.charge.status, 'approved');
    await assert.rejects(startGateway({ env: {}, port: 0, dataDir, logger: quiet().logger }), /in use by process/);
    await gw.close();
    closed = true;
    const again = await startGateway({ env: {}, port: 0, dataDir, logger: quiet().logger });
    try {
      assert.equal(again.demo!.seller.id, gw.demo!.seller.id);
      assert.equal(again.demo!.pos.id, gw.demo!.pos.id);
      assert.equal(again.demo!.pos.device_key, undefined, 'the key is shown only on the start that made it');
      const kept = await fetch(`${again.url}/api/charges/${c.id}`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as any;
      assert.equal(kept.status, 'approved');
    } finally {
      await again.close();
    }
    // No token, secret or key in any log line.
    const logs = log.lines.join('');
    assert.match(logs, /gateway started/);
    const identity = JSON.parse(readFileSync(join(dataDir, 'embedded.json'), 'utf8'));
    const secrets = [key, identity.integrator.client_secret, identity.integrator.webhook_secret, identity.shop.password,
      readFileSync(join(dataDir, 'encryption.key'), 'utf8').trim().split(':')[1], readFileSync(join(dataDir, 'admin-api.key'), 'utf8').trim()];
    for (const secret of secrets) assert.equal(logs.includes(secret), false, 'a secret reached a log line');
    assert.doesNotMatch(logs, /APP_USR-|TG-\w/, 'no access token or authorization code in the logs');
  } finally {
    if (!closed) await gw.close();
  }
});

test('configuration problems are all named before anything starts', async () => {
  await assert.rejects(startGateway({ env: { MP_CLIENT_ID: '1', PORT: 'x' }, logger: quiet().logger }), (e: Error) => /MP_CLIENT_SECRET is required when MP_CLIENT_ID is set/.test(e.message) && /PORT must be/.test(e.message));
});
