// Default Node transport: undici `request` over one keep-alive Agent (measured ~4.75× Node 20's global
// fetch against a local server). Presents itself as a fetch-shaped function so the sender has one seam.
// undici is loaded on the first request, not at import: it costs more start-up than the rest of the client
// together, and an app that only verifies webhooks or builds QR codes never needs it.
import type { EventEmitter } from 'node:events';
import type { Agent } from 'undici';
import type { Transport } from './types.ts';

export interface UndiciTransportOptions {
  /** How long an idle socket is kept for reuse (ms). */
  keepAliveTimeout?: number;
  /** Max sockets per origin; unlimited by default. */
  connections?: number;
}

/** A response as the request sender reads it: no WHATWG Response, Headers or streams to build. */
export interface RawExchange {
  status: number;
  /** Lowercase names; repeated headers joined with ", " (as `Headers` does). */
  headers: Record<string, string>;
  text: string;
  bytes: Uint8Array | undefined;
}

export interface RawInit {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** undici takes an EventEmitter too: far cheaper to make per attempt than an AbortController. */
  signal?: AbortSignal | EventEmitter;
}

/** The sender's fast path into the default transport (the fetch shape stays for everyone else). */
export const sendRaw: unique symbol = Symbol('cobro.undici.sendRaw');

export interface UndiciTransport extends Transport {
  /** The connection pool, once the first request has loaded undici; undefined before. */
  readonly agent: Agent | undefined;
  /** Close the pooled sockets (the process can then exit). */
  close(): Promise<void>;
  /** `bytes`: read the body as bytes (else as text). */
  [sendRaw](url: string, init: RawInit, bytes: boolean): Promise<RawExchange>;
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

function joinHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined) out[k] = typeof v === 'string' ? v : v.join(', ');
  }
  return out;
}

export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  let loaded: { request: typeof import('undici').request; agent: Agent } | undefined;
  let loading: Promise<typeof import('undici')> | undefined;
  let closed = false;
  const load = async () => {
    const undici = await (loading ??= import('undici'));
    if (closed) throw new Error('this transport was closed');
    return loaded ??= {
      request: undici.request,
      agent: new undici.Agent({
        keepAliveTimeout: options.keepAliveTimeout ?? 10_000,
        ...(options.connections ? { connections: options.connections } : {}),
      }),
    };
  };

  const raw = async (url: string, init: RawInit, bytes: boolean): Promise<RawExchange> => {
    const { request, agent } = loaded ?? await load();
    const res = await request(url, { dispatcher: agent, method: init.method as 'GET', headers: init.headers, body: init.body, signal: init.signal });
    const headers = joinHeaders(res.headers);
    if (bytes && res.statusCode >= 200 && res.statusCode < 300) {
      return { status: res.statusCode, headers, text: '', bytes: new Uint8Array(await res.body.arrayBuffer()) };
    }
    return { status: res.statusCode, headers, text: await res.body.text(), bytes: undefined };
  };

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
    const { request, agent } = loaded ?? await load();
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
  return Object.defineProperties(transport, {
    agent: { get: () => loaded?.agent, enumerable: true },
    close: {
      value: async () => {
        closed = true;
        await loaded?.agent.close();
      },
    },
    [sendRaw]: { value: raw },
  }) as UndiciTransport;
}
