// cobro test-users: MP test users with a local registry (the password is shown once by MP), the 10-user
// limit and the 60-day idle warning.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cobro, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
before(async () => { t = await startSandbox('cli-test-users'); });
after(() => t.close());

async function owner() {
  const h = tempHome();
  const acc = t.sb.control.accounts.create({ site_id: 'MLA' });
  await cobro(['init', '--base-url', t.url, '--access-token', acc.access_token, '--site', 'MLA'], h.dir);
  return h;
}

describe('cobro test-users', () => {
  it('create keeps id, nickname, email, password (encrypted), role, site and dates; list shows them back', async () => {
    const h = await owner();
    const r = await cobro(['test-users', 'create', '--role', 'buyer', '--site', 'MLA', '--description', 'caja', '--json'], h.dir);
    assert.equal(r.code, 0, r.stderr);
    const created = r.json().test_user;
    assert.equal(created.role, 'buyer');
    assert.ok(created.password);
    const account = t.sb.control.accounts.get(created.id);
    assert.equal(account.kind, 'test');
    const file = join(h.dir, 'test-users.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!readFileSync(file, 'utf8').includes(created.password), 'password encrypted at rest');
    const list = await cobro(['test-users', 'list', '--show-passwords', '--json'], h.dir);
    const [u] = list.json().users;
    assert.deepEqual([u.id, u.nickname, u.email, u.password, u.role, u.site], [created.id, created.nickname, created.email, created.password, 'buyer', 'MLA']);
    assert.ok(u.created && u.last_used);
    const human = await cobro(['test-users', 'list'], h.dir);
    assert.match(human.stdout, new RegExp(`${created.id}\\s+${created.nickname}\\s+buyer\\s+MLA`));
    assert.ok(!human.stdout.includes(created.password));
    assert.match(human.stdout, /1 of 10/);
    h.cleanup();
  });

  it('forget removes a user from the registry; an unknown one is exit 2', async () => {
    const h = await owner();
    const { test_user } = (await cobro(['test-users', 'create', '--role', 'seller', '--json'], h.dir)).json();
    const r = await cobro(['test-users', 'forget', test_user.nickname, '--json'], h.dir);
    assert.equal(r.code, 0);
    assert.equal((await cobro(['test-users', 'list', '--json'], h.dir)).json().count, 0);
    const again = await cobro(['test-users', 'forget', String(test_user.id)], h.dir);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /no test user/);
    h.cleanup();
  });

  it('warns at the 10th user, and the 11th is MP\'s refusal in one line', async () => {
    const h = tempHome();
    const acc = t.sb.control.accounts.create({ site_id: 'MLA' });
    await cobro(['init', '--base-url', t.url, '--access-token', acc.access_token, '--site', 'MLA'], h.dir);
    // Nine made earlier (at MP and in the registry), without nine slow CLI runs.
    const users = [];
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${t.url}/users/test_user`, {
        method: 'POST', headers: { authorization: `Bearer ${acc.access_token}`, 'content-type': 'application/json' }, body: '{"site_id":"MLA"}',
      });
      const u = await res.json() as { id: number; nickname: string; email: string; password: string };
      const now = new Date().toISOString();
      users.push({ ...u, role: 'buyer', site: 'MLA', profile: 'default', created: now, last_used: now });
    }
    writeFileSync(join(h.dir, 'test-users.json'), JSON.stringify({ users }));
    const tenth = (await cobro(['test-users', 'create', '--role', 'buyer', '--json'], h.dir)).json();
    assert.equal(tenth.count, 10);
    assert.match(tenth.warnings[0], /MP allows 10/);
    const eleventh = await cobro(['test-users', 'create', '--role', 'buyer'], h.dir);
    assert.equal(eleventh.code, 1);
    assert.equal(eleventh.stderr.trim().split('\n').length, 1);
    assert.match(eleventh.stderr, /already has 10 active test users/);
    assert.equal((await cobro(['test-users', 'list', '--json'], h.dir)).json().count, 10);
    h.cleanup();
  });

  it('list warns about users idle close to 60 days', async () => {
    const h = await owner();
    await cobro(['test-users', 'create', '--role', 'buyer'], h.dir);
    const file = join(h.dir, 'test-users.json');
    const reg = JSON.parse(readFileSync(file, 'utf8'));
    reg.users[0].last_used = new Date(Date.now() - 52 * 86_400_000).toISOString();
    writeFileSync(file, JSON.stringify(reg));
    const r = (await cobro(['test-users', 'list', '--json'], h.dir)).json();
    assert.match(r.warnings[0], /idle 52 days: MP deletes test users after 60/);
    h.cleanup();
  });

  it('bad input: unknown site, unknown role, missing role → exit 2 and nothing written', async () => {
    const h = await owner();
    for (const args of [['--role', 'buyer', '--site', 'XYZ'], ['--role', 'admin'], []]) {
      const r = await cobro(['test-users', 'create', ...args], h.dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.equal(existsSync(join(h.dir, 'test-users.json')), false);
    h.cleanup();
  });
});
