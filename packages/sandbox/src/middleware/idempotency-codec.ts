// How a remembered answer is kept small: the response body deflated against a preset dictionary of what
// answers look like (an Orders API order, a classic refund), held as a latin1 string so it stays plain data
// that persistence can write as JSON. An order's ~800-byte answer keeps ~100 bytes; `unpack` gives back the
// same bytes (a replay answers byte for byte), and the request is remembered by a 128-bit hash, not its text.
import crypto, { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** First character of a packed body: which dictionary it was packed with. Never change a published one (a
 *  persisted sandbox holds bodies packed with it); add a new version instead. */
const VERSION = '1';

const DICTIONARY = Buffer.from(
  '{"id":"PAY01KF0RDQG0VF5VSPNT2QXA97Q6","payment_id":12345678901,"amount":10,"metadata":{},"source":{"name":"","id":"","type":"collector"},' +
  '"date_created":"2026-01-15T09:00:00.000-03:00","unique_sequence_number":null,"refund_mode":"standard","adjustment_amount":0,' +
  '"status":"approved","reason":null,"labels":[],"amount_refunded_to_payer":10,"partition_details":[]}' +
  '{"id":"ORD01KF0RDQG05TS5PDNGP38NP0ZS","user_id":"246944854","type":"qr","external_reference":"","description":"",' +
  '"expiration_time":"PT15M","processing_mode":"automatic","total_amount":"150.50","country_code":"ARG","marketplace_fee":"",' +
  '"integration_data":{"application_id":"4047684931314956","sponsor":{"id":""}},"status":"created","status_detail":"created",' +
  '"created_date":"2026-01-15T12:00:00.000Z","last_updated_date":"2026-01-15T12:00:00.000Z",' +
  '"config":{"qr":{"external_pos_id":"","mode":"dynamic"}},"transactions":{"payments":[{"id":"PAY01KF0RDQG0VF5VSPNT2QXA97Q6",' +
  '"amount":"150.50","status":"created","status_detail":"created"}]},"items":[{"title":"","unit_price":"","quantity":1,' +
  '"unit_measure":"unit","external_code":""}],"type_response":{"qr_data":"00020101021243650016COM.MERCADOLIBRE0201306' +
  '3625d2fd0e-b82d-4ced-8c4a-337cbf065a5c5204000053030325802AR5910Ana Romero6007Palermo62070503***6304"}}',
);

// A small window and state: bodies are a few KB at most, and a full-size zlib state per call costs more time
// than the whole request.
const DEFLATE = { level: 1, windowBits: 11, memLevel: 2, dictionary: DICTIONARY } as const;
const INFLATE = { windowBits: 11, dictionary: DICTIONARY } as const;

export function packBody(text: string): string {
  return VERSION + deflateRawSync(text, DEFLATE).toString('latin1');
}

export function unpackBody(packed: string): string {
  if (packed[0] !== VERSION) throw new Error(`idempotency record packed with unknown version ${JSON.stringify(packed[0])}`);
  return inflateRawSync(Buffer.from(packed.slice(1), 'latin1'), INFLATE).toString('utf8');
}

/** 128 bits of SHA-256 over the canonical request body, base64url (22 characters). */
export function fingerprintOf(canonicalBody: string): string {
  if (!oneShot) return createHash('sha256').update(canonicalBody).digest().toString('base64url', 0, 16);
  // The whole digest as text costs a third of it as a Buffer (no Buffer per request). Its first 21 characters
  // are the first 126 bits; the 22nd also holds bits 126–131, of which 16 bytes keep only the top two.
  const d = oneShot('sha256', canonicalBody, 'base64url');
  // Parsed as a JSON string (base64url needs no escaping): one flat 22-character string, as small in a stored
  // record as the Buffer's; a concatenation would keep a rope and the 43-character digest alive.
  return JSON.parse(`"${d.slice(0, 21)}${LAST_CHAR[d.charCodeAt(21)]}"`) as string;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** By a base64url character's code: the character with only its value's top two bits. */
const LAST_CHAR: string[] = [];
for (let v = 0; v < 64; v++) LAST_CHAR[BASE64URL.charCodeAt(v)] = BASE64URL[v & 0b110000];

/** `crypto.hash` (Node ≥ 20.12): the same digest without a Hash object, half the cost. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;
