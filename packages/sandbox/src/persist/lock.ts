// One sandbox per data directory: two writers appending to one journal would corrupt it. The lock is a file
// holding the owner's pid; a lock left by a process that no longer runs (kill -9) is taken over, a live one is a
// clear error naming the pid. Two details make that hold when several processes start at once:
// - the lock appears with its pid already in it (written to a temporary file, then hard-linked into place, which
//   fails if the lock exists), so nobody ever reads an empty lock and takes it for a stale one;
// - taking over a stale lock happens under a second lock (LOCK.takeover, made the same way): without it, two
//   processes that both saw the stale pid could each remove "the stale lock", the second one removing the lock
//   the first had just made, and both would run.
import { closeSync, linkSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Lock files this process holds: a second holder in the same process has the same pid, so the file cannot tell. */
const held = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`data directory ${dir} is in use by process ${pid} (lock file ${join(dir, 'LOCK')}); stop that sandbox or choose another --data directory`);
    this.name = 'DataDirLockedError';
  }
}

/** A lock file another live process holds. */
export class LockHeldError extends Error {
  constructor(readonly path: string, readonly pid: number) {
    super(`${path} is held by process ${pid}`);
    this.name = 'LockHeldError';
  }
}

/** How many times a start waits for another process's takeover (2 ms each) before it says the directory is busy. */
const TAKEOVER_WAITS = 2500;

export function lockDir(dir: string): () => void {
  try {
    return lockFile(join(dir, 'LOCK'));
  } catch (err) {
    throw err instanceof LockHeldError ? new DataDirLockedError(dir, err.pid) : err;
  }
}

/**
 * Hold the lock file `path` (our pid in it) until the returned release; a live owner's lock throws LockHeldError,
 * a dead owner's is taken over, and so is one with our own pid that this process does not hold (a pid reused after
 * a crash). Also the gateway's lock on its PGlite data folder.
 */
export function lockFile(path: string): () => void {
  // `./data/LOCK`, its absolute path and one through a symlink to the folder are one lock.
  const key = join(realpathSync(dirname(path)), basename(path));
  if (held.has(key)) throw new LockHeldError(path, process.pid);
  for (let waits = 0; !create(path); ) {
    const owner = ownerOf(path);
    if (owner !== undefined && owner !== process.pid && alive(owner)) throw new LockHeldError(path, owner);
    if (owner === undefined) continue; // it went away meanwhile: try again
    const guard = `${path}.takeover`;
    if (!create(guard)) {
      const taker = ownerOf(guard);
      if (taker !== undefined && taker !== process.pid && !alive(taker)) rmSync(guard, { force: true }); // died mid-takeover
      else if (++waits > TAKEOVER_WAITS) throw new LockHeldError(path, taker ?? owner);
      else sleep(2);
      continue;
    }
    try {
      // Under the guard, and only if the lock is still the dead owner's: nobody else can have replaced it since.
      if (ownerOf(path) === owner) rmSync(path, { force: true });
    } finally {
      rmSync(guard, { force: true });
    }
  }
  held.add(key);
  return () => {
    held.delete(key);
    rmSync(path, { force: true });
  };
}

/** Make `path` holding our pid, atomically; false when it exists. */
function create(path: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The pid in a lock file; undefined when the file is gone. A file that holds no pid (written by an older
 *  version, or damaged) counts as a dead owner's: -1. */
function ownerOf(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : -1;
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
