// Builds a library package's publishable output (@cobro/client, @cobro/sandbox): dist/esm (ESM) and dist/cjs
// (CommonJS, marked by its own {"type":"commonjs"} package.json), each an index.js plus .d.ts files.
// - Types: TypeScript 7 (native tsc) type-checks and emits the declarations (the package's tsconfig.build.json).
// - JavaScript: esbuild (the copy tsx brings) bundles src/index.ts into one file per format, dependencies left
//   external. One module instead of ~30 more than halves the ESM import time on Node 20, which tsc, emitting a
//   file per module, cannot do (measured in docs/decisions/0002-client-packaging.md).
// Only the entry is named: whatever src/index.ts reaches is built, however src/ is arranged in folders.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** esbuild comes with tsx (a root devDependency); resolving it through tsx keeps it one version, no new dependency. */
export function loadEsbuild() {
  return createRequire(require.resolve('tsx/package.json'))('esbuild');
}

// tsc keeps the `./x.ts` specifiers of declaration files as written (rewriteRelativeImportExtensions only
// touches JavaScript). TypeScript 7 resolves them to the sibling .d.ts, older compilers may not: give every
// declaration file the `.js` specifiers a hand-written one would have.
function rewriteDeclarationSpecifiers(dir) {
  const relativeTs = /((?:from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(relativeTs, '$1.js$2');
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

// Error classes name themselves from `new.target.name`, so the bundler must not have renamed one (it does on
// a name clash between modules). Checked here rather than paid for at run time with `keepNames`, which wraps
// every named closure in a defineProperty call (~15% of the client's own time per request).
async function checkErrorNames(outDir) {
  const builds = [['esm', await import(pathToFileURL(join(outDir, 'esm', 'index.js')).href)], ['cjs', require(join(outDir, 'cjs', 'index.js'))]];
  for (const [flavour, api] of builds) {
    for (const [name, value] of Object.entries(api)) {
      if (typeof value === 'function' && value.prototype instanceof Error && value.name !== name) {
        throw new Error(`the ${flavour} bundle renamed the error class ${name} to ${value.name}: give it a unique name in src`);
      }
    }
  }
}

/** Build `pkgDir` into `outDir` (default `pkgDir/dist`). `entries`: src/<name>.ts files that become dist/<format>/<name>.js
 *  (index, plus light subpath exports such as @cobro/sandbox/options that must not load the whole package). */
export async function buildLibrary(pkgDir, outDir = join(pkgDir, 'dist'), entries = ['index']) {
  outDir = resolve(outDir);
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  rmSync(outDir, { recursive: true, force: true });

  execFileSync(process.execPath, [tsc, '-p', join(pkgDir, 'tsconfig.build.json'), '--outDir', join(outDir, 'esm')], { stdio: 'inherit' });
  rewriteDeclarationSpecifiers(join(outDir, 'esm'));
  // The same declarations describe the CommonJS build: under dist/cjs they are read as CommonJS.
  cpSync(join(outDir, 'esm'), join(outDir, 'cjs'), { recursive: true });

  const esbuild = loadEsbuild();
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  };
  for (const entry of entries) {
    const entryPoints = [join(pkgDir, 'src', `${entry}.ts`)];
    await esbuild.build({ ...common, entryPoints, format: 'esm', outfile: join(outDir, 'esm', `${entry}.js`) });
    await esbuild.build({ ...common, entryPoints, format: 'cjs', outfile: join(outDir, 'cjs', `${entry}.js`) });
  }
  // dist/cjs sits under a "type": "module" package: without this marker Node would load its .js as ESM.
  writeFileSync(join(outDir, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');

  await checkErrorNames(outDir);
}
