// A compaction without the state: the files a load would read (the last snapshot and the journals since, each up
// to where its intact lines end) folded into one snapshot file, on a worker thread. The fold is load.ts's own
// (per kind, the last line of a key wins, a delete drops it, a key keeps the place it was first set at), so the
// snapshot holds exactly the state as it stood at the switch to the next journal, which goes on meanwhile and is
// applied after it on load. Lines are copied byte for byte, checksums included: nothing is serialised again.
//
// The event loop pays only for starting the worker: serialising (or even copying) every stored entity in the
// process that serves requests cost 0.4 s of CPU per 50k orders, ~6 µs per order created over a run.
//
// `mergeFiles` runs inside the worker from its own source text (Function.prototype.toString), so it must stay
// self-contained: no imports and no names from this module, only its arguments and what it declares itself.
import { Worker } from 'node:worker_threads';
import type { IntactFile } from './load.ts';

export interface MergeInput {
  /** In load order; `bytes`: where the file's intact lines end. */
  files: readonly IntactFile[];
  /** The snapshot file to write (a temp name: the caller renames it into place). */
  out: string;
  generation: number;
}

export interface MergeResult {
  /** Bytes and lines written, and the table entities the snapshot holds (timers and `$meta` not counted). */
  bytes: number;
  lines: number;
  entities: number;
}

type Fs = typeof import('node:fs');
type Crc32 = (data: Uint8Array) => number;

/** Fold `files` into one snapshot at `out` (fsynced). Throws when a line's checksum is wrong: the caller then
 *  writes the snapshot from the state instead. */
export function mergeFiles(input: MergeInput, fs: Fs, crc32: Crc32): MergeResult {
  const CHUNK = 8 << 20;
  /** Bytes before a line's JSON: its CRC-32 in 8 hex digits and a space. */
  const CRC = 9;
  // Per slot (one per live key and one for `$meta`): the line's offset over all files, its length, its output place.
  let off = new Float64Array(1 << 14), len = new Uint32Array(1 << 14), out = new Float64Array(0);
  let slots = 0;
  let meta = -1;
  const bases: number[] = [];
  let base = 0;

  const slot = (at: number, n: number): number => {
    if (slots === off.length) {
      const o = new Float64Array(slots * 2), l = new Uint32Array(slots * 2);
      o.set(off); l.set(len);
      off = o; len = l;
    }
    off[slots] = at; len[slots] = n;
    return slots++;
  };
  const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1);
  const checkSum = (buf: Buffer, start: number, end: number, at: number) => {
    let sum = 0;
    for (let i = 0; i < 8; i++) {
      const h = hexValue(buf[start + i]);
      if (h < 0) sum = -1;
      else if (sum >= 0) sum = sum * 16 + h;
    }
    if (end - start < CRC + 2 || buf[start + 8] !== 32 || sum !== crc32(buf.subarray(start + CRC, end))) {
      throw new Error(`a damaged line at byte ${at}`);
    }
  };

  // The kinds seen so far, their names' bytes and their maps: lines of a few kinds alternate (an order, its
  // idempotency record, its timer), so a kind is found by comparing bytes, without making a string per line.
  const kindNames: string[] = [], kindBytes: Buffer[] = [], kindMaps: Map<string, number>[] = [];
  const kindOf = (name: string) => {
    let i = kindNames.indexOf(name);
    if (i < 0) { i = kindNames.push(name) - 1; kindBytes.push(Buffer.from(name, 'latin1')); kindMaps.push(new Map()); }
    return i;
  };
  /** The kind named at `buf[p, q)`. */
  const kindAt = (buf: Buffer, p: number, q: number) => {
    for (let i = 0; i < kindBytes.length; i++) {
      if (kindBytes[i].length === q - p && buf.compare(kindBytes[i], 0, q - p, p, q) === 0) return i;
    }
    return kindOf(buf.toString('latin1', p, q));
  };
  /** Where a key written as JSON.stringify writes it ends (a plain string, or a canonical integer); -1 otherwise. */
  const keyEnd = (buf: Buffer, k: number, end: number) => {
    let q = k;
    if (buf[q] === 34) {
      for (q++; q < end && buf[q] !== 34 && buf[q] !== 92 && buf[q] < 128 && buf[q] >= 32; q++);
      return buf[q] === 34 ? q + 1 : -1;
    }
    const minus = buf[q] === 45;
    if (minus) q++;
    const d = q;
    while (q < end && buf[q] >= 48 && buf[q] <= 57) q++;
    return q === d || (buf[d] === 48 && (q - d > 1 || minus)) ? -1 : q;
  };
  const upsert = (kind: number, key: string, at: number, n: number) => {
    const map = kindMaps[kind];
    const s = map.get(key);
    if (s === undefined) map.set(key, slot(at, n));
    else { off[s] = at; len[s] = n; }
  };

  /** One line `buf[start, end)` (end at its newline) found at `at`. */
  const fold = (buf: Buffer, start: number, end: number, at: number) => {
    checkSum(buf, start, end, at);
    // The writer's own layout, `{"t":"<kind>","k":<key>,"v":…` or `…,"d":1}`, is read off the bytes.
    let p = start + CRC;
    if (buf[p] === 123 && buf[p + 1] === 34 && buf[p + 2] === 116 && buf[p + 3] === 34 && buf[p + 4] === 58 && buf[p + 5] === 34) {
      let q = p += 6;
      while (q < end && buf[q] !== 34 && buf[q] !== 92) q++;
      const k = q + 6;
      if (buf[q] === 34 && buf[q + 1] === 44 && buf[q + 2] === 34 && buf[q + 3] === 107 && buf[q + 4] === 34 && buf[q + 5] === 58) {
        const e = keyEnd(buf, k, end);
        const kind = e > 0 && buf[e] === 44 && buf[e + 1] === 34 && buf[e + 3] === 34 && buf[e + 4] === 58 ? kindAt(buf, p, q) : -1;
        // Of the `$` records only timers have keys.
        if (kind >= 0 && (buf[p] !== 36 || kindNames[kind] === '$timer')) {
          if (buf[e + 2] === 118) return upsert(kind, buf.toString('latin1', k, e), at, end + 1 - start);
          if (buf[e + 2] === 100 && buf[e + 5] === 49 && buf[e + 6] === 125 && e + 7 === end) {
            kindMaps[kind].delete(buf.toString('latin1', k, e));
            return;
          }
        }
      }
    }
    // Any other layout (another key order, escapes or non-ASCII in the key, `$` records) is parsed, and its key
    // written as JSON.stringify writes it; what it does is what load.ts does with it.
    const r = JSON.parse(buf.toString('utf8', start + CRC, end)) as { t?: unknown; k?: unknown; d?: unknown };
    if (typeof r?.t !== 'string') return;
    if (r.t === '$meta') { meta = slot(at, end + 1 - start); return; }
    if ((r.t.startsWith('$') && r.t !== '$timer') || r.k === undefined) return; // `$head`, `$end`: written afresh
    const key = JSON.stringify(r.k);
    if (r.d) kindMaps[kindOf(r.t)].delete(key);
    else upsert(kindOf(r.t), key, at, end + 1 - start);
  };

  /** Pass 1, one file: every intact line, in order. */
  const foldFile = (f: IntactFile, base: number) => {
    const fd = fs.openSync(f.path, 'r');
    try {
      let chunk = Buffer.allocUnsafe(Math.min(Math.max(f.bytes, 1), CHUNK));
      let pos = 0, carry = 0;
      while (pos < f.bytes) {
        const n = fs.readSync(fd, chunk, carry, Math.min(chunk.length - carry, f.bytes - pos), pos);
        if (n <= 0) throw new Error(`${f.path} ended at ${pos} of ${f.bytes} bytes`);
        const end = carry + n, chunkAt = base + pos - carry;
        pos += n;
        let start = 0;
        for (let nl = chunk.indexOf(10, start); nl >= 0 && nl < end; nl = chunk.indexOf(10, start)) {
          fold(chunk, start, nl, chunkAt + start);
          start = nl + 1;
        }
        carry = end - start;
        if (carry === chunk.length) {
          const bigger = Buffer.allocUnsafe(chunk.length * 2); // a line longer than the chunk
          chunk.copy(bigger, 0, start, end);
          chunk = bigger;
        } else {
          chunk.copy(chunk, 0, start, end);
        }
      }
      if (carry > 0) throw new Error(`${f.path} does not end in a whole line`);
    } finally {
      fs.closeSync(fd);
    }
  };
  for (const f of input.files) {
    bases.push(base);
    foldFile(f, base);
    base += f.bytes;
  }

  // Pass 2: where each surviving line goes. `$meta`, the timers, then each table in the order it first appeared.
  const line = (json: string) => {
    const body = Buffer.from(json, 'utf8');
    return Buffer.concat([Buffer.from(`${crc32(body).toString(16).padStart(8, '0')} `, 'latin1'), body, Buffer.from('\n')]);
  };
  const head = line(JSON.stringify({ t: '$head', format: 1, generation: input.generation }));
  out = new Float64Array(slots);
  const order = new Uint32Array(slots);
  let placed = 0, at = head.length, entities = 0;
  const place = (s: number) => { out[s] = at; at += len[s]; order[placed++] = s; };
  if (meta >= 0) place(meta);
  // Kinds in the order they first appeared, `$timer` first (as a snapshot from the state has them).
  const kinds = kindNames.map((_, i) => i).sort((a, b) => Number(kindNames[b] === '$timer') - Number(kindNames[a] === '$timer'));
  for (const i of kinds) {
    for (const s of kindMaps[i].values()) place(s);
    if (kindNames[i] !== '$timer') entities += kindMaps[i].size;
    kindMaps[i].clear();
  }
  const tail = line(JSON.stringify({ t: '$end', n: entities }));
  const total = at + tail.length;

  // Pass 3 takes the lines in file order; lines that are neighbours in both files (an entity never changed after it
  // was created) go out in one write.
  const fd = fs.openSync(input.out, 'w', 0o600);
  /** Pass 3: the files read forwards once more, each line in `sorted` written at its place. */
  const writeLines = (sorted: Uint32Array) => {
    const stage = Buffer.allocUnsafe(4 << 20);
    let stageAt = 0, staged = 0;
    const drain = () => { for (let w = 0; w < staged;) w += fs.writeSync(fd, stage, w, staged - w, stageAt + w); staged = 0; };
    let win = Buffer.allocUnsafe(CHUNK), winFile = -1, winFrom = 0, winTo = 0;
    const fds = input.files.map((f) => fs.openSync(f.path, 'r'));
    try {
      for (const s of sorted) {
        let file = bases.length - 1;
        while (bases[file] > off[s]) file--;
        const from = off[s] - bases[file], n = len[s];
        if (file !== winFile || from < winFrom || from + n > winTo) {
          if (n > win.length) win = Buffer.allocUnsafe(n);
          const got = fs.readSync(fds[file], win, 0, Math.min(win.length, input.files[file].bytes - from), from);
          if (got < n) throw new Error(`${input.files[file].path} changed during the compaction`);
          winFile = file; winFrom = from; winTo = from + got;
        }
        if (staged > 0 && (out[s] !== stageAt + staged || staged + n > stage.length)) drain();
        if (n > stage.length) { fs.writeSync(fd, win, from - winFrom, n, out[s]); continue; }
        if (staged === 0) stageAt = out[s];
        win.copy(stage, staged, from - winFrom, from - winFrom + n);
        staged += n;
      }
      drain();
    } finally {
      for (const f of fds) fs.closeSync(f);
    }
  };
  try {
    fs.writeSync(fd, head, 0, head.length, 0);
    writeLines(order.subarray(0, placed).sort((a, b) => off[a] - off[b]));
    fs.writeSync(fd, tail, 0, tail.length, at);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(input.out, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return { bytes: total, lines: placed + 2, entities };
}

/** A merge running on its own thread; `stop` abandons it (its temp file is the caller's to remove). */
export interface RunningMerge {
  done: Promise<MergeResult>;
  stop(): Promise<void>;
}

export function mergeInWorker(input: MergeInput): RunningMerge {
  // Transpilers may wrap nested functions in a `__name` helper of their module's (keepNames): one is provided.
  const source = `var __name = (f) => f;
const { workerData, parentPort } = require('node:worker_threads');
parentPort.postMessage((${mergeFiles.toString()})(workerData, require('node:fs'), require('node:zlib').crc32));`;
  // No execArgv: the worker needs no loader of the parent's (a TypeScript one would cost ~100 ms to start).
  const worker = new Worker(source, { eval: true, workerData: input, execArgv: [] });
  const done = new Promise<MergeResult>((resolve, reject) => {
    worker.once('message', (r: MergeResult) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the compaction worker exited with code ${code}`)));
  });
  return { done, stop: async () => { await worker.terminate(); } };
}
