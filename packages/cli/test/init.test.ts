// cobro init: profiles on disk (0600), several profiles, env overrides, masked output, bad input writes
// nothing; one run through a pseudo-terminal answering the prompts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cliEnv, cobro, initDemo, readProfiles, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
before(async () => { t = await startSandbox('cli-init'); });
after(() => t.close());

describe('cobro init', () => {
  it('stores a profile in profiles.json with 0600 and shows secrets masked', async () => {
    const h = tempHome();
    const r = await initDemo(h.dir, t, 'shop');
    const out = r.json();
    assert.equal(out.ok, true);
    assert.equal(out.profile, 'shop');
    assert.equal(out.values.site, 'MLA');
    assert.notEqual(out.values.access_token, t.demo.seller.access_token);
    assert.ok(!r.stdout.includes(t.demo.seller.access_token) && !r.stdout.includes(t.demo.seller.client_secret));
    const file = join(h.dir, 'profiles.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readProfiles(h.dir).profiles.shop.access_token, t.demo.seller.access_token);
    h.cleanup();
  });

  it('keeps several profiles and updates only the fields given', async () => {
    const h = tempHome();
    await initDemo(h.dir, t, 'a');
    const r = await cobro(['init', '--profile', 'b', '--access-token', 'TEST-1-abc', '--site', 'mlc', '--json'], h.dir);
    assert.equal(r.code, 0, r.stderr);
    const r2 = await cobro(['init', '--profile', 'a', '--sponsor-id', '12345', '--json'], h.dir);
    assert.equal(r2.code, 0, r2.stderr);
    const p = readProfiles(h.dir).profiles;
    assert.equal(p.b.site, 'MLC');
    assert.equal(p.a.sponsor_id, '12345');
    assert.equal(p.a.access_token, t.demo.seller.access_token);
    h.cleanup();
  });

  it('environment variables override the profile', async () => {
    const h = tempHome();
    await cobro(['init', '--access-token', 'APP_USR-0-bad-1', '--base-url', t.url, '--json'], h.dir);
    const bad = await cobro(['pos', 'list', '--json'], h.dir);
    assert.equal(bad.code, 3);
    const good = await cobro(['pos', 'list', '--json'], h.dir, { COBRO_ACCESS_TOKEN: t.demo.seller.access_token });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.json().results[0].external_id, 'CAJA1');
    h.cleanup();
  });

  for (const [what, args, needle] of [
    ['unknown site', ['--site', 'XXX'], 'unknown site "XXX"'],
    ['malformed token', ['--access-token', 'abc'], 'APP_USR-'],
    ['non-numeric sponsor id', ['--sponsor-id', 'me'], 'sponsor id'],
    ['bad base URL', ['--base-url', 'nope'], 'not a URL'],
  ] as const) {
    it(`rejects ${what} with one line, exit 2, nothing written`, async () => {
      const h = tempHome();
      const r = await cobro(['init', '--access-token', 'APP_USR-1-a-2', ...args], h.dir);
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok(r.stderr.includes(needle), r.stderr);
      assert.equal(existsSync(join(h.dir, 'profiles.json')), false);
      h.cleanup();
    });
  }

  it('without flags and without a terminal it says what to pass instead of prompting', async () => {
    const h = tempHome();
    const r = await cobro(['init'], h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--access-token/);
    assert.equal(r.stdout, '');
    h.cleanup();
  });

  it('a missing profile is a usage error that says how to create it', async () => {
    const h = tempHome();
    const r = await cobro(['pos', 'list', '--profile', 'nope', '--json'], h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /profile "nope" not found.*cobro init --profile nope/);
    assert.equal(r.json().ok, false);
    const none = await cobro(['stores', 'list'], h.dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no credentials.*cobro init/);
    h.cleanup();
  });

  it('--help exits 0 and an unknown option exits 2', async () => {
    const h = tempHome();
    const help = await cobro(['init', '--help'], h.dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--sponsor-id/);
    assert.match(help.stdout, /--json/);
    const bad = await cobro(['init', '--frobnicate'], h.dir);
    assert.equal(bad.code, 2);
    h.cleanup();
  });

  it('asks for each value at a terminal (pseudo-terminal through script)', async () => {
    const h = tempHome();
    const child = spawn('script', ['-qec', `stty cols 120 rows 40; exec '${process.execPath}' '${BIN}' init --profile tty`, '/dev/null'], {
      cwd: h.dir, env: cliEnv(h.dir, { TERM: 'xterm-256color' }), stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (d) => { out += d; for (const w of waiters.splice(0)) w(); });
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    let seen = 0;
    const answer = async (prompt: string, keys: string) => {
      for (;;) {
        const at = out.indexOf(prompt, seen);
        if (at >= 0) { seen = at + prompt.length; break; }
        await new Promise<void>((r) => waiters.push(r));
      }
      child.stdin.write(keys);
    };
    await answer('Access token', `${t.demo.seller.access_token}\r`);
    await answer('Site', '\x1b[B\r'); // one down from MLA: MLB
    await answer('Client id', `${t.demo.seller.client_id}\r`);
    await answer('Client secret', '\r');
    await answer('Webhook secret', `${t.demo.seller.webhook_secret}\r`);
    await answer('Sponsor id', `${t.demo.sponsor_id}\r`);
    assert.equal(await done, 0, out);
    child.stdin.end();
    const p = readProfiles(h.dir).profiles.tty;
    assert.equal(p.access_token, t.demo.seller.access_token);
    assert.equal(p.site, 'MLB');
    assert.equal(p.client_id, t.demo.seller.client_id);
    assert.equal(p.client_secret, undefined);
    assert.equal(p.webhook_secret, t.demo.seller.webhook_secret);
    assert.equal(p.sponsor_id, String(t.demo.sponsor_id));
    assert.ok(!out.includes(t.demo.seller.access_token.slice(10)), 'the token is not echoed');
    h.cleanup();
  });
});
