// The gateway as a real process (`bin.ts --json`, PORT=0, a temp data folder, PGlite or its own PostgreSQL
// database), killed with SIGKILL and started again on the same folder; the sandbox it embeds reached over its
// own port, and an integrator endpoint that records the events it is sent.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const BIN = resolve(import.meta.dirname, '../src/bin.ts');

export interface Started {
  proc: ChildProcess;
  url: string;
  sandbox: string;
  pos: { external_id: string; device_key?: string };
  stderr: string[];
}

/** A data folder, and on PostgreSQL a database of its own; `drop()` removes both. */
export async function crashTarget(databaseUrl: string | undefined, tag: string): Promise<{ dataDir: string; env: Record<string, string>; drop(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), `cobro-crash-${tag}-`));
  const dataDir = join(root, 'data');
  if (!databaseUrl) return { dataDir, env: {}, drop: async () => rmSync(root, { recursive: true, force: true }) };
  const { default: pg } = await import('pg');
  const name = `cobro_crash_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try { await c.query(q); } finally { await c.end(); }
  };
  await admin(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    dataDir, env: { DATABASE_URL: url.toString() },
    async drop() {
      await admin(`drop database if exists ${name} with (force)`);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Start `bin.ts --json` and read its one JSON line. */
export async function startProcess(dataDir: string, env: Record<string, string>): Promise<Started> {
  const proc = spawn(process.execPath, ['--conditions=@cobro/source', '--import', 'tsx', BIN, '--json'], {
    env: { ...process.env, PORT: '0', COBRO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  proc.stderr!.on('data', (c) => stderr.push(String(c)));
  let out = '';
  const line = await new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`the gateway did not start in 45 s:\n${stderr.join('')}`)), 45_000);
    proc.stdout!.on('data', (c) => {
      out += String(c);
      const nl = out.indexOf('\n');
      if (nl >= 0) { clearTimeout(t); res(out.slice(0, nl)); }
    });
    proc.once('exit', (code) => { clearTimeout(t); rej(new Error(`the gateway exited with ${code}:\n${stderr.join('')}`)); });
  });
  const info = JSON.parse(line);
  return { proc, url: info.url, sandbox: info.sandbox_url, pos: info.pos, stderr };
}

export async function kill(p: Started, signal: NodeJS.Signals): Promise<void> {
  if (p.proc.exitCode !== null || p.proc.signalCode !== null) return;
  const exited = once(p.proc, 'exit');
  p.proc.kill(signal);
  await exited;
}

export async function json(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method, headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const terminal = (p: Started, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  json(method, `${p.url}/api${path}`, body, { authorization: `Bearer ${key}`, ...headers });

export const sandbox = (p: Started, method: string, path: string, body?: unknown) => json(method, `${p.sandbox}/__sandbox${path}`, body);

export function adminKey(dataDir: string): string {
  return readFileSync(join(dataDir, 'admin-api.key'), 'utf8').trim();
}

/** Poll `probe` every 100 ms until it returns something truthy, or fail after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The integrator's endpoint: every event POSTed to it, by type. */
export async function integratorEndpoint(): Promise<{ url: string; secret: string; events: { id: string; type: string }[]; close(): Promise<void> }> {
  const events: { id: string; type: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const e = JSON.parse(body);
      events.push({ id: e.id, type: e.type });
      res.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/events`, secret: 'integrator-secret-for-crash-tests', events, close: () => new Promise((r) => server.close(() => r())) };
}

export interface CrashSession {
  dataDir: string;
  integrator: Awaited<ReturnType<typeof integratorEndpoint>>;
  /** Start the gateway on the session's folder (and database); killed at the end if still running. */
  start(): Promise<Started>;
}

/** A folder, a database, an integrator endpoint; the processes' logs are shown when `run` fails. */
export async function crashSession(databaseUrl: string | undefined, tag: string, run: (s: CrashSession) => Promise<void>): Promise<void> {
  const where = await crashTarget(databaseUrl, tag);
  const integrator = await integratorEndpoint();
  const procs: Started[] = [];
  const env = { ...where.env, INTEGRATOR_WEBHOOK_URL: integrator.url, INTEGRATOR_WEBHOOK_SECRET: integrator.secret };
  try {
    await run({ dataDir: where.dataDir, integrator, start: async () => { const p = await startProcess(where.dataDir, env); procs.push(p); return p; } });
  } catch (err) {
    for (const p of procs) process.stderr.write(p.stderr.join(''));
    throw err;
  } finally {
    for (const p of procs) await kill(p, 'SIGKILL');
    await integrator.close();
    await where.drop();
  }
}
