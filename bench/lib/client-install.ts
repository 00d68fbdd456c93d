// `@cobro/client` as a user installs it: built by its own build script into a temp dir laid out as
// node_modules/@cobro/client, with its dependencies linked from the workspace. Cold-import measurements
// use this (the built JavaScript, not the sources through tsx).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function installBuiltClient(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-client-bench-'));
  const installed = join(dir, 'node_modules', '@cobro', 'client');
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'packages/client/package.json'), join(installed, 'package.json'));
  execFileSync(process.execPath, [join(root, 'packages/client/scripts/build.mjs'), join(installed, 'dist')], { stdio: 'inherit' });
  for (const dep of ['undici', 'qrcode']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'junction');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
