// The on-disk record: one JSON object per line, preceded by the CRC-32 of that JSON (8 hex digits and a space).
// Journals and snapshots share it. A reader stops at the first line whose checksum or JSON is wrong: that is
// the torn tail of a write the process did not finish (kill -9, power loss), and everything before it holds.
// Lines are written by line-buffer.ts; this file reads them.
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** `t`: a table name, or `$meta` / `$timer` / `$head` / `$end`. Upserts carry `v`; deletes carry `d: 1`. */
export interface DiskRecord {
  t: string;
  k?: string | number;
  v?: unknown;
  d?: 1;
  [extra: string]: unknown;
}

/** The timer a `$timer` record describes (also the first format's `{kind, ref, at, seq}`). */
export function timerOf(key: string, v: [number, number] | { at: number; seq: number }): { kind: string; ref: string; at: number; seq: number } {
  const i = key.indexOf(':');
  const [at, seq] = Array.isArray(v) ? v : [v.at, v.seq];
  return { kind: key.slice(0, i), ref: key.slice(i + 1), at, seq };
}

/**
 * Every intact record of a file, in order; `torn` tells whether the file ended in a damaged line (which is
 * dropped with everything after it), `bytes` where the intact lines end. Read in chunks: a snapshot of a million
 * orders is larger than the biggest string V8 allows.
 */
export function readRecords(path: string, onRecord: (r: DiskRecord) => void): { records: number; torn: boolean; bytes: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 8 << 20));
    let carry = Buffer.alloc(0);
    let pos = 0, records = 0, bytes = 0;
    while (pos < size) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n <= 0) break;
      pos += n;
      let buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        const r = decode(buf, start, nl);
        if (!r) return { records, torn: true, bytes };
        onRecord(r);
        records++;
        bytes += nl + 1 - start;
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start));
      buf = carry;
    }
    return { records, torn: carry.length > 0, bytes };
  } finally {
    closeSync(fd);
  }
}

/** One line, `buf[start, end)`: checked on the bytes themselves (no second UTF-8 encoding), then parsed. */
function decode(buf: Buffer, start: number, end: number): DiskRecord | undefined {
  if (end - start < 10 || buf[start + 8] !== 32) return undefined;
  const sum = Number.parseInt(buf.toString('latin1', start, start + 8), 16);
  if (sum !== crc32(buf.subarray(start + 9, end))) return undefined;
  try {
    const r = JSON.parse(buf.toString('utf8', start + 9, end)) as DiskRecord;
    return r && typeof r === 'object' && typeof r.t === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}
