// Graceful stop of the HTTP side: refuse new connections, end the live streams (SSE streams close, long-polls
// answer now), let every request in flight finish with its answer, close keep-alive connections as they go idle —
// and after `graceMs`, cut what is still open, so a stuck client cannot hold a shutdown forever.
import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';
import type { ChargeHub } from '../services/charge-hub.ts';

export const SHUTDOWN_GRACE_MS = 10_000;

export async function drainHttp(server: ServerType, hub: Pick<ChargeHub, 'close'>, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  const http = server as Server;
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  hub.close();
  // A connection that finishes its request after close() stays open for keep-alive unless closed when idle.
  const idle = setInterval(() => http.closeIdleConnections(), 25);
  const cut = setTimeout(() => http.closeAllConnections(), graceMs);
  try {
    http.closeIdleConnections();
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}
