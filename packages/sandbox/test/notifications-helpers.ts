// Shared by the notifications/faults/clock tests: an in-process webhook receiver that records what it got.
import { createHmac } from 'node:crypto';

export interface Received {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A `webhookFetch` that records each request and answers with `answer(n)` (n = 1-based request count). */
export function receiver(answer: (n: number, r: Received) => number | Promise<number> = () => 200) {
  const got: Received[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    const r: Received = {
      method: req.method,
      url: new URL(req.url),
      headers: Object.fromEntries(req.headers),
      body: JSON.parse(await req.text()) as Record<string, unknown>,
    };
    got.push(r);
    return new Response('ok', { status: await answer(got.length, r) });
  };
  return { got, fetch };
}

/** What a receiver does with §9.4: rebuild the manifest from the query's data.id and compare the HMAC. */
export function verifies(r: Received, secret: string, idCase: 'asis' | 'lower' = 'asis'): boolean {
  const parts = Object.fromEntries((r.headers['x-signature'] ?? '').split(',').map((p) => p.trim().split('=') as [string, string]));
  let id = r.url.searchParams.get('data.id') ?? '';
  if (idCase === 'lower') id = id.toLowerCase();
  const manifest = `${id ? `id:${id};` : ''}request-id:${r.headers['x-request-id']};ts:${parts.ts};`;
  return createHmac('sha256', secret).update(manifest).digest('hex') === parts.v1;
}
