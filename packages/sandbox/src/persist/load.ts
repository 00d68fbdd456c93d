// Reading a data directory back into a fresh SandboxState, and the one record of small values (`$meta`) that
// rides beside the entity tables: the id streams' positions, counters, fault rules and the clock's offset.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, type FaultRules, type SandboxState } from '../state.ts';
import type { TimerSpec } from '../timer-queue.ts';
import { readRecords, timerOf, type DiskRecord } from './records.ts';

export interface Meta {
  rng: number[];
  webhookRng: number[];
  counters: SandboxState['counters'];
  faults: FaultRules;
  clock: { offset: number; seq: number };
}

export function metaOf(state: SandboxState): Meta {
  return {
    rng: state.rng.snapshot(),
    webhookRng: state.webhookRng.snapshot(),
    counters: state.counters,
    faults: state.faults,
    clock: state.clock.position(),
  };
}

type TimerData = TimerSpec & { at: number; seq: number };

/** A file a load read, and where its intact lines end (what came after a damaged line was not loaded). */
export interface IntactFile { path: string; bytes: number }

/**
 * Load the newest complete snapshot and the journals from its generation on. Returns the highest generation
 * seen (the next journal follows it) and how many records were read. A damaged snapshot cannot come from a
 * crash (snapshots are renamed into place only once complete): an older one is used only when every journal
 * since it is still there, otherwise loading fails rather than starting from part of the state.
 */
export function loadState(state: SandboxState, dir: string): { generation: number; records: number; files: IntactFile[] } {
  const files = scan(dir);
  const highest = Math.max(0, ...files.snapshots, ...files.journals);
  const journals = files.journals.sort((a, b) => a - b);
  const damaged: number[] = [];
  for (const snap of [...files.snapshots.sort((a, b) => b - a), 0]) {
    const since = journals.filter((j) => j >= snap);
    // Generation g always has its journal-g: a gap means what it held was folded into a newer snapshot.
    if (since.some((g, i) => g !== (since[0] ?? 0) + i) || (snap > 0 && since[0] !== snap) || (snap === 0 && (since[0] ?? 1) !== 1)) break;
    const into = new Loader();
    if (snap > 0 && !into.file(join(dir, `snapshot-${snap}.jsonl`), true)) { damaged.push(snap); continue; }
    for (const g of since) into.file(join(dir, `journal-${g}.jsonl`), false);
    into.apply(state);
    return { generation: highest, records: into.records, files: into.files };
  }
  const what = damaged.length ? `snapshot-${damaged[0]}.jsonl is damaged and the journals before it are gone` : 'a journal file is missing';
  throw new Error(`data directory ${dir} cannot be loaded: ${what}; restore it from a backup, or delete it to start afresh`);
}

function scan(dir: string): { snapshots: number[]; journals: number[] } {
  const snapshots: number[] = [], journals: number[] = [];
  for (const f of readdirSync(dir)) {
    const m = /^(snapshot|journal)-(\d+)\.jsonl$/.exec(f);
    if (m) (m[1] === 'snapshot' ? snapshots : journals).push(Number(m[2]));
  }
  return { snapshots, journals };
}

/** Records folded in memory first, so a bad snapshot can be dropped before anything reaches the state. */
class Loader {
  readonly tables = new Map<string, Map<unknown, unknown>>(TABLES.map((t) => [t, new Map()]));
  readonly timers = new Map<string, TimerData>();
  meta: Meta | undefined;
  records = 0;
  readonly files: IntactFile[] = [];

  /** Read one file; a snapshot must be complete. */
  file(path: string, snapshot: boolean): boolean {
    let ended = false;
    const { records, bytes } = readRecords(path, (r) => {
      if (r.t === '$end') ended = true;
      else this.record(r);
    });
    this.records += records;
    this.files.push({ path, bytes });
    return !snapshot || ended;
  }

  private record(r: DiskRecord): void {
    if (r.t === '$meta') { this.meta = r.v as Meta; return; }
    if (r.t === '$head') return;
    if (r.t === '$timer') {
      if (r.d) this.timers.delete(r.k as string);
      else this.timers.set(r.k as string, timerOf(r.k as string, r.v as [number, number]));
      return;
    }
    const into = this.tables.get(r.t);
    if (!into) return; // a table this version does not know
    if (r.d) into.delete(r.k);
    else into.set(r.k, r.v);
  }

  apply(state: SandboxState): void {
    for (const [name, rows] of this.tables) {
      const table = state.table(name as (typeof TABLES)[number]);
      for (const [k, v] of rows) table.set(k, v);
    }
    const m = this.meta;
    if (m) {
      state.rng.restore(m.rng);
      state.webhookRng.restore(m.webhookRng);
      Object.assign(state.counters, m.counters);
      Object.assign(state.faults, m.faults);
    }
    state.clock.restore({ offset: m?.clock.offset ?? 0, seq: m?.clock.seq ?? 0, timers: [...this.timers.values()] });
  }
}
