// cobro stores and cobro pos: CRUD through the client, by MP id or external_id, and the POS QR saved as a
// PNG that decodes to the POS's EMVCo payload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { cobro, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

// jsqr is CommonJS with an ES-style `default` in its types; under NodeNext the function is at `.default`.
const jsQR = jsqr.default;

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
before(async () => {
  // A store with POS is refused only with this option (MP gives no rule): the CLI's error line is what is tested.
  t = await startSandbox('cli-stores', { refuseStoreDeleteWithPos: true });
  home = tempHome();
  const acc = t.sb.control.accounts.create({ site_id: 'MLA' });
  await cobro(['init', '--base-url', t.url, '--access-token', acc.access_token, '--site', 'MLA'], home.dir);
});
after(async () => { await t.close(); home.cleanup(); });

const location = ['--street-number', '100', '--street-name', 'Florida', '--city', 'Palermo', '--state', 'Capital Federal', '--latitude', '-34.6', '--longitude', '-58.4'];

describe('cobro stores and pos', () => {
  it('store create/list/get/update/delete', async () => {
    const c = await cobro(['stores', 'create', '--name', 'Norte', '--external-id', 'SUCN', ...location, '--json'], home.dir);
    assert.equal(c.code, 0, c.stderr);
    const store = c.json();
    assert.equal(store.external_id, 'SUCN');
    assert.match(store.location.address_line, /Florida/);
    const list = (await cobro(['stores', 'list', '--json'], home.dir)).json();
    assert.deepEqual(list.results.map((s: { id: string }) => s.id), [store.id]);
    assert.equal((await cobro(['stores', 'get', 'SUCN', '--json'], home.dir)).json().id, store.id);
    const u = await cobro(['stores', 'update', store.id, '--name', 'Norte 2', '--json'], home.dir);
    assert.equal(u.json().name, 'Norte 2');
    const d = await cobro(['stores', 'delete', 'SUCN', '--json'], home.dir);
    assert.equal(d.code, 0);
    assert.equal((await cobro(['stores', 'list', '--json'], home.dir)).json().total, 0);
  });

  it('pos create saves the QR image (decodes to qr_code), get/list/update/delete by external_id', async () => {
    assert.equal((await cobro(['stores', 'create', '--name', 'Centro', '--external-id', 'SUC1', ...location], home.dir)).code, 0);
    const c = await cobro(['pos', 'create', '--name', 'Caja 1', '--external-id', 'CAJA1', '--store', 'SUC1', '--json'], home.dir);
    assert.equal(c.code, 0, c.stderr);
    const pos = c.json();
    assert.equal(pos.qr_file, join(home.dir, 'pos-CAJA1.png'));
    const png = PNG.sync.read(readFileSync(pos.qr_file));
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, pos.qr_code);
    assert.match(pos.qr_code, new RegExp(`mpago\\.la/pos/${pos.id}`));
    const human = await cobro(['pos', 'get', 'CAJA1', '--qr-file', 'again.png'], home.dir);
    assert.match(human.stdout, /POS Caja 1 \(id \d+, external_id CAJA1, store SUC1\)/);
    assert.match(human.stdout, /QR image saved to .*again\.png/);
    assert.equal((await cobro(['pos', 'list', '--store', 'SUC1', '--json'], home.dir)).json().total, 1);
    const u = await cobro(['pos', 'update', 'CAJA1', '--name', 'Caja Uno', '--json'], home.dir);
    assert.equal(u.json().name, 'Caja Uno');
    const renamed = await cobro(['pos', 'update', 'CAJA1', '--external-id', 'X'], home.dir);
    assert.equal(renamed.code, 2);
    const storeWithPos = await cobro(['stores', 'delete', 'SUC1'], home.dir);
    assert.equal(storeWithPos.code, 2);
    assert.match(storeWithPos.stderr, /VALIDATION_ERROR/);
    assert.equal((await cobro(['pos', 'delete', 'CAJA1'], home.dir)).code, 0);
    assert.equal((await cobro(['pos', 'get', 'CAJA1'], home.dir)).code, 2);
  });

  it('bad input: missing fields, bad coordinates, unknown store → one line, non-zero, nothing created', async () => {
    const before = t.sb.state.stores.size;
    const cases: Array<[string[], number, RegExp]> = [
      [['stores', 'create', '--external-id', 'A', ...location], 2, /--name is required/],
      [['stores', 'create', '--name', 'A', ...location.slice(0, -2), '--longitude', 'west'], 2, /not a coordinate/],
      [['stores', 'create', '--name', 'A'], 2, /needs a location/],
      [['pos', 'create', '--name', 'C', '--external-id', 'C9', '--store', 'NOPE'], 2, /INEXISTENT_EXTERNAL_STORE_ID|400/],
      [['pos', 'create', '--name', 'C', '--external-id', 'C9'], 2, /--store is required/],
      [['stores', 'get', 'NOPE'], 2, /no store/],
    ];
    for (const [args, code, re] of cases) {
      const r = await cobro(args, home.dir);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, re);
    }
    assert.equal(t.sb.state.stores.size, before);
  });
});
