// Shared by the identity tests (accounts, OAuth, test users): one JSON call with an optional bearer token.
import type { Sandbox } from '../src/index.ts';

export type Json = Record<string, any>;

export async function call(sb: Sandbox, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await sb.fetch(`https://api.mercadopago.com${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() as Json };
}
