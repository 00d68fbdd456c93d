// Device keys and pairing codes: secrets a terminal holds, stored only as SHA-256 hashes. A device key is 32
// random bytes (no need for a slow hash: nothing to brute-force), looked up by its hash; its readable prefix
// (`cbk_live_ab12…`) lets the admin tell keys apart without holding them. A pairing code is short enough to
// type, so it is single-use, expires in minutes, and is compared through its hash too.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const DEVICE_KEY_PREFIX = 'cbk_';

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function newDeviceKey(): { key: string; hash: string; hint: string } {
  const key = `${DEVICE_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: sha256(key), hint: `${key.slice(0, 8)}…${key.slice(-4)}` };
}

/** 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`. */
const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newPairingCode(): { code: string; hash: string } {
  let raw = '';
  for (let i = 0; i < 8; i++) raw += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  return { code, hash: sha256(normalisePairingCode(code)) };
}

/** What a person types: any case, with or without the dash or spaces. */
export function normalisePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Constant-time comparison of two hex digests (or any equal-length strings). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
