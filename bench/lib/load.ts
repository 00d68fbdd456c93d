// Raw GET load on a server: the closed loop of calls.ts over an undici Pool, counting only 200s as served.
// The same loop measures every server, so ratios are fair.
import { Pool } from 'undici';
import { closedLoop } from './calls.ts';

export interface LoadResult { requests: number; errors: number; seconds: number; rps: number }

export async function load(opts: { url: string; path: string; headers?: Record<string, string>; connections?: number; seconds?: number }): Promise<LoadResult> {
  const connections = opts.connections ?? 32;
  const pool = new Pool(opts.url, { connections, pipelining: 1 });
  try {
    const r = await closedLoop(async () => {
      const res = await pool.request({ method: 'GET', path: opts.path, headers: opts.headers });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    }, { concurrency: connections, seconds: opts.seconds ?? 5 });
    return { requests: r.calls, errors: r.errors, seconds: r.seconds, rps: r.perSecond };
  } finally {
    await pool.close();
  }
}
