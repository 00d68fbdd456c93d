// Our packages as a user gets them: @cobro/client, @cobro/sandbox and @cobro/cli each built and `npm pack`ed,
// then installed together by npm into an empty project outside the workspace (pack-install.ts). Checked: the
// tarballs hold builds and types only; strict TypeScript consumers type-check against the dist types as ESM
// and as CJS; plain-node .mjs and .cjs consumers run the client and the sandbox; the installed `cobro` serves
// a sandbox, charges and sees the payment; the README's example runs there, and from the repository root
// with plain tsx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cobro, Live, ROOT, tempHome } from './helpers.ts';
import { installInto, npmIn, pack, run, type Packed } from './pack-install.ts';
import { CHECK_TS, EXPECTED, RUNTIME_CHECKS } from './packaging-consumer.ts';

const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const tsx = import.meta.resolve('tsx');

let tmp = '';
let app = '';
const packed: Record<string, Packed> = {};

/** The ```ts block of the README section titled `heading`. */
function readmeExample(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith(heading));
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  assert.ok(code, `README has no ts example under "## ${heading}"`);
  return code;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cobro-pack-'));
  for (const dir of ['client', 'sandbox', 'cli']) packed[dir] = pack(dir, tmp);
  app = join(tmp, 'pos-app');
  installInto(app, Object.values(packed), ['@types/node']);
  for (const flavour of ['esm', 'cjs'] as const) {
    const file = `check.${flavour === 'esm' ? 'mts' : 'cts'}`;
    writeFileSync(join(app, file), CHECK_TS);
    writeFileSync(join(app, `tsconfig.${flavour}.json`), JSON.stringify({
      // A strict consumer that also checks our .d.ts files (no skipLibCheck).
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: false },
      files: [file],
    }));
  }
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the library tarballs hold the two builds with their types and no sources; the cli tarball its bin and one-file build', () => {
  for (const dir of ['client', 'sandbox']) {
    const files = packed[dir].files;
    for (const f of ['package.json', 'README.md', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']) {
      assert.ok(files.includes(f), `${f} missing from the ${dir} tarball`);
    }
    assert.deepEqual(files.filter((f) => !(f.startsWith('dist/') || f === 'package.json' || f === 'README.md')), [], dir);
    // One module per entry point and format: exactly the files the exports map names.
    const named = Object.values(packed[dir].manifest.exports ?? {}).flatMap((e) => typeof e === 'string' ? [] : [e.import?.default, e.require?.default]);
    assert.deepEqual(files.filter((f) => f.endsWith('.js')).sort(), named.filter((f) => f?.endsWith('.js')).map((f) => f!.slice(2)).sort(), dir);
  }
  assert.deepEqual(packed.cli.files.sort(), ['README.md', 'bin/cobro.cjs', 'dist/cobro.cjs', 'package.json']);
});

test('no packed package depends on a workspace-only version: every dependency comes from the npm registry', () => {
  for (const p of Object.values(packed)) {
    for (const [name, range] of Object.entries(p.manifest.dependencies ?? {})) {
      assert.ok(!name.startsWith('@cobro/'), `${p.name} depends on ${name}, which the registry would have to serve at ${range}`);
      assert.match(range, /^\^?\d+\.\d+\.\d+$/, `${p.name}: ${name}@${range}`);
    }
  }
  // What npm installed satisfies every declared range (npm ls exits non-zero on a missing or invalid one).
  npmIn(app, ['ls', '--all']);
});

test('declarations import .js files, and each dist/cjs is CommonJS', () => {
  for (const dir of ['client', 'sandbox']) {
    const pkg = join(app, 'node_modules', '@cobro', dir);
    for (const f of packed[dir].files.filter((p) => p.endsWith('.d.ts'))) {
      assert.doesNotMatch(readFileSync(join(pkg, f), 'utf8'), /['"]\.{1,2}\/[^'"]*\.ts['"]/, `${dir}/${f} imports a .ts path`);
    }
    assert.doesNotMatch(readFileSync(join(pkg, 'dist/esm/index.js'), 'utf8'), /from ['"]\.\.?\//);
    assert.deepEqual(JSON.parse(readFileSync(join(pkg, 'dist/cjs/package.json'), 'utf8')), { type: 'commonjs' });
  }
});

for (const flavour of ['esm', 'cjs'] as const) {
  test(`a strict TypeScript consumer type-checks (module nodenext, ${flavour.toUpperCase()}) against the dist/${flavour} types`, () => {
    const files = run(process.execPath, [tsc, '-p', `tsconfig.${flavour}.json`, '--listFiles'], app);
    const wrong = flavour === 'esm' ? 'cjs' : 'esm';
    for (const dir of ['client', 'sandbox']) {
      assert.ok(files.includes(`@cobro/${dir}/dist/${flavour}/index.d.ts`), `did not resolve ${dir}'s dist/${flavour} types:\n${files}`);
      assert.ok(!files.includes(`@cobro/${dir}/dist/${wrong}/`), `also pulled in ${dir}'s dist/${wrong} types`);
    }
  });
}

test('an ESM consumer (.mjs) imports dist/esm of the client and the sandbox, and they work together', () => {
  const prelude = "import * as api from '@cobro/client';\nimport { createRequire } from 'node:module';\nconst req = createRequire(import.meta.url);\nconst loadSandbox = () => import('@cobro/sandbox');\n";
  writeFileSync(join(app, 'app.mjs'), prelude + RUNTIME_CHECKS);
  assert.deepEqual(JSON.parse(run(process.execPath, ['app.mjs'], app)), EXPECTED);
  const resolved = run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@cobro/client'), import.meta.resolve('@cobro/sandbox'))"], app);
  assert.match(resolved.trim(), /\/node_modules\/@cobro\/client\/dist\/esm\/index\.js \S+\/node_modules\/@cobro\/sandbox\/dist\/esm\/index\.js$/);
});

test('a CommonJS consumer (.cjs) requires dist/cjs of the client and the sandbox, and they work together', () => {
  const prelude = "const api = require('@cobro/client');\nconst req = require;\nconst loadSandbox = async () => require('@cobro/sandbox');\n";
  writeFileSync(join(app, 'app.cjs'), `${prelude}(async () => {\n${RUNTIME_CHECKS}\n})().catch((e) => { console.error(e); process.exit(1); });`);
  assert.deepEqual(JSON.parse(run(process.execPath, ['app.cjs'], app)), EXPECTED);
  const resolved = run(process.execPath, ['-e', "console.log(require.resolve('@cobro/client'), require.resolve('@cobro/sandbox'))"], app);
  assert.match(resolved.trim().replaceAll('\\', '/'), /\/node_modules\/@cobro\/client\/dist\/cjs\/index\.js \S+\/node_modules\/@cobro\/sandbox\/dist\/cjs\/index\.js$/);
});

test('the installed cobro serves a sandbox, charges 150.50 and sees the test buyer pay it', async () => {
  const bin = join(app, 'node_modules', '.bin', 'cobro');
  assert.ok(realpathSync(bin).startsWith(realpathSync(app)), 'the bin is the installed one');
  const h = tempHome();
  try {
    const version = await cobro(['--version'], h.dir, {}, bin);
    assert.equal(version.stdout.trim(), packed.cli.version);
    const sb = new Live(['sandbox', '--port', '0', '--seed', 'packaging', '--json'], h.dir, {}, bin);
    const info = await sb.line((l) => typeof l.url === 'string');
    const charge = new Live(['charge', '150.50', '--pos', 'CAJA1', '--profile', 'sandbox', '--json', '--poll-interval', '100'], h.dir, {}, bin);
    await charge.line((l) => l.event === 'created');
    const pay = await cobro(['sandbox', 'pay', String(info.pos.id), '--card', 'APRO', '--profile', 'sandbox'], h.dir, {}, bin);
    assert.equal(pay.code, 0, pay.stderr);
    const done = await charge.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.lines().at(-1).status, 'processed');
    assert.equal((await sb.stop()).code, 0);
  } finally {
    h.cleanup();
  }
});

test('the installed cobro runs the gateway (PGlite loads its files from the installed package) and a charge is paid', async () => {
  const bin = join(app, 'node_modules', '.bin', 'cobro');
  const h = tempHome();
  try {
    const gw = new Live(['gateway', '--port', '0', '--json'], h.dir, { DATABASE_URL: '' }, bin);
    const info = await gw.line((l) => typeof l.url === 'string');
    const headers = { authorization: `Bearer ${info.pos.device_key}`, 'content-type': 'application/json', 'idempotency-key': 'pkg-1' };
    const created = await fetch(`${info.url}/api/charges`, { method: 'POST', headers, body: JSON.stringify({ amount: '150.50', mode: 'dynamic' }) }).then((r) => r.json()) as any;
    assert.equal(created.status, 'pending', JSON.stringify(created));
    const pay = await cobro(['sandbox', 'pay', created.qr_data, '--base-url', info.sandbox_url, '--card', 'APRO'], h.dir, {}, bin);
    assert.equal(pay.code, 0, pay.stderr);
    assert.equal((await gw.stop()).code, 0);
  } finally {
    h.cleanup();
  }
});

test("the README's own-project example runs in the installed project", () => {
  writeFileSync(join(app, 'pos.ts'), readmeExample('Use it from your own POS project'));
  assert.equal(run(process.execPath, ['--import', tsx, 'pos.ts'], app).trim(), 'processed');
});

test('README examples run from the repository root with plain tsx, on the workspace sources', () => {
  mkdirSync(join(ROOT, '.scratch'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.scratch', 'readme-'));
  try {
    for (const heading of ['The sandbox in one minute', 'Use it from your own POS project']) {
      const where = "\nconsole.log('resolved', import.meta.resolve('@cobro/client'), import.meta.resolve('@cobro/sandbox'));\n";
      writeFileSync(join(dir, 'example.ts'), readmeExample(heading) + where);
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'example.ts')], { cwd: ROOT, encoding: 'utf8' });
      assert.match(out, /processed/, heading);
      assert.match(out, /resolved \S+packages\/client\/src\/index\.ts \S+packages\/sandbox\/src\/index\.ts/, heading);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
