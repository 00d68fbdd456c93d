// Where each entity's last journaled line is, so a compaction copies that line instead of serialising the entity
// again (JSON.stringify + UTF-8 + CRC-32 of every stored order was ~9 µs each: 0.45 s of CPU for 50k orders, in
// the middle of serving requests; a copy is a lookup and a memcpy). The files are the ones a load would read (the
// last snapshot and the journals since), each up to where its intact lines end; folded in order, the last line of
// a key wins and a delete drops it, exactly as load.ts folds them. The copy is sound for the same reason the
// fuzzy snapshot is: an entity changed after the switch to the new journal is written there in full.
//
// Memory: two typed arrays (a 32-bit hash of table + key, and the line's offset) instead of a Map holding every
// key as a fresh string: ~24 B per entity while a compaction runs. Hashes that collide are told apart on copy
// (the line must start with the entity's own table and key); an unlucky key is serialised as before.
import { closeSync, openSync, readSync } from 'node:fs';
import { TABLES, type TableName } from '../state.ts';
import type { IntactFile } from './load.ts';
import { PLAIN, type LineBuffer } from './line-buffer.ts';

/** Offset of a line that must not be copied (a delete, or a line too unusual to read its key cheaply). */
const NONE = -1;
const HEAD = Buffer.from('{"t":"', 'latin1');
/** Bytes before a line's JSON: 8 hex digits of its CRC-32 and a space. */
const CRC = 9;

/** What has lines of its own: the tables, and the clock's timers (`$timer`, keyed `<kind>:<ref>`). */
type Kind = TableName | '$timer';
const KINDS: readonly Kind[] = [...TABLES, '$timer'];
const kindIndex = new Map<string, number>(KINDS.map((t, i) => [t, i + 1]));
/** Per kind (by its number): the bytes of its name and the closing quote, and of a line's start up to the key. */
const names = [Buffer.alloc(0), ...KINDS.map((t) => Buffer.from(`${t}"`, 'latin1'))];
const heads = [Buffer.alloc(0), ...KINDS.map((t) => Buffer.from(`{"t":"${t}","k":`, 'latin1'))];

/** FNV-1a over a table's number and its key's JSON (UTF-16 units, `"` around `text` when `quoted`; ASCII, as
 *  every fast-path key is, so the same as over its bytes on disk). */
function keyHash(table: number, text: string, quoted: boolean): number {
  let h = Math.imul(0x811c9dc5 ^ table, 0x01000193);
  if (quoted) h = Math.imul(h ^ 34, 0x01000193);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  if (quoted) h = Math.imul(h ^ 34, 0x01000193);
  return h >>> 0 || 1;
}

function byteHash(table: number, buf: Buffer, start: number, end: number): number {
  let h = Math.imul(0x811c9dc5 ^ table, 0x01000193);
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0 || 1;
}

export class LineIndex {
  private hashes = new Uint32Array(1 << 12);
  private offsets = new Float64Array(1 << 12);
  private used = 0;
  private lastTable = 1;
  private failed = false;
  /** Each file's start in one offset space spanning them all, its descriptor and a read window. */
  private readonly files: { base: number; bytes: number; fd: number; win: Buffer; from: number; to: number }[] = [];

  /** Index `files` (in load order), yielding to requests between chunks; undefined when one cannot be read
   *  (the caller then serialises every entity, as before). */
  static async build(files: readonly IntactFile[]): Promise<LineIndex | undefined> {
    const index = new LineIndex();
    try {
      let base = 0;
      for (const f of files) {
        const fd = openSync(f.path, 'r');
        index.files.push({ base, bytes: f.bytes, fd, win: Buffer.allocUnsafe(64 << 10), from: 0, to: 0 });
        await index.scan(fd, base, f.bytes);
        base += f.bytes;
      }
      return index;
    } catch {
      index.close();
      return undefined;
    }
  }

  close(): void {
    for (const f of this.files) closeSync(f.fd);
    this.files.length = 0;
  }

  /** Append the last line of `name`/`key` to `out` as it is on disk (checksum, JSON, newline); false when there is
   *  none to copy (the caller serialises the entity). */
  copy(name: Kind, key: unknown, out: LineBuffer): boolean {
    const quoted = typeof key === 'string';
    if (quoted ? !PLAIN.test(key) : !Number.isSafeInteger(key)) return false;
    const text = quoted ? key : String(key);
    const table = kindIndex.get(name)!;
    const at = this.find(keyHash(table, text, quoted));
    if (at < 0 || this.offsets[at] === NONE || this.failed) return false;
    let line: [Buffer, number, number];
    try {
      line = this.read(this.offsets[at]);
    } catch {
      // A file that cannot be read back must not fail the compaction: everything left is serialised.
      this.failed = true;
      return false;
    }
    const [buf, start, end] = line;
    // Its own table and key, then a value: not another key with the same hash.
    const head = heads[table];
    let p = start + CRC;
    if (end - p < head.length + text.length + 8) return false;
    for (let i = 0; i < head.length; i++, p++) if (buf[p] !== head[i]) return false;
    if (quoted && buf[p++] !== 34) return false;
    for (let i = 0; i < text.length; i++, p++) if (buf[p] !== text.charCodeAt(i)) return false;
    if (quoted && buf[p++] !== 34) return false;
    if (buf[p] !== 44 || buf[p + 1] !== 34 || buf[p + 2] !== 118 || buf[p + 3] !== 34 || buf[p + 4] !== 58) return false;
    out.raw(buf, start, end);
    return true;
  }

  /** One file's intact lines, folded into the index. */
  private async scan(fd: number, base: number, bytes: number): Promise<void> {
    // 1 MB between yields (~1k lines): the first chunks run before the code is optimised.
    let chunk = Buffer.allocUnsafe(Math.min(Math.max(bytes, 1), 1 << 20));
    let pos = 0, carry = 0;
    while (pos < bytes) {
      const n = readSync(fd, chunk, carry, Math.min(chunk.length - carry, bytes - pos), pos);
      if (n <= 0) break;
      const end = carry + n;
      const lineStart = pos - carry;
      pos += n;
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0 && nl < end; nl = chunk.indexOf(10, start)) {
        this.record(chunk, start, nl, base + lineStart + start);
        start = nl + 1;
      }
      carry = end - start;
      if (carry === chunk.length) {
        // A line longer than the chunk: a bigger one, keeping what was read of it.
        const bigger = Buffer.allocUnsafe(chunk.length * 2);
        chunk.copy(bigger, 0, start, end);
        chunk = bigger;
      } else {
        chunk.copy(chunk, 0, start, end);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One line `buf[start, end)` at `offset`: `{"t":"<table>","k":<key>,"v":…` or `…,"d":1}`. */
  private record(buf: Buffer, start: number, end: number, offset: number): void {
    let p = start + CRC;
    for (let i = 0; i < HEAD.length; i++, p++) if (buf[p] !== HEAD[i]) return this.unusual(buf, start, end);
    // Most lines are of the table of the line before.
    let table = this.lastTable;
    if (!startsWith(buf, p, names[table])) {
      const nameEnd = buf.indexOf(34, p);
      if (nameEnd < 0 || nameEnd >= end) return;
      table = kindIndex.get(buf.toString('latin1', p, nameEnd)) ?? 0;
      // `$meta`, `$head`, `$end` (written afresh), or a table this version does not know (the loader skips it too).
      if (table === 0) return;
      this.lastTable = table;
    }
    // `","k":`
    p += names[table].length - 1;
    if (buf[p + 1] !== 44 || buf[p + 2] !== 34 || buf[p + 3] !== 107 || buf[p + 4] !== 34 || buf[p + 5] !== 58) return this.unusual(buf, start, end);
    const key = p + 6;
    p = key;
    if (buf[p] === 34) {
      // A string key without escapes or non-ASCII characters; anything else takes the slow path.
      for (p++; p < end && buf[p] !== 34; p++) if (buf[p] === 92 || buf[p] >= 128) return this.unusual(buf, start, end);
      p++;
    } else {
      while (p < end && buf[p] !== 44) p++;
    }
    const h = byteHash(table, buf, key, p);
    // `,"v":` (an upsert) or `,"d":1}` (a delete).
    if (buf[p] !== 44 || buf[p + 1] !== 34 || buf[p + 3] !== 34 || buf[p + 4] !== 58) return this.unusual(buf, start, end);
    if (buf[p + 2] === 118) this.put(h, offset);
    else if (buf[p + 2] === 100) this.put(h, NONE);
    else this.unusual(buf, start, end);
  }

  /** A line not laid out as this writer lays them out: parsed, and its key marked not to copy. */
  private unusual(buf: Buffer, start: number, end: number): void {
    let r: { t?: unknown; k?: unknown };
    try {
      r = JSON.parse(buf.toString('utf8', start + CRC, end)) as typeof r;
    } catch {
      return;
    }
    const table = typeof r?.t === 'string' ? kindIndex.get(r.t) : undefined;
    if (table !== undefined && r.k !== undefined) this.put(keyHash(table, JSON.stringify(r.k), false), NONE);
  }

  private find(h: number): number {
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (this.hashes[i] === h) return i;
      if (this.hashes[i] === 0) return -1 - i;
    }
  }

  private put(h: number, offset: number): void {
    let at = this.find(h);
    if (at < 0) {
      if (2 * (this.used + 1) > this.hashes.length) {
        this.grow();
        at = this.find(h);
      }
      at = -1 - at;
      this.hashes[at] = h;
      this.used++;
    }
    this.offsets[at] = offset;
  }

  private grow(): void {
    const { hashes, offsets } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.offsets = new Float64Array(hashes.length * 2);
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] === 0) continue;
      const at = -1 - this.find(hashes[i]);
      this.hashes[at] = hashes[i];
      this.offsets[at] = offsets[i];
    }
  }

  /** The line at `offset` as `[buffer, start, end]` (end past its newline), through its file's window: lines are
   *  mostly read in file order, so a read serves many. */
  private read(offset: number): [Buffer, number, number] {
    let i = this.files.length - 1;
    while (this.files[i].base > offset) i--;
    const f = this.files[i];
    const at = offset - f.base;
    if (at >= f.from && at < f.to) {
      const nl = f.win.indexOf(10, at - f.from);
      if (nl >= 0 && nl < f.to - f.from) return [f.win, at - f.from, nl + 1];
    }
    for (;;) {
      const n = readSync(f.fd, f.win, 0, Math.min(f.win.length, f.bytes - at), at);
      f.from = at;
      f.to = at + n;
      const nl = f.win.indexOf(10);
      if (nl >= 0 && nl < n) return [f.win, 0, nl + 1];
      if (n < f.win.length) return [f.win, 0, 0]; // cannot happen: intact files end in a newline
      f.win = Buffer.allocUnsafe(f.win.length * 2);
    }
  }
}

function startsWith(buf: Buffer, at: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}
