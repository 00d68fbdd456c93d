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

export class Rng {
  readonly seed: string;
  private a: number; private b: number; private c: number; private d: number;

  constructor(seed?: string) {
    this.seed = seed ?? randomBytes(16).toString('hex');
    [this.a, this.b, this.c, this.d] = cyrb128(this.seed);
  }

  /** The generator's position, so a restarted sandbox continues the same stream (no repeated ids). */
  snapshot(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  restore(s: readonly number[]): void {
    [this.a, this.b, this.c, this.d] = s;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
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
    while (s.length < n) s += this.int(0, 15).toString(16);
    return s;
  }

  /** RFC 4122 version-4 shaped UUID. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(0, 3)];
    const s = h.join('');
    return flat(s.slice(0, 8), '-', s.slice(8, 12), '-', s.slice(12, 16), '-', s.slice(16, 20), '-', s.slice(20));
  }

  /** 26-char ULID (Crockford base32): 10 chars of time, 16 random. */
  ulid(timeMs: number): string {
    let t = '';
    let ms = Math.max(0, Math.floor(timeMs));
    for (let i = 0; i < 10; i++) { t = CROCKFORD[ms % 32] + t; ms = Math.floor(ms / 32); }
    let r = '';
    for (let i = 0; i < 16; i++) r += CROCKFORD[this.int(0, 31)];
    return flat(t, r);
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
