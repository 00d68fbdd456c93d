// One command, one resource: `cobro stores create` and `cobro pos create` against a sandbox whose answer is
// lost after the create committed (commit-then-drop) get the resource back instead of an error or a
// duplicate; a create that cannot be looked up says the outcome is unknown and how to check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cobro, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
let userId: number;
before(async () => {
  t = await startSandbox('cli-once');
  home = tempHome();
  const acc = t.sb.control.accounts.create({ site_id: 'MLA' });
  userId = acc.user_id;
  await cobro(['init', '--base-url', t.url, '--access-token', acc.access_token, '--site', 'MLA'], home.dir);
});
after(async () => { await t.close(); home.cleanup(); });

const location = ['--street-number', '100', '--street-name', 'Florida', '--city', 'Palermo', '--state', 'Capital Federal', '--latitude', '-34.6', '--longitude', '-58.4'];
const storesOf = () => [...t.sb.state.stores.values()].filter((s) => s.userId === userId);
const drop = (method: string, path: string) => t.sb.control.faults.add({ method, path, fault: 'commit_then_drop', once: true });

describe('a create whose answer is lost', () => {
  it('stores create and pos create return what was created, once', async () => {
    drop('POST', '/users/*/stores');
    const s = await cobro(['stores', 'create', '--name', 'Centro', '--external-id', 'SUC1', ...location, '--json'], home.dir);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.json().external_id, 'SUC1');
    assert.deepEqual(storesOf().map((x) => x.id), [s.json().id]);

    drop('POST', '/pos');
    const p = await cobro(['pos', 'create', '--name', 'Caja 1', '--external-id', 'CAJA1', '--store', 'SUC1', '--json'], home.dir);
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual([...t.sb.state.pos.values()].filter((x) => x.userId === userId).map((x) => x.id), [p.json().id]);
  });

  it('a store without --external-id cannot be looked up: exit 1, outcome_unknown, how to check; still one store', async () => {
    const before = storesOf().length;
    drop('POST', '/users/*/stores');
    const r = await cobro(['stores', 'create', '--name', 'Sin id', ...location, '--json'], home.dir);
    assert.equal(r.code, 1);
    const { error } = r.json();
    assert.equal(error.code, 'outcome_unknown');
    assert.match(error.message, /may have created a store named "Sin id"/);
    assert.match(error.fix, /cobro stores list/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(storesOf().length, before + 1);
  });
});
