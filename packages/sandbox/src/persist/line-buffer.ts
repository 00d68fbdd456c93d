// Journal and snapshot lines (records.ts's format: `<crc32 hex> <json>\n`) built straight into one growing
// buffer: each record's JSON is encoded to UTF-8 once, its pieces written one after another (no concatenated
// string to flatten), its CRC-32 computed on those bytes and written in front. Building the line as a string
// encoded it twice more — once for the checksum, once for the write — and copied it again to join the batch.
import { writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export class LineBuffer {
  private buf = Buffer.allocUnsafe(256 << 10);
  private end = 0;
  private start = 0;

  /** Bytes appended since the last `writeTo`. */
  get length(): number {
    return this.end;
  }

  /** Append one line whose JSON is `a + b + c + d + e`; returns the JSON's CRC-32 and its length in bytes. */
  push(a: string, b = '', c = '', d = '', e = ''): { crc: number; bytes: number } {
    this.start = this.end;
    let at = this.end + 9;
    at = this.put(a, at);
    if (b) at = this.put(b, at);
    if (c) at = this.put(c, at);
    if (d) at = this.put(d, at);
    if (e) at = this.put(e, at);
    const crc = crc32(this.buf.subarray(this.start + 9, at));
    this.buf.write(crc.toString(16).padStart(8, '0'), this.start, 'latin1');
    this.buf[this.start + 8] = 32;
    this.buf[at] = 10;
    this.end = at + 1;
    return { crc, bytes: at - this.start - 9 };
  }

  /** Take back the line just pushed (its JSON had not changed since it was last written). */
  unpush(): void {
    this.end = this.start;
  }

  /** Write everything appended to `fd` (synchronously) and start again empty; returns the bytes written. */
  writeTo(fd: number): number {
    const n = this.end;
    for (let off = 0; off < n;) off += writeSync(fd, this.buf, off, n - off);
    this.end = this.start = 0;
    // A burst (compaction's first flush, a huge entity) should not keep its buffer for the life of the process.
    if (this.buf.length > 4 << 20) this.buf = Buffer.allocUnsafe(256 << 10);
    return n;
  }

  /** Write `s` at `at`, growing the buffer first if it might not fit (UTF-8 needs at most 3 bytes per unit). */
  private put(s: string, at: number): number {
    const need = at + s.length * 3 + 1;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, at);
      this.buf = bigger;
    }
    return at + this.buf.write(s, at, 'utf8');
  }
}
