// The package as a user gets it: build dist/ into a temp dir, `npm pack` it (no network, no scripts), unpack
// it into a tiny consumer project's node_modules/@cobro/client, then type-check a .ts consumer with
// `module: nodenext` as ESM and as CJS, and run a .mjs and a .cjs consumer with plain node (no tsx).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const rootModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const tsc = join(rootModules, 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let tmp = '';
let packed: string[] = [];

function run(file: string, args: string[], cwd: string): string {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' && file === npm });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** A consumer project whose package.json says `type`, with the packed package and its dependencies installed. */
function consumer(name: string, type: 'module' | 'commonjs', tarball: string): string {
  const dir = join(tmp, name);
  const installed = join(dir, 'node_modules', '@cobro', 'client');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  // The package's own dependencies (and the consumer's type packages) from the workspace, as links.
  for (const dep of ['undici', 'qrcode', '@types']) {
    symlinkSync(join(rootModules, dep), join(dir, 'node_modules', dep), 'junction');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    // A strict consumer that also checks our .d.ts files (no skipLibCheck).
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: false },
    files: ['check.ts'],
  }));
  writeFileSync(join(dir, 'check.ts'), CHECK_TS);
  return dir;
}

// Type-level use of the public API. The @ts-expect-error lines fail the check if the types degrade to `any`.
const CHECK_TS = `
import { MercadoPagoClient, NotFoundError, crc16, toOrdersAmount, type ClientConfig, type Transport } from '@cobro/client';
const crc: string = crc16('123456789');
// @ts-expect-error crc16 takes the payload string
crc16(0x29b1);
const amount: string = toOrdersAmount(15050, 'MLA');
// @ts-expect-error not a site id
toOrdersAmount(15050, 'XXX');
const transport: Transport = async () => new Response('{}');
const config: ClientConfig = { accessToken: 'TEST-1', transport, maxRetries: 0 };
const client = new MercadoPagoClient(config);
async function main(): Promise<void> {
  try {
    const order = await client.sender.send<{ id: string }>({ method: 'GET', path: '/v1/orders/ORD1' });
    const id: string = order.id;
    void id;
  } catch (e) {
    if (e instanceof NotFoundError) {
      const status: number | undefined = e.status;
      void status;
    }
  }
}
void main; void crc; void amount;
`;

// The same runtime checks in both module systems (\`req\` is a require for reading the module cache); each
// prints one JSON line.
const RUNTIME_CHECKS = `
const loaded = (name) => Object.keys(req.cache).some((p) => p.replaceAll('\\\\', '/').includes('/node_modules/' + name + '/'));
// undici and qrcode are loaded on first use, not at import.
const atImport = { undici: loaded('undici'), qrcode: loaded('qrcode') };
const seen = [];
const transport = async (url, init) => {
  seen.push({ url: String(url), method: init.method, auth: init.headers.Authorization, key: init.headers['X-Idempotency-Key'] });
  if (String(url).endsWith('/missing')) {
    return new Response(JSON.stringify({ message: 'order not found', error: 'not_found', status: 404 }), { status: 404 });
  }
  return new Response(JSON.stringify({ id: 'ORD1', total_amount: init.body ? JSON.parse(init.body).total_amount : '1.00' }), {
    status: 200, headers: { 'x-request-id': 'req-1' },
  });
};
const client = new api.MercadoPagoClient({ accessToken: 'TEST-seller', baseUrl: 'https://mp.test', transport, maxRetries: 0 });
const other = client.withOptions({ accessToken: 'TEST-other' });
const got = await client.sender.send({ method: 'GET', path: '/v1/orders/ORD1' });
const created = await other.sender.send({
  method: 'POST', path: '/v1/orders', body: { total_amount: api.toOrdersAmount(15050, 'MLA') }, options: { idempotencyKey: 'k-1' },
});
let notFound;
try { await client.sender.send({ method: 'GET', path: '/missing' }); } catch (e) {
  notFound = { name: e.name, isNotFound: e instanceof api.NotFoundError, isBase: e instanceof api.MercadoPagoError, status: e.status, code: e.code };
}
const svg = await api.renderQrSvg('000201');
console.log(JSON.stringify({
  crc: api.crc16('123456789'),
  qrValid: api.hasValidCrc(api.withCrc('000201010212')),
  amount: api.toOrdersAmount(15050, 'MLA'),
  clp: api.toOrdersAmount(1500, 'MLC'),
  got: { id: got.id, requestId: got.lastResponse.requestId },
  created: created.total_amount,
  seen,
  notFound,
  svg: svg.startsWith('<svg'),
  atImport,
  qrcodeAfterRender: loaded('qrcode'),
  clientToken: client.config.accessToken,
}));
`;

const EXPECTED = {
  crc: '29B1',
  qrValid: true,
  amount: '150.50',
  clp: '1500',
  got: { id: 'ORD1', requestId: 'req-1' },
  created: '150.50',
  seen: [
    { url: 'https://mp.test/v1/orders/ORD1', method: 'GET', auth: 'Bearer TEST-seller' },
    { url: 'https://mp.test/v1/orders', method: 'POST', auth: 'Bearer TEST-other', key: 'k-1' },
    { url: 'https://mp.test/missing', method: 'GET', auth: 'Bearer TEST-seller' },
  ],
  notFound: { name: 'NotFoundError', isNotFound: true, isBase: true, status: 404, code: 'not_found' },
  svg: true,
  atImport: { undici: false, qrcode: false },
  qrcodeAfterRender: true,
  clientToken: 'TEST-seller',
};

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cobro-client-pack-'));
  const stage = join(tmp, 'stage');
  mkdirSync(stage);
  cpSync(join(pkgDir, 'package.json'), join(stage, 'package.json'));
  cpSync(join(pkgDir, 'README.md'), join(stage, 'README.md'));
  run(process.execPath, [join(pkgDir, 'scripts', 'build.mjs'), join(stage, 'dist')], pkgDir);
  const [info] = JSON.parse(run(npm, ['pack', stage, '--ignore-scripts', '--json', '--pack-destination', tmp], tmp)) as
    Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = info.files.map((f) => f.path);
  for (const [name, type] of [['esm-app', 'module'], ['cjs-app', 'commonjs']] as const) consumer(name, type, join(tmp, info.filename));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the two builds with their types, and no sources', () => {
  for (const f of ['package.json', 'README.md', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']) {
    assert.ok(packed.includes(f), `${f} missing from the tarball`);
  }
  const stray = packed.filter((f) => !(f.startsWith('dist/') || f === 'package.json' || f === 'README.md'));
  assert.deepEqual(stray, []);
  assert.ok(!packed.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'a .ts source file was packed');
});

test('each build is one JavaScript module, declarations import .js files, and dist/cjs is CommonJS', () => {
  const root = join(tmp, 'esm-app', 'node_modules', '@cobro', 'client', 'dist');
  assert.deepEqual(packed.filter((f) => f.endsWith('.js')).sort(), ['dist/cjs/index.js', 'dist/esm/index.js']);
  assert.doesNotMatch(readFileSync(join(root, 'esm', 'index.js'), 'utf8'), /from ['"]\.\.?\//);
  assert.doesNotMatch(readFileSync(join(root, 'cjs', 'index.js'), 'utf8'), /require\(['"]\.\.?\//);
  for (const f of packed.filter((p) => p.endsWith('.d.ts'))) {
    const text = readFileSync(join(root, '..', f), 'utf8');
    assert.doesNotMatch(text, /['"]\.{1,2}\/[^'"]*\.ts['"]/, `${f} imports a .ts path`);
  }
  assert.match(readFileSync(join(root, 'esm', 'index.d.ts'), 'utf8'), /from '\.\/client\.js'/);
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'cjs', 'package.json'), 'utf8')), { type: 'commonjs' });
});

for (const [app, flavour] of [['esm-app', 'esm'], ['cjs-app', 'cjs']] as const) {
  test(`a strict TypeScript consumer type-checks (module nodenext, ${flavour.toUpperCase()}) against dist/${flavour} types`, () => {
    const dir = join(tmp, app);
    const files = run(process.execPath, [tsc, '-p', '.', '--listFiles'], dir);
    assert.ok(files.includes(`@cobro/client/dist/${flavour}/index.d.ts`), `did not resolve dist/${flavour} types:\n${files}`);
    const wrong = flavour === 'esm' ? 'cjs' : 'esm';
    assert.ok(!files.includes(`@cobro/client/dist/${wrong}/`), `also pulled in dist/${wrong} types`);
  });
}

test('an ESM consumer (.mjs) imports dist/esm and works', () => {
  const dir = join(tmp, 'esm-app');
  writeFileSync(join(dir, 'app.mjs'), `import * as api from '@cobro/client';\nimport { createRequire } from 'node:module';\nconst req = createRequire(import.meta.url);\n${RUNTIME_CHECKS}`);
  const out = execFileSync(process.execPath, ['app.mjs'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.deepEqual(JSON.parse(out), EXPECTED);
  const resolved = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@cobro/client'))"], { cwd: dir, encoding: 'utf8' });
  assert.match(resolved.trim(), /\/node_modules\/@cobro\/client\/dist\/esm\/index\.js$/);
});

test('a CommonJS consumer (.cjs) requires dist/cjs and works', () => {
  const dir = join(tmp, 'cjs-app');
  writeFileSync(join(dir, 'app.cjs'), `const api = require('@cobro/client');\nconst req = require;\n(async () => {\n${RUNTIME_CHECKS}\n})().catch((e) => { console.error(e); process.exit(1); });`);
  const out = execFileSync(process.execPath, ['app.cjs'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.deepEqual(JSON.parse(out), EXPECTED);
  const resolved = execFileSync(process.execPath, ['-e', "console.log(require.resolve('@cobro/client'))"], { cwd: dir, encoding: 'utf8' });
  assert.match(resolved.trim().replaceAll('\\', '/'), /\/node_modules\/@cobro\/client\/dist\/cjs\/index\.js$/);
});

