// Webhook signing (spec §9.4): `x-signature: ts=<ts>,v1=<hex HMAC-SHA256(secret, manifest)>` where the
// manifest is `id:[data.id];request-id:[x-request-id];ts:[ts];` with absent pairs omitted.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ManifestParts {
  /** `data.id` as it appears in the delivered URL's query string. */
  dataId?: string;
  requestId?: string;
  ts: string | number;
}

/** The exact string MP signs, trailing semicolon included; pairs without a value are left out. */
export function signatureManifest(p: ManifestParts): string {
  let s = '';
  if (p.dataId) s += `id:${p.dataId};`;
  if (p.requestId) s += `request-id:${p.requestId};`;
  return `${s}ts:${p.ts};`;
}

/** Lowercase hex HMAC-SHA256 of the manifest, keyed with the app's webhook secret. */
export function signatureV1(secret: string, p: ManifestParts): string {
  return createHmac('sha256', secret).update(signatureManifest(p)).digest('hex');
}

/** The `x-signature` header value. */
export function signatureHeader(secret: string, p: ManifestParts): string {
  return `ts=${p.ts},v1=${signatureV1(secret, p)}`;
}

/** Split `ts=…,v1=…` (unknown keys kept, spaces trimmed). */
export function parseSignatureHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (k && v) out[k] = v;
  }
  return out;
}

/** Check an `x-signature` header in constant time (what a receiver does). */
export function verifySignature(secret: string, header: string, dataId: string | undefined, requestId: string | undefined): boolean {
  const { ts, v1 } = parseSignatureHeader(header);
  if (!ts || !v1) return false;
  const expected = Buffer.from(signatureV1(secret, { dataId, requestId, ts }));
  const got = Buffer.from(v1);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
