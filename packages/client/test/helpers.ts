// Test doubles shared by the client tests: a recording transport over the sandbox, and seller setup.
import { createSandbox, type Sandbox } from '@cobro/sandbox';
import type { Transport } from '../src/index.ts';

export interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export type Step = Response | Error | 'pass' | (() => Response | Promise<Response>);

/** Wraps a transport: records every request; answers from `script` first, then passes through. */
export function recording(inner: Transport, script: Step[] = []): { fetch: Transport; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: Transport = async (input, init) => {
    const req = new Request(input, init);
    calls.push({ url: req.url, method: req.method, headers: req.headers, body: typeof init?.body === 'string' ? init.body : undefined });
    const step = script.shift() ?? 'pass';
    if (step === 'pass') return inner(input, init);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step();
    return step;
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function resetError(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

/** A seller created through the sandbox's control plane (public API), with its access token. */
export async function sandboxSeller(sb: Sandbox, site = 'MLA'): Promise<{ userId: number; accessToken: string }> {
  const res = await sb.fetch('https://api.mercadopago.com/__sandbox/accounts', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site_id: site }),
  });
  if (res.status !== 201) throw new Error(`sandbox seller: HTTP ${res.status} ${await res.text()}`);
  const a = await res.json() as { user_id: number; access_token: string };
  return { userId: a.user_id, accessToken: a.access_token };
}

export function sandbox(seed: string): Sandbox {
  return createSandbox({ seed });
}

/** Sleep double: records the delays asked for, resolves at once. */
export function sleeper(): { sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => { sleeps.push(ms); } };
}
