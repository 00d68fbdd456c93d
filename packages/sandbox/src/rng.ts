// Deterministic ids and random values from a seed, so a test that passes `seed` sees the same ids every run.
// sfc32 seeded through cyrb128: tiny, fast and good enough for ids (not for secrets an attacker may guess;
// an unseeded sandbox draws its seed from crypto).
import { randomBytes } from 'node:crypto';

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const HEX = '0123456789abcdef';
/** The same alphabets as byte values, for the scratch buffers below. */
const CROCKFORD_BYTES = Buffer.from(CROCKFORD, 'latin1');
const HEX_BYTES = Buffer.from(HEX, 'latin1');
/** Scratch bytes of uuid() and ulid(): an id is written into them and read out as one latin1 string, flat and
 *  one byte per character (a third of the cost of joining an array of one-character strings). Never escape. */
const UUID_BYTES = Buffer.from('00000000-0000-4000-8000-000000000000', 'latin1');
/** A ULID at ULID_AT.. with its prefix (`ORD`, `PAY`, or none) written just before it: the id comes out of one
 *  read, already whole. */
const ULID_AT = 8;
const ULID_BYTES = Buffer.alloc(ULID_AT + 26);
/** The instant whose time characters ULID_BYTES[ULID_AT..ULID_AT+10) hold (shared by every Rng: they depend on
 *  it alone). */
let ulidTime = -1;
/** Where the n-th hex digit of a UUID goes (the dashes sit at 8, 13, 18 and 23). */
const UUID_AT = Array.from({ length: 32 }, (_, i) => i + (i >= 8 ? 1 : 0) + (i >= 12 ? 1 : 0) + (i >= 16 ? 1 : 0) + (i >= 20 ? 1 : 0));

export class Rng {
  readonly seed: string;
  private a = 0; private b = 0; private c = 0; private d = 0;

  constructor(seed?: string) {
    this.seed = seed ?? randomBytes(16).toString('hex');
    this.restore(cyrb128(this.seed));
  }

  /** The generator's position, so a restarted sandbox continues the same stream (no repeated ids). */
  snapshot(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  restore(s: readonly number[]): void {
    // Kept as int32 (small integers to V8, never boxed doubles): sfc32 is all arithmetic mod 2^32, so the
    // stream is the same as with the unsigned values, and snapshot() gives those back.
    this.a = s[0] | 0; this.b = s[1] | 0; this.c = s[2] | 0; this.d = s[3] | 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** The next draw as the unsigned 32-bit integer `next()` divides by 2^32. A choice among 2^k values is its top
   *  k bits: exactly `Math.floor(next() * 2^k)` (the division and product are exact), without the float. */
  private u32(): number {
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A string of `n` decimal digits whose first digit is not 0. */
  digits(n: number): string {
    let s = String(this.int(1, 9));
    while (s.length < n) s += String(this.int(0, 9));
    return s;
  }

  hex(n: number): string {
    let s = '';
    while (s.length < n) s += HEX[this.int(0, 15)];
    return s;
  }

  /** RFC 4122 version-4 shaped UUID: 32 hex draws (the 13th then reads 4), then the variant. Built in one
   *  pass, as two requests in three make one (the request id, a dynamic order's QR). */
  uuid(): string {
    const h = UUID_BYTES;
    for (let i = 0; i < 32; i++) h[UUID_AT[i]] = HEX_BYTES[this.u32() >>> 28]; // int(0, 15)
    h[14] = 0x34; // '4'
    h[19] = HEX_BYTES[8 + (this.u32() >>> 30)]; // '89ab'[int(0, 3)]
    return h.toString('latin1', 0, 36);
  }

  /** 26-char ULID (Crockford base32): 10 chars of time, 16 random; after `prefix` when given (one flat string,
   *  as `flat(prefix, ulid)` gives, without the intermediate one). */
  ulid(timeMs: number, prefix = ''): string {
    const c = ULID_BYTES;
    if (prefix.length > ULID_AT) throw new RangeError(`ULID prefix ${prefix} is longer than ${ULID_AT} characters`);
    const from = ULID_AT - prefix.length;
    for (let i = 0; i < prefix.length; i++) c[from + i] = prefix.charCodeAt(i);
    // The time part is the last one's again when the clock has not moved (the ids of one create, a paused clock).
    const at = Math.max(0, Math.floor(timeMs));
    if (at !== ulidTime) {
      let ms = at;
      for (let i = ULID_AT + 9; i >= ULID_AT; i--) { c[i] = CROCKFORD_BYTES[ms % 32]; ms = Math.floor(ms / 32); }
      ulidTime = at;
    }
    for (let i = ULID_AT + 10; i < ULID_AT + 26; i++) c[i] = CROCKFORD_BYTES[this.u32() >>> 27]; // int(0, 31)
    return c.toString('latin1', from, ULID_AT + 26);
  }

  /** Secret-looking alphanumeric string. */
  token(n: number): string {
    const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[this.int(0, abc.length - 1)];
    return s;
  }
}

/**
 * One sequential string from `parts`. `a + b` (or a template literal) of 13+ characters makes a rope that keeps
 * its pieces alive, and one flattened later keeps its rope header too; ids are stored for the life of their
 * entity (a million orders), so they are built flat.
 */
export function flat(...parts: string[]): string {
  return parts.join('');
}
