// bin/cobro.cjs inside the repository rebuilds dist/cobro.cjs when a source it was built from changed or
// disappeared, and otherwise runs it as is; an installed package (no src/) never builds. Checked on a copy of
// the bin and scripts/fresh.cjs in a temp tree whose build script is a stand-in that counts its runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

// Stands in for scripts/build.mjs: the "bundle" prints the source it was built from.
const FAKE_BUILD = `
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
const here = new URL('..', import.meta.url).pathname;
export async function build() {
  const startedAt = Date.now();
  const count = existsSync(here + 'builds') ? Number(readFileSync(here + 'builds', 'utf8')) : 0;
  writeFileSync(here + 'builds', String(count + 1));
  mkdirSync(here + 'dist', { recursive: true });
  const source = readFileSync(here + 'src/bin.ts', 'utf8');
  writeFileSync(here + 'dist/cobro.cjs', 'console.log(' + JSON.stringify(source) + ');');
  writeFileSync(here + 'dist/cobro.inputs.json', JSON.stringify({ startedAt, inputs: ['packages/cli/src/bin.ts', 'packages/cli/src/extra.ts'] }));
}
`;

test('the bin builds when there is no build, reuses a fresh one, rebuilds after an edit or a deletion; installed, it never builds', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cobro-fresh-'));
  try {
    const pkg = join(tmp, 'packages', 'cli');
    for (const dir of ['bin', 'scripts', 'src']) mkdirSync(join(pkg, dir), { recursive: true });
    cpSync(join(ROOT, 'packages/cli/bin/cobro.cjs'), join(pkg, 'bin/cobro.cjs'));
    cpSync(join(ROOT, 'packages/cli/scripts/fresh.cjs'), join(pkg, 'scripts/fresh.cjs'));
    writeFileSync(join(pkg, 'scripts/build.mjs'), FAKE_BUILD);
    writeFileSync(join(pkg, 'src/bin.ts'), 'v1');
    writeFileSync(join(pkg, 'src/extra.ts'), '');
    const cobro = () => execFileSync(process.execPath, [join(pkg, 'bin/cobro.cjs')], { encoding: 'utf8' }).trim();
    const builds = () => Number(readFileSync(join(pkg, 'builds'), 'utf8'));
    // Sources older than any build, so only the edits below make the build stale.
    const past = new Date(Date.now() - 60_000);
    for (const f of ['bin.ts', 'extra.ts']) utimesSync(join(pkg, 'src', f), past, past);

    assert.equal(cobro(), 'v1');
    assert.equal(builds(), 1);
    assert.equal(cobro(), 'v1');
    assert.equal(builds(), 1, 'a fresh build is reused');

    writeFileSync(join(pkg, 'src/bin.ts'), 'v2');
    const future = new Date(Date.now() + 5_000);
    utimesSync(join(pkg, 'src/bin.ts'), future, future);
    assert.equal(cobro(), 'v2');
    assert.equal(builds(), 2, 'an edited source rebuilds');
    utimesSync(join(pkg, 'src/bin.ts'), past, past);

    rmSync(join(pkg, 'src/extra.ts'));
    assert.equal(cobro(), 'v2');
    assert.equal(builds(), 3, 'a deleted source rebuilds');

    // As installed from the tarball: no src/, and no record of inputs either.
    rmSync(join(pkg, 'src'), { recursive: true });
    rmSync(join(pkg, 'dist/cobro.inputs.json'));
    assert.equal(cobro(), 'v2');
    assert.equal(builds(), 3, 'an installed package never builds');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
