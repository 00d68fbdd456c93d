// A commit's sandbox and bench, taken with `git archive` into a temp folder beside links to this checkout's
// node_modules (its own @cobro/sandbox pointing at that copy), so an A/B runs both sides on the same dependencies.
// The caller removes the folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function archivedTree(root: string, commit: string, prefix = 'cobro-sandbox-ab-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('sh', ['-c', `git archive ${commit} package.json tsconfig.json tsconfig.base.json packages/sandbox bench | tar -x -C ${dir}`], { cwd: root });
  mkdirSync(join(dir, 'node_modules/@cobro'), { recursive: true });
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name !== '@cobro') symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  symlinkSync(join(dir, 'packages/sandbox'), join(dir, 'node_modules/@cobro/sandbox'));
  return dir;
}
