// cobro connect and cobro tokens refresh: OAuth with state + PKCE through a local callback server, tokens
// encrypted at rest, whose account it is, refresh, and the auth exit code when tokens die.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cobro, initDemo, Live, readProfiles, startSandbox, tempHome, type TestSandbox } from './helpers.ts';

let t: TestSandbox;
let home: ReturnType<typeof tempHome>;
before(async () => {
  t = await startSandbox('cli-connect');
  home = tempHome();
  await initDemo(home.dir, t, 'app');
});
after(async () => { await t.close(); home.cleanup(); });

/** The seller signs in on the sandbox's consent page and the browser follows the redirect. */
async function signIn(authorizeUrl: string, seller: { email: string; password: string }, decision = 'allow'): Promise<Response> {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set('email', seller.email);
  form.set('password', seller.password);
  form.set('decision', decision);
  const res = await fetch(`${u.origin}${u.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(res.status, 302);
  return fetch(res.headers.get('location')!);
}

async function connectSeller(saveAs?: string) {
  const seller = t.sb.control.accounts.create({ site_id: 'MLA' });
  const live = new Live(['connect', '--profile', 'app', '--json', ...(saveAs ? ['--save-as', saveAs] : [])], home.dir);
  const { url } = await live.line((l) => l.event === 'authorize');
  const cb = await signIn(url, seller);
  assert.equal(cb.status, 200);
  const done = await live.done;
  return { seller, url, done };
}

describe('cobro connect', () => {
  it('builds the URL with state and PKCE, exchanges the code, and stores the seller\'s tokens encrypted', async () => {
    const { seller, url, done } = await connectSeller();
    const q = new URL(url).searchParams;
    assert.equal(q.get('client_id'), t.demo.seller.client_id);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.ok((q.get('state') ?? '').length >= 32);
    assert.match(q.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(done.code, 0, done.stderr);
    const result = done.lines().at(-1);
    assert.equal(result.event, 'connected');
    assert.equal(result.user.id, seller.user_id);
    assert.equal(result.profile, `seller-${seller.user_id}`);
    const raw = readFileSync(join(home.dir, 'profiles.json'), 'utf8');
    const stored = readProfiles(home.dir).profiles[result.profile];
    assert.match(stored.oauth.access_token, /^enc:v1:/);
    assert.match(stored.oauth.refresh_token, /^enc:v1:/);
    assert.ok(!/APP_USR-\d+-\d+-[0-9a-f]+-\d+/.test(raw.replace(t.demo.seller.access_token, '')), 'no plain OAuth token on disk');
    assert.equal(statSync(join(home.dir, 'key')).mode & 0o777, 0o600);
    // The stored token works: the seller's (empty) POS list, not the app owner's.
    const pos = await cobro(['pos', 'list', '--profile', result.profile, '--json'], home.dir);
    assert.equal(pos.code, 0, pos.stderr);
    assert.equal(pos.json().total, 0);
  });

  it('tokens refresh swaps in new tokens; the spent refresh token is refused with exit 3', async () => {
    const { done } = await connectSeller('shop');
    assert.equal(done.code, 0, done.stderr);
    const before = readProfiles(home.dir).profiles.shop.oauth;
    const r = await cobro(['tokens', 'refresh', '--profile', 'shop', '--json'], home.dir);
    assert.equal(r.code, 0, r.stderr);
    const afterRefresh = readProfiles(home.dir).profiles.shop.oauth;
    assert.notEqual(afterRefresh.refresh_token, before.refresh_token);
    assert.equal((await cobro(['stores', 'list', '--profile', 'shop', '--json'], home.dir)).code, 0);
    // Put the spent refresh token back: MP's refresh tokens are single use.
    const file = readProfiles(home.dir);
    file.profiles.shop.oauth.refresh_token = before.refresh_token;
    writeFileSync(join(home.dir, 'profiles.json'), JSON.stringify(file));
    const spent = await cobro(['tokens', 'refresh', '--profile', 'shop'], home.dir);
    assert.equal(spent.code, 3);
    assert.match(spent.stderr, /refused the refresh token.*cobro connect/);
  });

  it('an expired stored token is exit 3 with the fix, before any call', async () => {
    const { done } = await connectSeller('old');
    assert.equal(done.code, 0);
    const file = readProfiles(home.dir);
    file.profiles.old.oauth.expires_at = '2020-01-01T00:00:00.000Z';
    writeFileSync(join(home.dir, 'profiles.json'), JSON.stringify(file));
    const r = await cobro(['pos', 'list', '--profile', 'old'], home.dir);
    assert.equal(r.code, 3);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /expired on 2020-01-01.*cobro tokens refresh --profile old/);
    const fixed = await cobro(['tokens', 'refresh', '--profile', 'old'], home.dir);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal((await cobro(['pos', 'list', '--profile', 'old'], home.dir)).code, 0);
  });

  it('the wrong COBRO_SECRET cannot read the tokens', async () => {
    const h = tempHome();
    await initDemo(h.dir, t, 'app');
    const seller = t.sb.control.accounts.create({ site_id: 'MLA' });
    const live = new Live(['connect', '--profile', 'app', '--save-as', 's', '--json'], h.dir, { COBRO_SECRET: 'one' });
    await signIn((await live.line((l) => l.event === 'authorize')).url, seller);
    assert.equal((await live.done).code, 0);
    assert.equal((await cobro(['pos', 'list', '--profile', 's'], h.dir, { COBRO_SECRET: 'one' })).code, 0);
    const wrong = await cobro(['pos', 'list', '--profile', 's'], h.dir, { COBRO_SECRET: 'two' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /cannot decrypt/);
    h.cleanup();
  });

  it('a seller who denies → exit 1, nothing saved; an app profile without client credentials → exit 2', async () => {
    const seller = t.sb.control.accounts.create({ site_id: 'MLA' });
    const before = Object.keys(readProfiles(home.dir).profiles);
    const live = new Live(['connect', '--profile', 'app', '--json'], home.dir);
    await signIn((await live.line((l) => l.event === 'authorize')).url, seller, 'deny');
    const done = await live.done;
    assert.equal(done.code, 1);
    assert.match(done.stderr, /did not authorize/);
    assert.deepEqual(Object.keys(readProfiles(home.dir).profiles), before);
    const h = tempHome();
    await cobro(['init', '--access-token', 'APP_USR-1-a-2', '--base-url', t.url], h.dir);
    const r = await cobro(['connect', '--json'], h.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no client id\/secret/);
    h.cleanup();
  });

  it('tokens refresh on a profile without OAuth tokens → exit 2', async () => {
    const r = await cobro(['tokens', 'refresh', '--profile', 'app'], home.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no OAuth refresh token/);
  });
});
