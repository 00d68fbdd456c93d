// cobro profiles / logout, environment overrides said out loud, a COBRO_HOME others can read tightened, and
// `cobro start` (npm start) keeping its profile inside the working directory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cobro, initDemo, readProfiles, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
before(async () => {
  t = await startSandbox('cli-profiles');
  home = tempHome();
  await initDemo(home.dir, t);
  await initDemo(home.dir, t, 'other');
});
after(async () => { await t.close(); home.cleanup(); });

describe('cobro profiles and logout', () => {
  it('list marks the default and masks tokens; show names what the environment overrides; every command says so', async () => {
    const list = await cobro(['profiles', 'list'], home.dir);
    assert.match(list.stdout, /^\* default +http:\/\/127\.0\.0\.1:\d+ +MLA +APP_USR-…\w{4}/m);
    assert.match(list.stdout, /^ {2}other /m);
    assert.ok(!list.stdout.includes(t.demo.seller.access_token));
    const show = await cobro(['profiles', 'show', 'other'], home.dir, { COBRO_SITE: 'MLA', COBRO_WEBHOOK_URL: 'http://127.0.0.1:9/h' });
    assert.match(show.stdout, /site +MLA {3}! overridden by COBRO_SITE/);
    assert.match(show.stdout, /webhook_url +\(not stored\) {3}! set by COBRO_WEBHOOK_URL/);
    const pos = await cobro(['pos', 'list', '--json'], home.dir, { COBRO_SITE: 'MLA' });
    assert.equal(pos.code, 0, pos.stderr);
    assert.equal(pos.stderr, 'cobro: the environment overrides profile "default": COBRO_SITE (site)\n');
    const init = await cobro(['init', '--profile', 'other', '--site', 'MLB'], home.dir, { COBRO_SITE: 'MLA' });
    assert.match(init.stderr, /^cobro: saved, but the environment overrides profile "other": COBRO_SITE \(site\)/);
    const doctor = (await cobro(['doctor', '--json'], home.dir, { COBRO_SPONSOR_ID: '1' })).json();
    assert.equal(doctor.checks.find((c: { id: string }) => c.id === 'env_overrides').status, 'warn');
  });

  it('delete removes a profile; logout drops its tokens and secrets but keeps its settings', async () => {
    const del = await cobro(['profiles', 'delete', 'other', '--json'], home.dir);
    assert.deepEqual(del.json(), { ok: true, deleted: 'other' });
    assert.equal((await cobro(['profiles', 'delete', 'other'], home.dir)).code, 2);
    const out = await cobro(['logout'], home.dir);
    assert.match(out.stdout, /✔ logged out of "default": removed access_token, client_secret, webhook_secret/);
    const p = readProfiles(home.dir).profiles.default;
    assert.deepEqual([p.access_token, p.client_secret, p.site, p.sponsor_id], [undefined, undefined, 'MLA', String(t.demo.sponsor_id)]);
    const after = await cobro(['pos', 'list'], home.dir);
    assert.equal(after.code, 2);
    assert.match(after.stderr, /has no access token/);
  });

  it('a COBRO_HOME others can read is tightened to 0700/0600, and says so', async () => {
    const h = tempHome();
    writeFileSync(join(h.dir, 'profiles.json'), '{"profiles":{}}', { mode: 0o644 });
    chmodSync(h.dir, 0o755);
    const r = await cobro(['profiles', 'list', '--json'], h.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(h.dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(h.dir, 'profiles.json')).mode & 0o777, 0o600);
    assert.match(r.stderr, /tightened .* from mode 755 to 700: it holds credentials/);
    h.cleanup();
  });
});
