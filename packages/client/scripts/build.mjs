// Builds the publishable output with the workspace's TypeScript (7, native tsc): dist/esm (ESM .js + .d.ts)
// and dist/cjs (CommonJS .js + .d.ts, marked by its own {"type":"commonjs"} package.json).
// Usage: node scripts/build.mjs [outDir]   (default: dist; the packaging test builds into a temp dir)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(pkgDir, 'dist'));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

rmSync(outDir, { recursive: true, force: true });
for (const [config, sub] of [['tsconfig.build.json', 'esm'], ['tsconfig.build-cjs.json', 'cjs']]) {
  execFileSync(process.execPath, [tsc, '-p', join(pkgDir, config), '--outDir', join(outDir, sub)], { stdio: 'inherit' });
}
// tsc rewrites `./x.ts` to `./x.js` in emitted JavaScript (rewriteRelativeImportExtensions) but leaves the
// specifiers of .d.ts files as written. TypeScript 7 resolves those to the sibling .d.ts, but older consumers'
// compilers may not: give every declaration file the `.js` specifiers a hand-written one would have.
const relativeTs = /((?:from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g;
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath ?? entry.path, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(relativeTs, '$1.js$2');
  if (fixed !== text) writeFileSync(file, fixed);
}
// dist/cjs sits under a "type": "module" package: without this marker Node would load its .js as ESM.
mkdirSync(join(outDir, 'cjs'), { recursive: true });
writeFileSync(join(outDir, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
