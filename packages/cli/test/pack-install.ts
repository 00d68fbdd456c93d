// For the packaging test: our packages built and packed as `npm publish` would ship them, then installed by
// npm into a project outside the workspace, the way a user's point-of-sale project gets them.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; [k: string]: unknown }
interface Lock { packages: Record<string, LockEntry> }

// npm without what `npm test` exported into the environment (npm_config_local_prefix would point npm back
// at the workspace); where to fetch from and the cache stay.
function npmEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|registry|userconfig|globalconfig|cafile|https?_proxy|proxy|noproxy|strict_ssl)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)));
}

export function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(file, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' && file === npm });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

export interface Packed {
  name: string; version: string; tarball: string; files: string[];
  manifest: {
    license?: string; dependencies?: Record<string, string>; bin?: Record<string, string>; engines?: Record<string, string>;
    exports?: Record<string, string | { import?: { default?: string }; require?: { default?: string } }>;
  };
}

/** Build packages/<dir> by its own build script into a staging copy and `npm pack` that (no scripts, no network). */
export function pack(dir: string, tmp: string): Packed {
  const src = join(ROOT, 'packages', dir);
  const stage = join(tmp, `stage-${dir}`);
  mkdirSync(stage);
  // The build loads what it built (scripts/build-library.mjs checks the error class names): let its imports
  // resolve. npm pack never packs node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'junction');
  for (const f of ['package.json', 'README.md', 'bin']) if (existsSync(join(src, f))) cpSync(join(src, f), join(stage, f), { recursive: true });
  run(process.execPath, [join(src, 'scripts', 'build.mjs'), join(stage, 'dist')], src);
  const [info] = JSON.parse(run(npm, ['pack', stage, '--ignore-scripts', '--json', '--pack-destination', tmp], tmp)) as
    Array<{ name: string; version: string; filename: string; files: Array<{ path: string }> }>;
  const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  return { name: info.name, version: info.version, tarball: join(tmp, info.filename), files: info.files.map((f) => f.path), manifest };
}

// Where node finds `name` from the package at lock path `from`, in the root lock's layout.
function locate(lock: Lock, name: string, from: string): string {
  for (let dir = from; ;) {
    const at = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[at]) return at;
    if (!dir) throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`);
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

/**
 * A lockfile for the consumer: the tarballs, and for their dependencies the very versions (and integrity) of
 * the repository's lock, copied with their paths. npm then needs no registry metadata: after the root
 * `npm ci` everything comes from npm's cache (`--prefer-offline`), and a consumer tests what we test.
 */
function consumerLock(packed: Packed[], extra: string[]): { dependencies: Record<string, string>; lock: object } {
  const root = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  const entries: Record<string, LockEntry> = {};
  const add = (at: string): void => {
    if (entries[at]) return;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = root.packages[at];
    entries[at] = entry;
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) add(locate(root, dep, at));
  };
  const dependencies: Record<string, string> = {};
  for (const p of packed) {
    const file = `file:${p.tarball}`;
    const { license, bin, engines } = p.manifest;
    entries[`node_modules/${p.name}`] = { version: p.version, resolved: file, license, dependencies: p.manifest.dependencies, bin, engines };
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) add(locate(root, dep, ''));
    dependencies[p.name] = file;
  }
  for (const name of extra) {
    add(`node_modules/${name}`);
    dependencies[name] = root.packages[`node_modules/${name}`].version!;
  }
  return { dependencies, lock: { name: 'pos-app', lockfileVersion: 3, requires: true, packages: { '': { name: 'pos-app', dependencies }, ...entries } } };
}

/** `npm <args>` in the project at `dir`, not the workspace. */
export function npmIn(dir: string, args: string[]): string {
  return run(npm, [...args, '--prefix', dir], dir, npmEnv());
}

/** An empty project at `dir` (type module) with the tarballs and `extra` root packages installed by npm. */
export function installInto(dir: string, packed: Packed[], extra: string[]): void {
  mkdirSync(dir, { recursive: true });
  const { dependencies, lock } = consumerLock(packed, extra);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pos-app', private: true, type: 'module', dependencies }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  npmIn(dir, ['install', '--prefer-offline', '--no-audit', '--no-fund']);
}
