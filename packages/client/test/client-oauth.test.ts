// PKCE (spec §2.1), the authorization URL and token expiry tracking (§2.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthorizationUrl, codeChallenge, generateCodeVerifier, generatePkce, generateState, tokenExpiry } from '../src/index.ts';

test('verifier: 43–128 unreserved characters, random', () => {
  for (const n of [43, 64, 128]) assert.match(generateCodeVerifier(n), new RegExp(`^[A-Za-z0-9_-]{${n}}$`));
  assert.notEqual(generateCodeVerifier(), generateCodeVerifier());
  assert.throws(() => generateCodeVerifier(42), /43–128/);
  assert.throws(() => generateCodeVerifier(129), /43–128/);
});

test('S256 challenge matches RFC 7636 appendix B; plain is the verifier', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  assert.equal(codeChallenge(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  assert.equal(codeChallenge(verifier, 'plain'), verifier);
  assert.throws(() => codeChallenge('short'), /43–128/);
  const p = generatePkce();
  assert.equal(p.method, 'S256');
  assert.equal(p.challenge, codeChallenge(p.verifier));
});

test('state is unguessable and URL-safe', () => {
  const s = generateState();
  assert.match(s, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(s, generateState());
});

test('authorization URL: MP default host, exact params, PKCE only when given, host overridable', () => {
  const url = new URL(buildAuthorizationUrl({ clientId: '4934588586838432', redirectUri: 'https://int.example/cb?x=1', state: 'st' }));
  assert.equal(url.origin + url.pathname, 'https://auth.mercadopago.com/authorization');
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    client_id: '4934588586838432', response_type: 'code', platform_id: 'mp', state: 'st', redirect_uri: 'https://int.example/cb?x=1',
  });
  const pk = new URL(buildAuthorizationUrl({
    clientId: '1', redirectUri: 'https://int.example/cb', state: 's', codeChallenge: 'abc', authorizationUrl: 'http://127.0.0.1:4010/authorization',
  }));
  assert.equal(pk.host, '127.0.0.1:4010');
  assert.equal(pk.searchParams.get('code_challenge'), 'abc');
  assert.equal(pk.searchParams.get('code_challenge_method'), 'S256');
  assert.throws(() => buildAuthorizationUrl({ clientId: '1', redirectUri: 'https://x', state: '' }), /state is required/);
});

test('token expiry: expiresAt, refresh a sixth of the lifetime early by default, or with a margin', () => {
  const obtainedAt = Date.parse('2026-01-01T00:00:00Z');
  const e = tokenExpiry({ expires_in: 15552000 }, new Date(obtainedAt));
  assert.equal(e.expiresAt.toISOString(), '2026-06-30T00:00:00.000Z');
  const day = 86_400_000;
  assert.equal(e.shouldRefresh(obtainedAt + 149 * day), false);
  assert.equal(e.shouldRefresh(obtainedAt + 150 * day), true);
  assert.equal(e.shouldRefresh(obtainedAt + 170 * day, 5 * day), false);
  assert.equal(e.shouldRefresh(new Date(obtainedAt + 175 * day), 5 * day), true);
  assert.equal(e.isExpired(obtainedAt + 180 * day - 1), false);
  assert.equal(e.isExpired(obtainedAt + 180 * day), true);
  assert.throws(() => tokenExpiry({ expires_in: 0 }), /positive/);
});
