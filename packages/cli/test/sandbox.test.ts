// cobro sandbox: a served sandbox whose demo seller is saved as the "sandbox" profile, and a
// banner whose cobro commands work as printed (a newcomer's first paid QR).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cobro, Live, readProfiles, tempHome } from './helpers.ts';

/** The `npx cobro …` lines of the banner, as argv. */
function bannerCommands(banner: string): string[][] {
  return banner.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('npx cobro ') && !l.includes('listen'))
    .map((l) => l.replace(/^npx cobro /, '').split(/\s+/));
}

describe('cobro sandbox', () => {
  it('cobro sandbox --json saves the demo seller as the "sandbox" profile, ready to charge and pay', async () => {
    const h = tempHome();
    const sb = new Live(['sandbox', '--port', '0', '--seed', 'cli-sb', '--json'], h.dir);
    const info = await sb.line((l) => typeof l.url === 'string');
    const p = readProfiles(h.dir).profiles.sandbox;
    assert.equal(p.base_url, info.url);
    assert.equal(p.access_token, info.seller.access_token);
    assert.equal(p.sponsor_id, String(info.sponsor_id));
    const charge = new Live(['charge', '150.50', '--pos', 'CAJA1', '--profile', 'sandbox', '--json', '--poll-interval', '100'], h.dir);
    await charge.line((l) => l.event === 'created');
    assert.equal((await cobro(['sandbox', 'pay', String(info.pos.id), '--profile', 'sandbox'], h.dir)).code, 0);
    assert.equal((await charge.done).code, 0);
    assert.equal((await sb.stop()).code, 0);
    h.cleanup();
  });

  it('cobro sandbox prints cobro charge and cobro sandbox pay commands that work as printed', async () => {
    const h = tempHome();
    const start = new Live(['sandbox', '--port', '0'], h.dir);
    await start.text('Ctrl-C stops');
    const [charge, pay] = bannerCommands(start.stdout);
    assert.deepEqual(charge.slice(0, 4), ['charge', '150.50', '--pos', 'CAJA1']);
    assert.equal(pay[0], 'sandbox');
    const waiting = new Live([...charge, '--json', '--poll-interval', '100'], h.dir);
    await waiting.line((l) => l.event === 'created');
    const paid = await cobro(pay, h.dir);
    assert.equal(paid.code, 0, paid.stderr);
    const done = await waiting.done;
    assert.equal(done.lines().at(-1).status, 'processed');
    await start.stop();
    h.cleanup();
  });

  it('--no-save-profile writes nothing and prints the commands with --base-url and env vars', async () => {
    const h = tempHome();
    const start = new Live(['sandbox', '--port', '0', '--no-save-profile'], h.dir);
    await start.text('Ctrl-C stops');
    assert.match(start.stdout, /COBRO_ACCESS_TOKEN=APP_USR-\S+ COBRO_SPONSOR_ID=\d+ npx cobro charge 150\.50 --pos CAJA1 --base-url http:\/\/127\.0\.0\.1:\d+/);
    await start.stop();
    assert.throws(() => readProfiles(h.dir));
    h.cleanup();
  });

  it('sandbox pay with an empty or mistyped QR says what it expected, not only that a token is missing', async () => {
    const h = tempHome();
    const empty = await cobro(['sandbox', 'pay', '', '--base-url', 'http://127.0.0.1:9'], h.dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /the QR or POS to pay is empty.*qr_data of a dynamic order \(000201…/s);
    // A QR copied without its head reads as a POS external_id, which needs the seller's token: both are said.
    const cut = await cobro(['sandbox', 'pay', '0101021243650016COM.MERCADOLIBRE0201306364416d9d3', '--base-url', 'http://127.0.0.1:9'], h.dir);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /"0101021243650016COM\.MERCADOLIBRE02013063…" is not a QR \(its data starts with 000201\) nor a POS id, so it was read as a POS external_id, which needs the seller's token: no credentials/);
    assert.match(cut.stderr, /pass the whole qr_data of the order, or run `(npx )?cobro init`/);
    h.cleanup();
  });

  it('a bad port is a usage error; PORT=abc names the variable; a port in use says which and how to pick another', async () => {
    const h = tempHome();
    const r = await cobro(['sandbox', '--port', 'x'], h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /integer from 0 to 65535/);
    const env = await cobro(['start', '--json'], h.dir, { PORT: 'abc' });
    assert.equal(env.code, 2);
    assert.match(env.json().error.message, /^PORT="abc" is not a port$/);
    const first = new Live(['sandbox', '--port', '0', '--json', '--no-save-profile'], h.dir);
    const port = new URL((await first.line((l) => typeof l.url === 'string')).url).port;
    const taken = await cobro(['sandbox', '--port', port, '--no-save-profile'], h.dir);
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr.trim().split('\n').length, 1);
    assert.match(taken.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .* pick another port: --port 8787, or --port 0 for any free port`));
    await first.stop();
    h.cleanup();
  });
});
