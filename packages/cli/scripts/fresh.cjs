// Used by bin/cobro.cjs and the tests inside the repository only (the published package has no src/):
// rebuild dist/cobro.cjs when it is missing or older than any file it was built from.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const root = join(__dirname, '..', '..', '..');

function isFresh() {
  let built;
  try {
    built = JSON.parse(readFileSync(join(dist, 'cobro.inputs.json'), 'utf8'));
    statSync(join(dist, 'cobro.cjs'));
  } catch {
    return false;
  }
  // A new source file is only reached through an edited one, and a deleted one fails its stat.
  try {
    return built.inputs.every((file) => statSync(join(root, file)).mtimeMs < built.startedAt);
  } catch {
    return false;
  }
}

/** Resolves once dist/cobro.cjs matches the sources. */
async function ensureFresh() {
  if (!isFresh()) await (await import('./build.mjs')).build();
}

module.exports = { ensureFresh, isFresh };
