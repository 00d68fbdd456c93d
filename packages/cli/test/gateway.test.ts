// cobro start / cobro gateway (what `npm start` runs): the gateway on embedded defaults in the project's
// ./.cobro — a demo seller connected through OAuth, a store, a POS and a device key — whose printed commands work
// as printed: the curl charges, the buyer's command pays, the charge is approved. A second start keeps it all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cobro, Live, Pty, tempHome } from './helpers.ts';

// PGlite in the project folder: a DATABASE_URL from the test run's environment must not move it to PostgreSQL.
const ENV = { DATABASE_URL: '' };
const start = (dir: string, args: string[] = []) => new Live(['start', '--port', '0', ...args], dir, ENV);

async function charge(url: string, key: string, idem: string) {
  const res = await fetch(`${url}/api/charges`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem },
    body: JSON.stringify({ amount: '150.50', mode: 'dynamic' }),
  });
  return { status: res.status, body: await res.json() as any };
}

async function statusOf(url: string, key: string, id: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const body = await fetch(`${url}/api/charges/${id}?`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json()) as any;
    if (body.status !== 'pending') return body.status;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'pending';
}

describe('cobro start (the gateway)', () => {
  it('--json: one line with the demo seller, store and POS with its device key, all in ./.cobro; a charge is paid as printed', async () => {
    const h = tempHome();
    try {
      const first = start(h.dir, ['--json']);
      const info = await first.line((l) => typeof l.url === 'string');
      assert.equal(info.database, 'pglite');
      assert.equal(info.data_dir, join(h.dir, '.cobro'));
      assert.equal(info.store.external_id, 'DEMO_STORE');
      assert.equal(info.pos.external_id, 'DEMOPOS1');
      assert.match(info.pos.device_key, /^cbk_/);
      assert.ok(info.seller.user_id > 0 && info.seller.site_id === 'MLA');
      assert.ok(existsSync(join(h.dir, '.cobro', 'pglite')) && existsSync(join(h.dir, '.cobro', 'sandbox')));
      assert.doesNotMatch(first.stderr, new RegExp(info.pos.device_key), 'the device key is not logged');

      const created = await charge(info.url, info.pos.device_key, 'sale-1');
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const paid = await cobro(['sandbox', 'pay', created.body.qr_data, '--base-url', info.sandbox_url, '--card', 'APRO'], h.dir);
      assert.equal(paid.code, 0, paid.stderr);
      assert.equal(await statusOf(info.url, info.pos.device_key, created.body.id), 'approved');

      // A second start at once on the same folder is refused: PGlite is one process.
      const busy = await cobro(['start', '--port', '0', '--json'], h.dir, ENV);
      assert.equal(busy.code, 2);
      assert.match(busy.json().error.message, /in use by process \d+/);
      assert.equal((await first.stop('SIGINT')).code, 0);

      // The next start keeps the seller, the charge and the key (not shown again); --reset-demo-key replaces it.
      const again = start(h.dir, ['--json']);
      const info2 = await again.line((l) => typeof l.url === 'string');
      assert.equal(info2.seller.id, info.seller.id);
      assert.equal(info2.pos.device_key, undefined);
      assert.equal(await statusOf(info2.url, info.pos.device_key, created.body.id), 'approved');
      await again.stop();
      const reset = start(h.dir, ['--json', '--reset-demo-key']);
      const info3 = await reset.line((l) => typeof l.url === 'string');
      assert.match(info3.pos.device_key, /^cbk_/);
      assert.equal((await charge(info3.url, info.pos.device_key, 'sale-2')).status, 401);
      assert.equal((await charge(info3.url, info3.pos.device_key, 'sale-2')).status, 201);
      await reset.stop();
    } finally {
      h.cleanup();
    }
  });

  it('the banner prints a curl and a pay command that work as printed; nothing is written outside the project', async () => {
    const h = tempHome();
    const user = tempHome();
    try {
      const gw = new Live(['start', '--port', '0'], h.dir, { ...ENV, HOME: user.dir, COBRO_HOME: '', XDG_CONFIG_HOME: '' });
      await gw.text('Ctrl-C stops');
      const out = gw.stdout;
      const url = /listening on (http:\/\/\S+)/.exec(out)![1];
      const key = /device key\s+(cbk_\S+)/.exec(out)![1];
      assert.match(out, new RegExp(`curl -s ${url}/api/charges -H 'Authorization: Bearer ${key}'`));
      const pay = /(?:npx )?cobro (sandbox pay '<qr_data>' --base-url \S+ --card APRO)/.exec(out);
      assert.ok(pay, out);
      const created = await charge(url, key, 'banner-1');
      const args = pay[1].split(' ').map((a) => (a === "'<qr_data>'" ? created.body.qr_data : a));
      assert.equal((await cobro(args, h.dir)).code, 0);
      assert.equal(await statusOf(url, key, created.body.id), 'approved');
      await gw.stop();
      assert.deepEqual(readdirSync(user.dir), []);
    } finally {
      h.cleanup();
      user.cleanup();
    }
  });

  it('bad configuration is exit 2 naming every problem; PORT=abc names the variable', async () => {
    const h = tempHome();
    try {
      const r = await cobro(['gateway', '--port', '0', '--json'], h.dir, { ...ENV, MP_CLIENT_ID: '123', MP_SPONSOR_ID: 'x' });
      assert.equal(r.code, 2);
      const msg = r.json().error.message;
      assert.match(msg, /MP_CLIENT_SECRET is required when MP_CLIENT_ID is set/);
      assert.match(msg, /MP_SPONSOR_ID must be/);
      const port = await cobro(['gateway', '--json'], h.dir, { ...ENV, PORT: 'abc' });
      assert.equal(port.code, 2);
      assert.match(port.json().error.message, /^PORT="abc" is not a port$/);
      assert.equal(existsSync(join(h.dir, '.cobro', 'pglite')), false, 'nothing was created');
    } finally {
      h.cleanup();
    }
  });

  it('copy-to-postgres: without a database, with a URL that is not PostgreSQL, or on a folder without a gateway, exit 2 saying why', async () => {
    const h = tempHome();
    try {
      const none = await cobro(['gateway', 'copy-to-postgres', '--json'], h.dir, ENV);
      assert.equal(none.code, 2);
      assert.match(none.json().error.message, /no database to copy into/);
      assert.match(none.json().error.fix, /--to postgres:\/\/|DATABASE_URL/);
      const bad = await cobro(['gateway', 'copy-to-postgres', '--to', 'mysql://root:secret@db/x', '--json'], h.dir, ENV);
      assert.equal(bad.code, 2);
      assert.match(bad.json().error.message, /--to must be a postgres:\/\/ URL/);
      assert.doesNotMatch(bad.stdout + bad.stderr, /secret/, 'the password in the URL is not echoed');
      const empty = await cobro(['gateway', 'copy-to-postgres', '--data', join(h.dir, 'nothing'), '--to', 'postgres://127.0.0.1:1/x', '--json'], h.dir, ENV);
      assert.equal(empty.code, 2);
      assert.match(empty.json().error.message, /holds no gateway database/);
    } finally {
      h.cleanup();
    }
  });

  it('copy-to-postgres: a stopped gateway\'s folder copied into an empty database, with a live count on a terminal; a second copy is refused', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL' }, async () => {
    const h = tempHome();
    const { default: pg } = await import('pg');
    const name = `cobro_cli_copy_${process.pid}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try { await c.query(q); } finally { await c.end(); }
    };
    await admin(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const data = join(h.dir, 'shop');
      const gw = new Live(['gateway', '--port', '0', '--json', '--data', data], h.dir, ENV);
      await gw.line((l) => typeof l.url === 'string');
      const busy = await cobro(['gateway', 'copy-to-postgres', '--data', data, '--to', url.toString(), '--json'], h.dir, ENV);
      assert.equal(busy.code, 2, 'not while the gateway runs on the folder');
      assert.match(busy.json().error.message, /in use by process/);
      await gw.stop();
      const tty = new Pty(['gateway', 'copy-to-postgres', '--data', data, '--to', url.toString()], h.dir, ENV);
      await tty.expect('copied');
      assert.equal(await tty.done, 0, tty.output);
      assert.match(tty.output, /\x1b\[2K {2}sellers +1\r?\n/, 'a line per table above the live one');
      assert.match(tty.output, /✔ copied \d+ rows from /);
      const again = await cobro(['gateway', 'copy-to-postgres', '--data', data, '--to', url.toString()], h.dir, ENV);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already holds gateway data \(.*1 sellers/);
      assert.doesNotMatch(again.stdout + again.stderr, /\x1b\[/, 'no terminal codes in a pipe');
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
      h.cleanup();
    }
  });
});
