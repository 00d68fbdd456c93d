// Journal and snapshot lines (records.ts's format: `<crc32 hex> <json>\n`) built straight into one growing
// buffer: each record's JSON is encoded to UTF-8 once, in place, its CRC-32 computed on those bytes and written
// in front. Building the line as a string encoded it twice more — once for the checksum, once for the write —
// and copied it again to join the batch. Native calls dominate at these sizes (a ~1 kB line encodes in well
// under a µs), so each line costs one write and one crc32 call, whatever the number of pieces it is made of.
import { writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export class LineBuffer {
  private buf = Buffer.allocUnsafe(256 << 10);
  private spare: Buffer<ArrayBuffer> | undefined;
  private end = 0;
  private start = 0;

  /** Bytes appended since the last `writeTo`. */
  get length(): number {
    return this.end;
  }

  /** Lines appended since the last `take` / `writeTo`. */
  lines = 0;

  /** CRC-32 and length in bytes of the JSON of the line last pushed. */
  crc = 0;
  bytes = 0;

  /** Append one line whose JSON is `a + b + c + d + e` (sets `crc` and `bytes`). The pieces are joined first:
   *  one UTF-8 write of the joined string costs less than one native call per piece. */
  push(a: string, b = '', c = '', d = '', e = ''): void {
    const json = a + b + c + d + e;
    const start = this.end;
    const at = start + 9;
    // UTF-8 needs at most 3 bytes per UTF-16 unit; +1 for the newline.
    if (at + json.length * 3 + 1 > this.buf.length) this.grow(at + json.length * 3 + 1);
    const buf = this.buf;
    const n = buf.write(json, at, 'utf8');
    const crc = crc32(buf.subarray(at, at + n));
    // The checksum's 8 hex digits, written digit by digit (no string to build and encode).
    for (let i = 7, x = crc; i >= 0; i--, x >>>= 4) buf[start + i] = HEX[x & 15];
    buf[start + 8] = 32;
    buf[at + n] = 10;
    this.start = start;
    this.end = at + n + 1;
    this.crc = crc;
    this.bytes = n;
    this.lines++;
  }

  /** Take back the line just pushed (its JSON had not changed since it was last written). */
  unpush(): void {
    this.end = this.start;
    this.lines--;
  }

  /** Everything appended, handed over (to be written later; give it back with `recycle` once written), and a
   *  buffer to go on with: the one given back last when it is big enough (fresh memory is zeroed by the kernel
   *  on first touch, ~1 µs per order here), else one sized for a batch like this one, not grown by doubling. */
  take(): Buffer {
    const batch = this.buf.subarray(0, this.end);
    const want = Math.min(Math.max(256 << 10, Math.ceil(this.end * 1.25)), 64 << 20);
    this.buf = this.spare && this.spare.length >= want ? this.spare : Buffer.allocUnsafe(want);
    this.spare = undefined;
    this.end = this.start = this.lines = 0;
    return batch;
  }

  /** A batch from `take` that has been written: its memory serves a later batch. */
  recycle(batch: Buffer): void {
    if (batch.byteOffset === 0 && batch.buffer.byteLength <= 64 << 20) this.spare = Buffer.from(batch.buffer as ArrayBuffer, 0, batch.buffer.byteLength);
  }

  /** Write everything appended to `fd` (synchronously) and start again empty; returns the bytes written. */
  writeTo(fd: number): number {
    const n = this.end;
    for (let off = 0; off < n;) off += writeSync(fd, this.buf, off, n - off);
    this.end = this.start = this.lines = 0;
    // A burst (compaction's first flush, a huge entity) should not keep its buffer for the life of the process.
    if (this.buf.length > 4 << 20) this.buf = Buffer.allocUnsafe(256 << 10);
    return n;
  }

  /** Make room for `need` bytes, keeping what was appended. */
  private grow(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.end);
    this.buf = bigger;
  }
}

/** A string whose JSON is itself between quotes: printable ASCII without `"` or `\` (JSON.stringify escapes
 *  only control characters, those two and lone surrogates). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** A record key's JSON, byte for byte `JSON.stringify(k)`: an id is quoted without a call into the serialiser. */
export function keyJson(k: unknown): string {
  return typeof k === 'string' && PLAIN.test(k) ? '"' + k + '"' : JSON.stringify(k);
}

/** ASCII codes of the lowercase hex digits. */
const HEX = Buffer.from('0123456789abcdef', 'latin1');
