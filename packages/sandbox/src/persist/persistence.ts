// A sandbox that survives restarts (docs/decisions/0006-sandbox-persistence.md). The data directory holds:
//   journal-<g>.jsonl   every entity that changed, one checksummed line per upsert or delete, appended every
//                       FLUSH_MS while something is dirty (a kill -9 loses at most that much and the write in
//                       flight), written and fsynced off the event loop (journal-writer.ts);
//   snapshot-<g>.jsonl  the whole state as it stood when journal <g> began (written to a temp file, fsynced,
//                       renamed, the directory fsynced): compaction, so the journal does not grow without bound.
//                       The files before it are folded into it on a worker thread (merge.ts);
//   LOCK                the pid of the one process using the directory.
// Loading = the newest snapshot, then every journal from its generation on, each up to its first damaged line.
// Dirty tracking is the tables' own (table.ts) plus the clock's; an entity whose JSON did not change since it
// was last journaled (it was only read) is skipped by checksum.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, type SandboxState, type TableName } from '../state.ts';
import { keyJson, LineBuffer } from './line-buffer.ts';
import { JournalWriter } from './journal-writer.ts';
import { lockDir } from './lock.ts';
import { Rng } from '../rng.ts';
import { loadState, metaOf, type IntactFile } from './load.ts';
import { mergeInWorker, type MergeResult, type RunningMerge } from './merge.ts';
import { writeSnapshot } from './snapshot.ts';
import { worthCompacting, type JournalSizes } from './compaction-policy.ts';

/** Flush cadence while dirty, real ms: the most a crash can lose. */
export const FLUSH_MS = 200;
/** After a compaction failed (a full disk), the next one waits this long. */
const COMPACT_RETRY_MS = 10_000;
export class Persistence {
  private journal: JournalWriter | undefined;
  private gen = 0;
  private snapshotBytes = 0;
  /** Lines of the basis files, and lines in the current journal (for worthCompacting). */
  private basisLines = 0;
  private journalLines = 0;
  /** The files a load would read now (the last snapshot and the journals since, up to the current one), and
   *  whether each was written whole: a compaction folds them (merge.ts) only then. */
  private basis: IntactFile[] = [];
  private basisWhole = true;
  /** Checksum (+ length) of the journal line last written for each entity that has been read, per table. */
  private readonly written = new Map<TableName, Map<unknown, number>>(TABLES.map((t) => [t, new Map()]));
  /** Keys read before the last flush, per table (see collect). */
  private readonly previous = new Map<TableName, Set<unknown>>(TABLES.map((t) => [t, new Set()]));
  private lastMeta = '';
  /** The batch a flush writes, reused from flush to flush. */
  private readonly out = new LineBuffer();
  /** `{"t":"<table>","k":` per table: the start of each of its lines. */
  private readonly heads = new Map<TableName, string>(TABLES.map((t) => [t, `{"t":"${t}","k":`]));
  private compacting: Promise<void> | undefined;
  private merging: RunningMerge | undefined;
  /** No compaction starts before this (performance.now()) after one failed. */
  private retryAt = 0;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unlock: () => void;

  constructor(private readonly state: SandboxState, readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.unlock = lockDir(dir);
    try {
      // A compaction's temp file left by a process that stopped (the name of a generation this start will not reuse).
      for (const f of readdirSync(dir)) if (/^snapshot.*\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
      const { generation, records, files } = loadState(state, dir);
      // What came after a damaged line was not loaded either: the intact part is the state.
      this.basis = files;
      this.basisLines = records;
      this.gen = generation + 1;
      // Request ids are not journaled (every read would then write): each run of a directory draws them from its
      // own stream, the same run after run under a seed and apart from the runs before it.
      state.requestRng.restore(new Rng(`${state.rng.seed}:requests:${this.gen}`).snapshot());
      this.journal = new JournalWriter(this.file('journal', this.gen));
      syncDir(dir);
      for (const t of TABLES) {
        state.table(t).dirty = new Set();
        state.table(t).read = new Set();
      }
      state.clock.dirtyTimers = new Set();
      this.lastMeta = JSON.stringify(metaOf(state));
      // Fold what was loaded into one snapshot, so the next start reads one file.
      if (records > 0) void this.compact();
    } catch (err) {
      this.unlock();
      throw err;
    }
    this.timer = setInterval(() => this.tick(), FLUSH_MS);
    this.timer.unref();
  }

  /** Hand every change since the last flush to the journal (written and fsynced in the background, in order). */
  flush(): void {
    if (!this.journal) return;
    const out = this.out;
    for (const name of TABLES) this.collect(name, out);
    const clock = this.state.clock;
    for (const key of clock.dirtyTimers!) {
      const spec = clock.timer(key);
      if (spec) out.push('{"t":"$timer","k":', keyJson(key), `,"v":[${spec.at},${spec.seq}]}`);
      else out.push(JSON.stringify({ t: '$timer', k: key, d: 1 }));
    }
    clock.dirtyTimers!.clear();
    const meta = JSON.stringify(metaOf(this.state));
    if (meta !== this.lastMeta) {
      out.push('{"t":"$meta","v":', meta, '}');
      this.lastMeta = meta;
    }
    this.journalLines += out.lines;
    if (out.length > 0) this.journal.append(out.take(), (batch) => out.recycle(batch));
  }

  /** Flush, stop the flush timer, abandon a compaction in progress (its temp file is removed), release the lock. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    void this.merging?.stop();
    try {
      this.flush();
      this.journal?.finish();
    } finally {
      this.closed = true;
      this.journal = undefined;
      this.unlock();
    }
  }

  /** Resolves once what the flushes so far handed to the journal is written (not necessarily fsynced). */
  whenWritten(): Promise<void> {
    return this.journal?.whenWritten() ?? Promise.resolve();
  }

  /** Resolves when a compaction in progress (if any) has finished. */
  settled(): Promise<void> {
    return this.compacting ?? Promise.resolve();
  }

  private tick(): void {
    try {
      this.flush();
    } catch (err) {
      console.error('[sandbox] could not write the journal', err);
    }
    if (this.compacting || performance.now() < this.retryAt) return;
    // Files that may hold a hole or a torn line before their end (a write failed) would stop a load there: they are
    // replaced at once by a snapshot written from the state.
    if (!this.journal!.whole || !this.basisWhole || worthCompacting(this.sizes())) void this.compact();
  }

  /**
   * Journal lines for a table's written keys and its read ones (a read entity may have been changed in place;
   * the checksum skips it when not), and once more for the keys read before the last flush: a route that looked
   * an entity up, then awaited its request body, changes it after that flush; checking it one flush later
   * catches that without every such route marking it.
   */
  private collect(name: TableName, out: LineBuffer): void {
    const table = this.state.table(name);
    const dirty = table.dirty!, read = table.read!;
    const before = this.previous.get(name)!;
    if (dirty.size === 0 && read.size === 0 && before.size === 0) return;
    // A written key that was also read is re-checked next flush (it is in `read`): its checksum is kept.
    for (const k of dirty) this.entity(name, table.peek(k), k, out, true, read.has(k));
    for (const k of read) if (!dirty.has(k)) this.entity(name, table.peek(k), k, out, false);
    for (const k of before) if (!dirty.has(k) && !read.has(k)) this.entity(name, table.peek(k), k, out, false);
    dirty.clear();
    before.clear();
    this.previous.set(name, read);
    table.read = before;
  }

  /** `touched`: marked since the last flush; a key only re-checked that is gone had its delete written then.
   *  `recheck`: the key will be checked again (it was read), so the checksum of what is written now is kept. */
  private entity(name: TableName, v: unknown, k: unknown, out: LineBuffer, touched: boolean, recheck = !touched): void {
    const written = this.written.get(name)!;
    if (v === undefined) {
      written.delete(k);
      if (touched) out.push(JSON.stringify({ t: name, k: k as string | number, d: 1 }));
      return;
    }
    // Table names need no escaping. The line goes into the batch at once; one that did not change is taken back.
    out.push(this.heads.get(name)!, keyJson(k), ',"v":', JSON.stringify(v), '}');
    // The JSON's crc32 with its length packed above it (53 bits): an entity merely read is not rewritten.
    const sum = out.crc + (out.bytes % 2 ** 21) * 2 ** 32;
    const prior = written.get(k);
    if (prior === sum) { out.unpush(); return; }
    // Checksums are kept only for entities that were read (the ones a skip can save): an order that is created and
    // never looked at again costs no memory here; one created and read in the same window is not written twice.
    if (prior !== undefined || recheck) written.set(k, sum);
  }

  /**
   * Start journal g+1 and write snapshot g+1 beside it: the files a load would read so far, folded on a worker
   * thread (exactly the state at the switch; journal g+1 holds everything after it). When one of them may hold a
   * torn line mid-file (a write failed), or the fold fails, the snapshot is written from the state instead, in
   * slices while requests go on: fuzzy, and sound because journal g+1 records, in full, every entity touched
   * after the switch (checksums are forgotten at the switch), and a load applies it after the snapshot.
   */
  private compact(): Promise<void> {
    const run = async () => {
      this.flush();
      const done = this.journal!;
      try {
        done.finish();
      } catch (err) {
        // What it could not write is in the state: with this file not whole, the snapshot is written from there.
        console.error('[sandbox] could not write the journal', err);
      }
      this.basis.push({ path: done.path, bytes: done.bytes });
      this.basisLines += this.journalLines;
      this.journalLines = 0;
      this.basisWhole &&= done.whole;
      this.gen++;
      this.journal = new JournalWriter(this.file('journal', this.gen));
      syncDir(this.dir);
      for (const m of this.written.values()) m.clear();
      this.lastMeta = '';
      const gen = this.gen;
      const tmp = join(this.dir, `snapshot-${gen}.tmp`);
      try {
        let written: { bytes: number; lines: number } | undefined;
        if (this.basisWhole) written = await this.merge(this.basis, tmp, gen);
        if (this.closed) throw new Error('closed');
        written ??= await writeSnapshot(this.state, tmp, gen, () => this.closed);
        if (this.closed) throw new Error('closed');
        this.install(tmp, gen, written);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    };
    this.compacting = run()
      .catch((err) => {
        if (this.closed) return;
        console.error('[sandbox] compaction failed', err);
        this.retryAt = performance.now() + COMPACT_RETRY_MS; // a full disk is not retried five times a second
      })
      .finally(() => { this.compacting = undefined; });
    return this.compacting;
  }

  /** The fold on a worker thread; undefined when it failed (the caller writes the snapshot from the state). */
  private async merge(files: IntactFile[], tmp: string, gen: number): Promise<MergeResult | undefined> {
    this.merging = mergeInWorker({ files, out: tmp, generation: gen });
    try {
      return await this.merging.done;
    } catch (err) {
      if (!this.closed) console.error('[sandbox] folding the journal on a worker failed; writing the snapshot from the state', err);
      return undefined;
    } finally {
      this.merging = undefined;
    }
  }

  /** Rename a complete snapshot into place and remove the files it replaces. */
  private install(tmp: string, gen: number, { bytes, lines }: { bytes: number; lines: number }): void {
    renameSync(tmp, this.file('snapshot', gen));
    syncDir(this.dir);
    this.snapshotBytes = bytes;
    this.basis = [{ path: this.file('snapshot', gen), bytes }];
    this.basisLines = lines;
    this.basisWhole = true;
    for (const f of readdirSync(this.dir)) {
      const m = /^(snapshot|journal)-(\d+)\.jsonl$/.exec(f);
      if (m && Number(m[2]) < gen) rmSync(join(this.dir, f), { force: true });
    }
  }

  private sizes(): JournalSizes {
    let live = this.state.clock.pendingCount + 1;
    for (const t of TABLES) live += this.state.table(t).size;
    const journalBytes = this.journal?.bytes ?? 0;
    const bytes = this.basis.reduce((n, f) => n + f.bytes, journalBytes);
    return { journalBytes, snapshotBytes: this.snapshotBytes, bytes, lines: this.basisLines + this.journalLines, live };
  }

  private file(kind: 'journal' | 'snapshot', gen: number): string {
    return join(this.dir, `${kind}-${gen}.jsonl`);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** Bytes the data directory holds (for benchmarks and `doctor`-style reports). */
export function dataDirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) n += statSync(join(dir, f)).size;
  return n;
}
