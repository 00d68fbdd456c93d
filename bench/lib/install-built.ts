// A package as a user installs it: built by its own build script into a temp dir laid out as
// node_modules/@cobro/<name>, with its dependencies linked from the workspace. Start-up measurements use
// this (the built JavaScript, not the sources through tsx).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `dir` is the consumer project; `pkgDir` the installed package inside its node_modules. */
export function installBuilt(name: 'client' | 'cli'): { dir: string; pkgDir: string; remove(): void } {
  const src = join(root, 'packages', name);
  const dir = mkdtempSync(join(tmpdir(), `cobro-${name}-bench-`));
  const pkgDir = join(dir, 'node_modules', '@cobro', name);
  mkdirSync(pkgDir, { recursive: true });
  cpSync(join(src, 'package.json'), join(pkgDir, 'package.json'));
  if (existsSync(join(src, 'bin'))) cpSync(join(src, 'bin'), join(pkgDir, 'bin'), { recursive: true });
  execFileSync(process.execPath, [join(src, 'scripts/build.mjs'), join(pkgDir, 'dist')], { stdio: 'inherit' });
  const deps = Object.keys((JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
  for (const dep of deps) {
    mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'junction');
  }
  return { dir, pkgDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
