// A snapshot file: the whole state, one line per entity in table order (creation order: listings and the
// indexes rely on it), between a `$head` and an `$end` record. Written in slices while requests go on. An entity
// or timer whose last journaled line is known (line-index.ts) is copied from it; the others are serialised.
import { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { TABLES, type SandboxState } from '../state.ts';
import { keyJson, LineBuffer } from './line-buffer.ts';
import { metaOf } from './load.ts';
import type { LineIndex } from './line-index.ts';

/** Snapshot lines written between yields to the event loop, so requests go on while a big state is written. */
const SNAPSHOT_BATCH = 2000;

/** Write generation `gen`'s snapshot to `path` (fsynced; removed on failure); returns its size in bytes. */
export async function writeSnapshot(
  state: SandboxState, path: string, gen: number, index: LineIndex | undefined, closed: () => boolean,
): Promise<number> {
  const fd = openSync(path, 'w', 0o600);
  let bytes = 0, n = 0;
  // Its own buffer: flushes go on into the journal while the snapshot yields.
  const buf = new LineBuffer();
  buf.push(JSON.stringify({ t: '$head', format: 1, generation: gen }));
  buf.push('{"t":"$meta","v":', JSON.stringify(metaOf(state)), '}');
  try {
    for (const t of state.clock.snapshot().timers) {
      const key = `${t.kind}:${t.ref}`;
      if (!index?.copy('$timer', key, buf)) buf.push('{"t":"$timer","k":', keyJson(key), `,"v":[${t.at},${t.seq}]}`);
    }
    for (const name of TABLES) {
      const head = `{"t":"${name}","k":`;
      for (const [k, v] of state.table(name)) {
        if (!index?.copy(name, k, buf)) buf.push(head, keyJson(k), ',"v":', JSON.stringify(v), '}');
        if (++n % SNAPSHOT_BATCH === 0) {
          bytes += buf.writeTo(fd);
          await new Promise((resolve) => setImmediate(resolve));
          if (closed()) throw new Error('closed');
        }
      }
    }
    buf.push(JSON.stringify({ t: '$end', n }));
    bytes += buf.writeTo(fd);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return bytes;
}
