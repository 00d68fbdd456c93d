// HTTP load on a server: the closed loop of calls.ts over an undici Pool, counting only the expected status as
// served. The same loop measures every server, so ratios are fair. GET `path` by default; `request(n)` builds
// call n instead (e.g. a POST with a fresh idempotency key per call).
import { Pool } from 'undici';
import { closedLoop } from './calls.ts';

export interface LoadResult { requests: number; errors: number; seconds: number; rps: number; firstError?: unknown }

export interface LoadRequest { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }

export async function load(opts: {
  url: string; path: string; headers?: Record<string, string>; connections?: number; seconds?: number;
  request?: (n: number) => LoadRequest; expect?: number;
}): Promise<LoadResult> {
  const connections = opts.connections ?? 32;
  const expect = opts.expect ?? 200;
  const build = opts.request ?? (() => ({ method: 'GET' as const, path: opts.path, headers: opts.headers }));
  const pool = new Pool(opts.url, { connections, pipelining: 1 });
  try {
    const r = await closedLoop(async (n) => {
      const res = await pool.request(build(n));
      const text = await res.body.text();
      if (res.statusCode !== expect) throw new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`);
    }, { concurrency: connections, seconds: opts.seconds ?? 5 });
    return { requests: r.calls, errors: r.errors, seconds: r.seconds, rps: r.perSecond, firstError: r.firstError };
  } finally {
    await pool.close();
  }
}
