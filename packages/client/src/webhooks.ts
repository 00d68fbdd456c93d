// Webhook signature verification and test signing (spec §9.4), and parsing of what MP delivers (§9.3).
// Manifest: `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` with absent pairs omitted; v1 = hex
// HMAC-SHA256(secret, manifest). data.id comes from the QUERY string of the delivered URL. The manifest has
// no escaping, so a part holding `;` or `:` could pose as another (a data.id of `123;request-id:<rid>` with
// no x-request-id header signs like id 123 with that request id): such parts are refused, and both parts
// are required unless the caller says a delivery may lack them.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type WebhookFailureReason =
  | 'missing_secret'
  | 'missing_header'
  | 'malformed_header'
  /** No data.id in the query / no x-request-id header (see `requireParts`). */
  | 'missing_data_id'
  | 'missing_request_id'
  /** The part holds `;` or `:` (or a control character), which would let it pose as another manifest part. */
  | 'malformed_data_id'
  | 'malformed_request_id'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch';

export type WebhookVerification =
  | { ok: true; /** Signature timestamp in seconds. */ ts: number; /** Which data.id casing matched. */ idCase: 'asis' | 'lower' }
  | { ok: false; reason: WebhookFailureReason };

export interface VerifyWebhookParams {
  secret: string;
  /** The `x-signature` header. */
  xSignature: string | null | undefined;
  /** The `x-request-id` header (omitted from the manifest when absent). */
  xRequestId?: string | null;
  /** `data.id` from the query string of the delivered URL (omitted from the manifest when absent). */
  dataId?: string | null;
  /**
   * Max |now − ts| in seconds. Default 300. `null` or `Infinity` skips the check (e.g. a sandbox on a
   * virtual clock, or replaying stored deliveries).
   */
  toleranceSeconds?: number | null;
  /** Current time: ms since epoch or a Date. Default Date.now(). */
  now?: number | Date;
  /**
   * Require data.id and x-request-id (default true: MP sends both with every signed webhook). `false` accepts
   * a delivery without them, verified over the shorter manifest MP documents for that case.
   */
  requireParts?: boolean;
}

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** `id:…;request-id:…;ts:…;` with absent pairs left out. */
export function webhookManifest(dataId: string | null | undefined, requestId: string | null | undefined, ts: string): string {
  let m = '';
  if (dataId) m += `id:${dataId};`;
  if (requestId) m += `request-id:${requestId};`;
  if (ts) m += `ts:${ts};`;
  return m;
}

function hmacHex(secret: string, manifest: string): string {
  return createHmac('sha256', secret).update(manifest).digest('hex');
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `ts=…,v1=…` → parts; unknown keys ignored, spaces trimmed, several v1 values kept. */
export function parseSignatureHeader(header: string): { ts?: string; v1: string[] } {
  const out: { ts?: string; v1: string[] } = { v1: [] };
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim().toLowerCase();
    const value = part.slice(i + 1).trim();
    if (key === 'ts') out.ts = value;
    else if (key === 'v1' && value) out.v1.push(value);
  }
  return out;
}

/** ts in seconds; 13+ digits are milliseconds (spec §9.4 CONFLICT: both are seen). */
function tsSeconds(ts: string): number {
  const n = Number(ts);
  return ts.length >= 13 ? n / 1000 : n;
}

/** A manifest part must not contain the manifest's own separators. */
const UNSAFE_PART = /[;:\u0000-\u001f\u007f]/;

function checkParts(p: VerifyWebhookParams): WebhookFailureReason | undefined {
  const required = p.requireParts !== false;
  if (p.dataId && UNSAFE_PART.test(p.dataId)) return 'malformed_data_id';
  if (p.xRequestId && UNSAFE_PART.test(p.xRequestId)) return 'malformed_request_id';
  if (required && !p.dataId) return 'missing_data_id';
  if (required && !p.xRequestId) return 'missing_request_id';
  return undefined;
}

export function verifyWebhookSignature(p: VerifyWebhookParams): WebhookVerification {
  if (!p.secret) return { ok: false, reason: 'missing_secret' };
  if (!p.xSignature || !p.xSignature.trim()) return { ok: false, reason: 'missing_header' };
  const badPart = checkParts(p);
  if (badPart) return { ok: false, reason: badPart };
  const { ts, v1 } = parseSignatureHeader(p.xSignature);
  if (!ts || !/^\d{1,16}$/.test(ts) || v1.length === 0 || v1.some((v) => !/^[0-9a-f]{64}$/i.test(v))) {
    return { ok: false, reason: 'malformed_header' };
  }
  const tolerance = p.toleranceSeconds === undefined ? DEFAULT_WEBHOOK_TOLERANCE_SECONDS : p.toleranceSeconds;
  if (tolerance !== null && Number.isFinite(tolerance)) {
    const nowMs = p.now === undefined ? Date.now() : typeof p.now === 'number' ? p.now : p.now.getTime();
    if (Math.abs(nowMs / 1000 - tsSeconds(ts)) > tolerance) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  // Spec §9.4 CONFLICT on data.id casing: try it as received, then lowercased.
  const candidates: Array<['asis' | 'lower', string | null | undefined]> = [['asis', p.dataId]];
  if (p.dataId && p.dataId.toLowerCase() !== p.dataId) candidates.push(['lower', p.dataId.toLowerCase()]);
  for (const [idCase, id] of candidates) {
    const expected = hmacHex(p.secret, webhookManifest(id, p.xRequestId, ts));
    // Check every v1 without short-circuiting, so timing does not tell which one matched.
    let match = false;
    for (const sig of v1) match = safeEqualHex(expected, sig) || match;
    if (match) return { ok: true, ts: tsSeconds(ts), idCase };
  }
  return { ok: false, reason: 'signature_mismatch' };
}

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : h[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verify a delivery as received: a `Request`, or its URL (absolute, or path + query as in Node's
 * `req.url`) and headers. data.id is read from the URL's query string, as MP signs it.
 */
export function verifyWebhookRequest(
  secret: string,
  delivery: Request | { url: string | URL; headers: HeaderBag },
  options: Pick<VerifyWebhookParams, 'toleranceSeconds' | 'now' | 'requireParts'> = {},
): WebhookVerification {
  const url = new URL(String(delivery.url), 'http://localhost');
  return verifyWebhookSignature({
    secret,
    xSignature: header(delivery.headers, 'x-signature'),
    xRequestId: header(delivery.headers, 'x-request-id'),
    dataId: url.searchParams.get('data.id'),
    ...options,
  });
}

export interface SignWebhookParams {
  secret: string;
  /** data.id as it will appear in the query string. */
  dataId?: string;
  /** Default a random UUID; `null` sends no x-request-id. */
  requestId?: string | null;
  /** Seconds (or a 13-digit ms value, kept verbatim). Default now in seconds. */
  ts?: number | string;
}

/** Headers MP would send for this delivery: for tests of webhook receivers. */
export function signWebhook(p: SignWebhookParams): { 'x-signature': string; 'x-request-id'?: string } {
  const ts = String(p.ts ?? Math.floor(Date.now() / 1000));
  const requestId = p.requestId === undefined ? randomUUID() : p.requestId;
  const v1 = hmacHex(p.secret, webhookManifest(p.dataId, requestId, ts));
  return requestId ? { 'x-signature': `ts=${ts},v1=${v1}`, 'x-request-id': requestId } : { 'x-signature': `ts=${ts},v1=${v1}` };
}
