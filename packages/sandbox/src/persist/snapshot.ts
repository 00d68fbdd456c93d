// A snapshot file written from the state: the whole state, one line per entity in table order (creation order:
// listings and the indexes rely on it), between a `$head` and an `$end` record, in slices while requests go on.
// Compactions fold the journal's files instead (merge.ts, the same layout); this is for when those cannot be
// trusted whole (a write to one of them failed).
import { closeSync, fsync, openSync, rmSync } from 'node:fs';
import { TABLES, type SandboxState } from '../state.ts';
import { keyJson, LineBuffer } from './line-buffer.ts';
import { metaOf } from './load.ts';

/** Snapshot lines written between yields to the event loop, so requests go on while a big state is written. */
const SNAPSHOT_BATCH = 2000;

/** Write generation `gen`'s snapshot to `path` (fsynced; removed on failure); returns its size in bytes and lines. */
export async function writeSnapshot(
  state: SandboxState, path: string, gen: number, closed: () => boolean,
): Promise<{ bytes: number; lines: number }> {
  const fd = openSync(path, 'w', 0o600);
  let bytes = 0, n = 0, lines = 0;
  // Its own buffer: flushes go on into the journal while the snapshot yields.
  const buf = new LineBuffer();
  const slice = async () => {
    if (++lines % SNAPSHOT_BATCH !== 0) return;
    bytes += buf.writeTo(fd);
    await new Promise((resolve) => setImmediate(resolve));
    if (closed()) throw new Error('closed');
  };
  buf.push(JSON.stringify({ t: '$head', format: 1, generation: gen }));
  buf.push('{"t":"$meta","v":', JSON.stringify(metaOf(state)), '}');
  try {
    // Taken at once, so yielding is safe: a timer changed meanwhile is in the new journal.
    for (const t of state.clock.snapshot().timers) {
      buf.push('{"t":"$timer","k":', keyJson(`${t.kind}:${t.ref}`), `,"v":[${t.at},${t.seq}]}`);
      await slice();
    }
    for (const name of TABLES) {
      const head = `{"t":"${name}","k":`;
      for (const [k, v] of state.table(name)) {
        buf.push(head, keyJson(k), ',"v":', JSON.stringify(v), '}');
        n++;
        await slice();
      }
    }
    buf.push(JSON.stringify({ t: '$end', n }));
    bytes += buf.writeTo(fd);
    // On the thread pool: tens of MB fsynced inline stalled every request for up to a second.
    await new Promise<void>((ok, fail) => fsync(fd, (err) => (err ? fail(err) : ok())));
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return { bytes, lines: lines + 3 }; // with `$head`, `$meta` and `$end`
}
