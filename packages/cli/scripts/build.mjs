// Builds the `cobro` CLI into one CommonJS file, dist/cobro.cjs, which bin/cobro.cjs loads.
// - One file: Node 20 pays per module loaded, and tsx (the way the CLI ran before) costs ~0.2 s per start.
// - CommonJS: a third-party package that only a lazily loaded part needs (hono for `cobro sandbox`) then is
//   `require`d when that part first runs; an ESM bundle would hoist its `import` to the top and load it on
//   every start (`cobro --version` included).
// - @cobro/client and @cobro/sandbox are bundled from their sources: the CLI never meets another version of
//   them, and its tarball installs on its own. Every other package stays external, so the CLI's package.json
//   must depend on each one it reaches, with the range of the package that imports it (checked below).
// Usage: node scripts/build.mjs [outDir]   (default: dist)
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEsbuild } from '../../../scripts/build-library.mjs';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkgDir, '../..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

// Bare specifiers stay imports at run time, except our own packages (bundled from source via the condition).
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@cobro/') ? undefined : { path: args.path, external: true }));
  },
};

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Each external package must be a dependency of the CLI with the range its importer's package.json gives it. */
function checkDependencies(metafile) {
  const cli = readJson(join(pkgDir, 'package.json')).dependencies ?? {};
  const problems = new Set();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const owner = readJson(join(root, input.split('/src/')[0], 'package.json'));
    for (const imp of imports) {
      if (!imp.external || imp.path.startsWith('node:')) continue;
      const name = packageName(imp.path);
      const wanted = owner.dependencies?.[name];
      if (!wanted) problems.add(`${owner.name} imports ${name} (${input}) but does not depend on it`);
      else if (cli[name] !== wanted) problems.add(`packages/cli/package.json needs "${name}": "${wanted}" in dependencies (bundled from ${owner.name})`);
    }
  }
  if (problems.size) throw new Error(`cobro build:\n  ${[...problems].join('\n  ')}`);
}

/** Build into `outDir`; dist/cobro.inputs.json records what it was built from, for bin/cobro.cjs in the repository. */
export async function build(outDir = join(pkgDir, 'dist')) {
  const startedAt = Date.now();
  const result = await loadEsbuild().build({
    entryPoints: [join(pkgDir, 'src', 'bin.ts')],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    conditions: ['@cobro/source'],
    plugins: [externalPackages],
    // bin.ts finds package.json from import.meta.url, which CommonJS does not have.
    banner: { js: "const __cobroModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__cobroModuleUrl' },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  checkDependencies(result.metafile);
  mkdirSync(outDir, { recursive: true });
  // Written aside and renamed: a `cobro` starting meanwhile (two test files at once) never reads half a file.
  const publish = (name, contents) => {
    const tmp = join(outDir, `.${name}.${process.pid}`);
    writeFileSync(tmp, contents);
    renameSync(tmp, join(outDir, name));
  };
  publish('cobro.cjs', result.outputFiles[0].contents);
  // This script counts as an input: a change in how the CLI is built makes the build stale too.
  const inputs = [...Object.keys(result.metafile.inputs), relative(root, fileURLToPath(import.meta.url)), 'scripts/build-library.mjs'];
  publish('cobro.inputs.json', JSON.stringify({ startedAt, inputs }) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await build(process.argv[2] && resolve(process.argv[2]));
