#!/usr/bin/env node
// `cobro`. dist/cobro.cjs is the whole CLI in one file (scripts/build.mjs). In the repository (src/ beside
// bin/), a build older than its sources is rebuilt first (~0.3 s), so `npx cobro` never runs stale code; an
// installed package has no src/ and pays for one existsSync.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const run = () => require('../dist/cobro.cjs');
if (existsSync(join(__dirname, '..', 'src'))) {
  require('../scripts/fresh.cjs').ensureFresh().then(run, (err) => {
    console.error(`cobro: could not build the CLI from its sources: ${err.message}`);
    process.exit(1);
  });
} else {
  run();
}
