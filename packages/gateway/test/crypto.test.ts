// Tokens at rest and terminal secrets: sealed under a key id, rotation, bound to their row; keys hashed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault, embeddedKeys } from '../src/crypto/vault.ts';
import { newDeviceKey, newPairingCode, normalisePairingCode, sha256 } from '../src/crypto/keys.ts';

const k = (b: number) => Buffer.alloc(32, b).toString('base64');

test('a sealed token opens under its key, carries no plaintext, and is bound to its seller', () => {
  const v = new Vault(`k1:${k(1)}`);
  const sealed = v.seal('APP_USR-secret-token', 'seller:1');
  assert.match(sealed, /^k1:/);
  assert.doesNotMatch(sealed, /APP_USR|secret/);
  assert.equal(v.open(sealed, 'seller:1'), 'APP_USR-secret-token');
  assert.throws(() => v.open(sealed, 'seller:2'), /does not open/);
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
  assert.throws(() => v.open(tampered, 'seller:1'), /does not open/);
});

test('keys rotate: the new key seals, the old one still opens, stale rows are recognised', () => {
  const old = new Vault(`k1:${k(1)}`);
  const sealedOld = old.seal('t', 's');
  const rotated = new Vault(`k2:${k(2)},k1:${k(1)}`);
  assert.equal(rotated.open(sealedOld, 's'), 't');
  assert.equal(rotated.isStale(sealedOld), true);
  assert.equal(rotated.isStale(rotated.seal('t', 's')), false);
  assert.throws(() => new Vault(`k2:${k(2)}`).open(sealedOld, 's'), /key "k1", which COBRO_ENCRYPTION_KEYS does not list/);
});

test('embedded mode makes its key once, private to the owner', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cobro-keys-')), 'data');
  const first = embeddedKeys(dir);
  assert.equal(embeddedKeys(dir), first);
  assert.equal(statSync(join(dir, 'encryption.key')).mode & 0o777, 0o600);
  assert.doesNotThrow(() => new Vault(first));
});

test('device keys and pairing codes are stored as hashes; codes forgive case and dashes', () => {
  const a = newDeviceKey();
  assert.match(a.key, /^cbk_[A-Za-z0-9_-]{43}$/);
  assert.equal(a.hash, sha256(a.key));
  assert.notEqual(newDeviceKey().key, a.key);
  const p = newPairingCode();
  assert.match(p.code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  assert.equal(sha256(normalisePairingCode(p.code.toLowerCase().replace('-', ' '))), p.hash);
});
