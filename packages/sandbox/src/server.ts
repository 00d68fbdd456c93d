// Serving a sandbox on a port. Dropped responses (reset, commit-then-drop) destroy the socket.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Sandbox } from './sandbox.ts';
import { DROPPED } from './middleware/faults.ts';

export interface RunningSandbox {
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

export function listen(sandbox: Sandbox, opts: { port?: number; hostname?: string } = {}): Promise<RunningSandbox> {
  const hostname = opts.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({
      hostname,
      port: opts.port ?? 0,
      // Not async: the app's answer is passed on as it comes (a promise of it is followed with one `then`, not an
      // async frame of its own on top).
      fetch: (req: Request, bindings) => {
        const env = bindings as HttpBindings;
        const res = sandbox.app.fetch(req, env);
        return res instanceof Promise ? res.then((r) => unlessDropped(r, env)) : unlessDropped(res, env);
      },
    }, (info: AddressInfo) => {
      const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`;
      resolve({
        url,
        port: info.port,
        server,
        close: () => new Promise<void>((res) => { sandbox.close(); server.close(() => res()); (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(); }),
      });
    });
    server.once('error', reject);
  });
}

/** The answer to send, or, for one marked dropped, a destroyed socket (and a stand-in nobody receives). */
function unlessDropped(res: Response, env: HttpBindings): Response {
  if (DROPPED.has(res)) {
    env.incoming.socket.destroy();
    return new Response(null, { status: 500 });
  }
  return res;
}
