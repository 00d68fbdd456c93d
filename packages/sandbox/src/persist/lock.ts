// One sandbox per data directory: two writers appending to one journal would corrupt it. The lock is a file
// holding the owner's pid, created exclusively; a lock left by a process that no longer runs (kill -9) is
// taken over, a live one is a clear error naming the pid.
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Directories this process holds: a second sandbox in the same process has the same pid. */
const held = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`data directory ${dir} is in use by process ${pid} (lock file ${join(dir, 'LOCK')}); stop that sandbox or choose another --data directory`);
    this.name = 'DataDirLockedError';
  }
}

export function lockDir(dir: string): () => void {
  const path = join(dir, 'LOCK');
  const key = realpathSync(dir); // `./data`, its absolute path and a symlink to it are one directory
  if (held.has(key)) throw new DataDirLockedError(dir, process.pid);
  for (let tries = 0; ; tries++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw err;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isSafeInteger(owner) && owner !== process.pid && alive(owner)) throw new DataDirLockedError(dir, owner);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  held.add(key);
  return () => {
    held.delete(key);
    rmSync(path, { force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
