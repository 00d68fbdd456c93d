// A small closed-loop load generator on undici: `connections` workers, each sending the next request as soon
// as the previous one answered, for `seconds`. The same loop measures every server, so ratios are fair.
import { Pool } from 'undici';

export interface LoadResult { requests: number; errors: number; seconds: number; rps: number }

export async function load(opts: { url: string; path: string; headers?: Record<string, string>; connections?: number; seconds?: number }): Promise<LoadResult> {
  const connections = opts.connections ?? 32;
  const pool = new Pool(opts.url, { connections, pipelining: 1 });
  const deadline = performance.now() + (opts.seconds ?? 5) * 1000;
  let requests = 0, errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        const res = await pool.request({ method: 'GET', path: opts.path, headers: opts.headers });
        await res.body.arrayBuffer();
        if (res.statusCode === 200) requests++; else errors++;
      } catch { errors++; }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests, errors, seconds, rps: requests / seconds };
}
