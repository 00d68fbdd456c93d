// The admin pages' session and CSRF tokens: a cookie is good until its expiry and under the admin key that made
// it; a CSRF token only for its own session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminSessions, SESSION_TTL_S } from '../src/web/admin/session.ts';
import { sha256 } from '../src/crypto/keys.ts';

const secret = 'a'.repeat(64);
const now = new Date('2026-03-01T12:00:00Z');

test('a session cookie verifies until it expires, and not under another admin key or cookie secret', () => {
  const s = adminSessions(secret, sha256('admin key'));
  const { cookie, sid } = s.open(now);
  assert.equal(s.verify(cookie, now), sid);
  assert.equal(s.verify(cookie, new Date(now.getTime() + (SESSION_TTL_S - 1) * 1000)), sid);
  assert.equal(s.verify(cookie, new Date(now.getTime() + SESSION_TTL_S * 1000)), undefined, 'expired');
  assert.equal(adminSessions(secret, sha256('another key')).verify(cookie, now), undefined, 'the admin key changed');
  assert.equal(adminSessions('b'.repeat(64), sha256('admin key')).verify(cookie, now), undefined, 'another vault');
  const [id, exp, mac] = cookie.split('.');
  assert.equal(s.verify(`${id}.${Number(exp) + 86400}.${mac}`, now), undefined, 'a longer expiry is not signed');
  assert.equal(s.verify(undefined, now), undefined);
  assert.notEqual(s.open(now).sid, sid, 'a new id per log-in');
});

test('a CSRF token is its own session\'s', () => {
  const s = adminSessions(secret, sha256('admin key'));
  const a = s.open(now).sid;
  const b = s.open(now).sid;
  assert.equal(s.csrfOk(a, s.csrfToken(a)), true);
  assert.equal(s.csrfOk(a, s.csrfToken(b)), false);
  assert.equal(s.csrfOk(a, undefined), false);
  assert.equal(s.csrfOk(a, ''), false);
  assert.notEqual(s.csrfToken(a), a, 'not the session id itself');
});
