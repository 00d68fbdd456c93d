// Configuration: defaults for the embedded mode, every problem named at once, .env under the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, readEnv } from '../src/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

test('no variables: embedded Mercado Pago, PGlite in ./.cobro, port 8080', () => {
  const c = loadConfig({});
  assert.equal(c.mp.mode, 'embedded');
  assert.equal(c.port, 8080);
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.match(c.dataDir, /\.cobro$/);
  assert.equal(c.databaseUrl, undefined);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.mp));
});

test('the refund scan looks back 30 days unless REFUND_SCAN_DAYS says otherwise (1 to 365), 8 re-fetches at a time unless REFUND_SCAN_CONCURRENCY does (1 to 64)', () => {
  assert.equal(loadConfig({}).refundScanDays, 30);
  assert.equal(loadConfig({ REFUND_SCAN_DAYS: '90' }).refundScanDays, 90);
  assert.throws(() => loadConfig({ REFUND_SCAN_DAYS: '0' }), /REFUND_SCAN_DAYS must be an integer from 1 to 365, got "0"/);
  assert.equal(loadConfig({}).refundScanConcurrency, 8);
  assert.equal(loadConfig({ REFUND_SCAN_CONCURRENCY: '2' }).refundScanConcurrency, 2);
  assert.throws(() => loadConfig({ REFUND_SCAN_CONCURRENCY: '100' }), /REFUND_SCAN_CONCURRENCY must be an integer from 1 to 64, got "100"/);
});

test('a shutdown gives open requests 10 s unless SHUTDOWN_GRACE_SECONDS says otherwise (0 to 600)', () => {
  assert.equal(loadConfig({}).shutdownGraceMs, 10_000);
  assert.equal(loadConfig({ SHUTDOWN_GRACE_SECONDS: '45' }).shutdownGraceMs, 45_000);
  assert.equal(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceMs, 0);
  assert.throws(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '601' }), /SHUTDOWN_GRACE_SECONDS must be an integer from 0 to 600, got "601"/);
});

test('real credentials without MP_BASE_URL talk to Mercado Pago itself', () => {
  const c = loadConfig({ MP_CLIENT_ID: '123', MP_CLIENT_SECRET: 's', COBRO_ENCRYPTION_KEYS: `k1:${KEY}` });
  assert.equal(c.mp.mode, 'remote');
  assert.equal(c.mp.baseUrl, 'https://api.mercadopago.com');
  assert.equal(c.mp.authUrl, 'https://auth.mercadopago.com');
});

test('every problem is named at once, and no secret is echoed', () => {
  let err: ConfigError | undefined;
  try {
    loadConfig({ MP_CLIENT_ID: '123', PORT: 'abc', SANDBOX_PORT: '70000', MP_SPONSOR_ID: 'me', LOG_LEVEL: 'loud', COBRO_ENCRYPTION_KEYS: 'k1:c2hvcnQ=', INTEGRATOR_WEBHOOK_URL: 'ftp://x' });
  } catch (e) { err = e as ConfigError; }
  assert.ok(err instanceof ConfigError);
  assert.deepEqual(err.problems, [
    'PORT must be an integer from 0 to 65535, got "abc"',
    'SANDBOX_PORT must be an integer from 0 to 65535, got "70000"',
    'MP_CLIENT_SECRET is required when MP_CLIENT_ID is set',
    'MP_SPONSOR_ID must be the integrator\'s numeric Mercado Pago user id, got "me"',
    'COBRO_ENCRYPTION_KEYS key "k1" must be 32 bytes in base64',
    'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    'INTEGRATOR_WEBHOOK_URL must be an http(s) URL, got "ftp://x"',
  ]);
  assert.doesNotMatch(err.message, /c2hvcnQ/);
});

test('.env fills what the environment leaves unset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-env-'));
  writeFileSync(join(dir, '.env'), 'PORT=9000\nHOST=0.0.0.0\n# a comment\nLOG_LEVEL="debug"\n');
  const c = loadConfig(readEnv({ PORT: '9100' }, dir));
  assert.equal(c.port, 9100);
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.logLevel, 'debug');
});
