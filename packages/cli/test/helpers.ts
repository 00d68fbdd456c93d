// Test helpers: a sandbox on a real port, a temp COBRO_HOME, and the real `cobro` bin as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, listen, type Sandbox, type SandboxOptions } from '@cobro/sandbox';
import { seedDemo, type DemoSeed } from '../src/demo-seed.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// The bin a user runs. It loads the one-file build, dist/cobro.cjs, which `npm test` builds first (pretest);
// a single test file run on its own rebuilds it here if a source changed since.
export const BIN = join(ROOT, 'packages/cli/bin/cobro.cjs');
await (createRequire(import.meta.url)('../scripts/fresh.cjs') as { ensureFresh(): Promise<void> }).ensureFresh();

export interface TestSandbox { sb: Sandbox; url: string; demo: DemoSeed; close(): Promise<void> }

export async function startSandbox(seed: string, options: SandboxOptions = {}): Promise<TestSandbox> {
  const sb = createSandbox({ seed, ...options });
  const running = await listen(sb, { port: 0, hostname: '127.0.0.1' });
  const demo = await seedDemo(sb, running.url);
  return { sb, url: running.url, demo, close: () => running.close() };
}

export function tempHome(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clean environment: nothing from the developer's own cobro setup leaks in. */
export function cliEnv(home: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('COBRO_') && !k.startsWith('NODE_TEST')) base[k] = v;
  return { ...base, COBRO_HOME: home, HOME: home, NO_COLOR: '1', ...env };
}

export interface Result { code: number | null; stdout: string; stderr: string; json<T = any>(): T; lines<T = any>(): T[] }

function result(code: number | null, stdout: string, stderr: string): Result {
  return {
    code, stdout, stderr,
    json: () => JSON.parse(stdout),
    lines: () => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)),
  };
}

/** Run `cobro …` to completion (stdin closed: no terminal); `bin`: another install's bin (packaging test). */
export function cobro(args: string[], home: string, env: Record<string, string> = {}, bin = BIN): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: cliEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code, out, err)));
  });
}

/** A long-running `cobro …` (charge, listen, connect): read its JSON lines as they come. */
export class Live {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  #waiters: Array<() => void> = [];
  readonly done: Promise<Result>;

  constructor(args: string[], home: string, env: Record<string, string> = {}, bin = BIN) {
    this.child = spawn(process.execPath, [bin, ...args], { cwd: home, env: cliEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => { this.stdout += d; this.#wake(); });
    this.child.stderr!.on('data', (d) => { this.stderr += d; this.#wake(); });
    this.done = new Promise((resolve) => this.child.on('close', (code) => { this.#wake(); resolve(result(code, this.stdout, this.stderr)); }));
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** The first JSON line on stdout for which `match` holds. */
  async line<T = any>(match: (l: any) => boolean): Promise<T> {
    for (;;) {
      const hit = this.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find(match);
      if (hit) return hit as T;
      if (this.child.exitCode !== null) throw new Error(`cobro exited ${this.child.exitCode} first; stdout: ${this.stdout} stderr: ${this.stderr}`);
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  /** Wait until stdout contains `text`. */
  async text(text: string): Promise<void> {
    while (!this.stdout.includes(text)) {
      if (this.child.exitCode !== null) throw new Error(`cobro exited ${this.child.exitCode} first; stdout: ${this.stdout} stderr: ${this.stderr}`);
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Result> {
    this.child.kill(signal);
    return this.done;
  }
}

/** `cobro init` with the demo seller's credentials into `profile`. */
export async function initDemo(home: string, t: TestSandbox, profile = 'default', extra: string[] = []): Promise<Result> {
  const d = t.demo;
  const r = await cobro(['init', '--profile', profile, '--base-url', t.url, '--access-token', d.seller.access_token, '--client-id', d.seller.client_id,
    '--client-secret', d.seller.client_secret, '--webhook-secret', d.seller.webhook_secret, '--sponsor-id', String(d.sponsor_id), '--site', 'MLA', '--json', ...extra], home);
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return r;
}

export function readProfiles(home: string): any {
  return JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8'));
}

/** `cobro …` in a pseudo-terminal (util-linux `script`): stdin and stdout are TTYs, as for a person. */
export class Pty {
  readonly child: ChildProcess;
  output = '';
  #seen = 0;
  #waiters: Array<() => void> = [];
  readonly done: Promise<number | null>;

  constructor(args: string[], home: string, env: Record<string, string> = {}) {
    // `exec`: no shell may stay between the terminal and cobro. A waiting dash (script's shell when SHELL
    // is /bin/sh, as on CI) dies of the Ctrl-C itself, and script then reports its exit, not cobro's.
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    this.child = spawn('script', ['-qec', `stty cols 120 rows 50; exec ${quoted}`, '/dev/null'], {
      cwd: home, env: cliEnv(home, { TERM: 'xterm-256color', ...env }), stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => { this.output += d; for (const w of this.#waiters.splice(0)) w(); });
    this.done = new Promise((resolve) => this.child.on('close', (code) => { for (const w of this.#waiters.splice(0)) w(); this.child.stdin!.end(); resolve(code); }));
  }

  /** Wait for `text` after what was already matched, then type `keys` (if any). */
  async expect(text: string, keys?: string): Promise<void> {
    for (;;) {
      const at = this.output.indexOf(text, this.#seen);
      if (at >= 0) { this.#seen = at + text.length; break; }
      if (this.child.exitCode !== null) throw new Error(`exited before "${text}": ${this.output}`);
      await new Promise<void>((r) => this.#waiters.push(r));
    }
    if (keys !== undefined) this.child.stdin!.write(keys);
  }
}
