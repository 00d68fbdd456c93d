// Builds the publishable output, dist/esm and dist/cjs (scripts/build-library.mjs says how and why).
// Usage: node scripts/build.mjs [outDir]   (default: dist; the packaging test builds into a temp dir)
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary } from '../../../scripts/build-library.mjs';

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `options` is the subpath @cobro/sandbox/options: the option table alone, for the CLI's flags.
await buildLibrary(pkgDir, process.argv[2], ['index', 'options']);
