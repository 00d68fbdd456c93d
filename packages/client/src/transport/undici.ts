// Default Node transport: undici `request` over one keep-alive Agent (measured ~4.75× Node 20's global
// fetch against a local server). Presents itself as a fetch-shaped function so the sender has one seam.
import { Agent, request } from 'undici';
import type { Transport } from './types.ts';

export interface UndiciTransportOptions {
  /** How long an idle socket is kept for reuse (ms). */
  keepAliveTimeout?: number;
  /** Max sockets per origin; unlimited by default. */
  connections?: number;
}

export interface UndiciTransport extends Transport {
  readonly agent: Agent;
  /** Close the pooled sockets (the process can then exit). */
  close(): Promise<void>;
}

// Statuses whose Response must not carry a body (the Response constructor throws otherwise).
const NULL_BODY = new Set([101, 204, 205, 304]);

function flattenHeaders(h: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) out.append(k, item);
  }
  return out;
}

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveTimeout ?? 10_000,
    ...(options.connections ? { connections: options.connections } : {}),
  });

  const transport = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url: string;
    let method = init.method;
    let headers = new Headers(init.headers);
    let body: string | Uint8Array | undefined;
    let signal = init.signal ?? undefined;
    if (input instanceof Request) {
      url = input.url;
      method ??= input.method;
      if (!init.headers) headers = new Headers(input.headers);
      signal ??= input.signal;
      if (init.body === undefined && input.body) body = new Uint8Array(await input.arrayBuffer());
    } else {
      url = String(input);
    }
    if (init.body != null) {
      if (typeof init.body === 'string' || init.body instanceof Uint8Array) body = init.body;
      else body = new Uint8Array(await new Response(init.body).arrayBuffer());
    }
    const res = await request(url, {
      dispatcher: agent,
      method: (method ?? 'GET').toUpperCase() as 'GET',
      headers: Object.fromEntries(headers),
      body,
      signal: signal ?? undefined,
    });
    const buf = new Uint8Array(await res.body.arrayBuffer());
    const nullBody = NULL_BODY.has(res.statusCode) || (method ?? 'GET').toUpperCase() === 'HEAD';
    return new Response(nullBody ? null : buf, {
      status: res.statusCode,
      headers: flattenHeaders(res.headers),
    });
  };
  return Object.assign(transport, { agent, close: () => agent.close() });
}
