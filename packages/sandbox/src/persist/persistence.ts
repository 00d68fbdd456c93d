// A sandbox that survives restarts (docs/decisions/0004-sandbox-persistence.md). The data directory holds:
//   journal-<g>.jsonl   every entity that changed, one checksummed line per upsert or delete, appended every
//                       FLUSH_MS while something is dirty (written synchronously: a kill -9 loses at most that
//                       much), then fsynced off the event loop at most every FSYNC_MS (what a power cut adds);
//   snapshot-<g>.jsonl  the whole state as it stood when journal <g> began (written to a temp file, fsynced,
//                       renamed, the directory fsynced): compaction, so the journal does not grow without bound;
//   LOCK                the pid of the one process using the directory.
// Loading = the newest snapshot, then every journal from its generation on, each up to its first damaged line.
// Dirty tracking is the tables' own (table.ts) plus the clock's; an entity whose JSON did not change since it
// was last journaled (it was only read) is skipped by checksum.
import { closeSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, type SandboxState, type TableName } from '../state.ts';
import { keyJson, LineBuffer } from './line-buffer.ts';
import { lockDir } from './lock.ts';
import { Rng } from '../rng.ts';
import { loadState, metaOf, type IntactFile } from './load.ts';
import { LineIndex } from './line-index.ts';
import { writeSnapshot } from './snapshot.ts';

/** Flush cadence while dirty, real ms: the most a crash can lose. */
export const FLUSH_MS = 200;
/** fsyncs at most this often (each costs ~1.3 ms of CPU here): the most a power cut can lose beyond a crash. */
const FSYNC_MS = 500;
/** Compact once the journal outgrows both this and four times the last snapshot: a snapshot rewrites every entity,
 *  so against a growing state (orders pile up) this keeps the rewriting to a quarter of the journal's own writing. */
const COMPACT_MIN_BYTES = 64 << 20;

export class Persistence {
  private fd = -1;
  private gen = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** The files a load would read now (the last snapshot and the journals since, up to the current one), and
   *  whether each was written whole: a compaction copies their lines (line-index.ts) only then. */
  private basis: IntactFile[] = [];
  private basisWhole = true;
  /** False once a write to the current journal failed (it may hold a torn line mid-file). */
  private journalWhole = true;
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
  /** An fsync is running on the thread pool / lines were written since the last one began. */
  private syncing = false;
  private unsynced = false;
  private lastSync = -Infinity;
  private syncTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unlock: () => void;

  constructor(private readonly state: SandboxState, readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.unlock = lockDir(dir);
    try {
      rmSync(join(dir, 'snapshot.tmp'), { force: true });
      const { generation, records, files } = loadState(state, dir);
      // What came after a damaged line was not loaded either: the intact part is the state.
      this.basis = files;
      this.gen = generation + 1;
      // Request ids are not journaled (every read would then write): each run of a directory draws them from its
      // own stream, the same run after run under a seed and apart from the runs before it.
      state.requestRng.restore(new Rng(`${state.rng.seed}:requests:${this.gen}`).snapshot());
      this.fd = openSync(this.file('journal', this.gen), 'a', 0o600);
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

  /** Append every change since the last flush to the journal (synchronously: ordering stays simple), then
   *  have it fsynced in the background. */
  flush(): void {
    if (this.fd < 0) return;
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
    if (out.length === 0) return;
    try {
      this.journalBytes += out.writeTo(this.fd);
    } catch (err) {
      this.journalWhole = false;
      throw err;
    }
    this.unsynced = true;
    this.sync();
  }

  /** fsync on libuv's thread pool (6 ms here, which would stall every request if done inline); one at a time,
   *  at most every FSYNC_MS. */
  private sync(): void {
    if (this.syncing || !this.unsynced || this.fd < 0) return;
    const wait = this.lastSync + FSYNC_MS - performance.now();
    if (wait > 0) {
      this.syncTimer ??= setTimeout(() => { this.syncTimer = undefined; this.sync(); }, wait).unref();
      return;
    }
    this.lastSync = performance.now();
    this.syncing = true;
    this.unsynced = false;
    const fd = this.fd;
    fsync(fd, (err) => {
      this.syncing = false;
      if (err && fd === this.fd) console.error('[sandbox] could not fsync the journal', err);
      this.sync();
    });
  }

  /** Flush, stop the flush timer, abandon a compaction in progress (its temp file is removed), release the lock. */
  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    clearTimeout(this.syncTimer);
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      this.closed = true;
      closeSync(this.fd);
      this.fd = -1;
      this.unlock();
    }
  }

  /** Resolves when a compaction in progress (if any) has finished. */
  settled(): Promise<void> {
    return this.compacting ?? Promise.resolve();
  }

  private tick(): void {
    try {
      this.flush();
      if (!this.compacting && this.journalBytes > Math.max(COMPACT_MIN_BYTES, 4 * this.snapshotBytes)) void this.compact();
    } catch (err) {
      console.error('[sandbox] could not write the journal', err);
    }
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
   * Start journal g+1 and write snapshot g+1 beside it. The snapshot is written in slices while requests go on,
   * so it is fuzzy; that is sound because journal g+1 records, in full, every entity touched after the switch
   * (checksums are forgotten at the switch), and a load applies it after the snapshot.
   */
  private compact(): Promise<void> {
    const run = async () => {
      this.flush();
      fsyncSync(this.fd);
      this.basis.push({ path: this.file('journal', this.gen), bytes: fstatSync(this.fd).size });
      this.basisWhole &&= this.journalWhole;
      this.journalWhole = true;
      closeSync(this.fd);
      this.gen++;
      this.fd = openSync(this.file('journal', this.gen), 'a', 0o600);
      syncDir(this.dir);
      this.journalBytes = 0;
      for (const m of this.written.values()) m.clear();
      this.lastMeta = '';
      const index = this.basisWhole ? await LineIndex.build(this.basis) : undefined;
      try {
        await this.writeSnapshot(this.gen, index);
      } finally {
        index?.close();
      }
    };
    this.compacting = run()
      .catch((err) => { if (!this.closed) console.error('[sandbox] compaction failed', err); })
      .finally(() => { this.compacting = undefined; });
    return this.compacting;
  }

  private async writeSnapshot(gen: number, index: LineIndex | undefined): Promise<void> {
    const tmp = join(this.dir, 'snapshot.tmp');
    if (this.closed) throw new Error('closed');
    const bytes = await writeSnapshot(this.state, tmp, gen, index, () => this.closed);
    if (this.closed) { rmSync(tmp, { force: true }); return; }
    renameSync(tmp, this.file('snapshot', gen));
    syncDir(this.dir);
    this.snapshotBytes = bytes;
    this.basis = [{ path: this.file('snapshot', gen), bytes }];
    this.basisWhole = true;
    for (const f of readdirSync(this.dir)) {
      const m = /^(snapshot|journal)-(\d+)\.jsonl$/.exec(f);
      if (m && Number(m[2]) < gen) rmSync(join(this.dir, f), { force: true });
    }
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
