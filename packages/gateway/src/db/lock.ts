// PGlite is one process: the data folder is locked at start (a file holding our pid). A second gateway on the
// same folder fails at once, naming the process that holds it; a lock left by a process that died is taken over,
// by exactly one of several gateways starting at once (the sandbox's lock file, which the embedded mode runs anyway).
// Within one process the pid cannot tell two holders apart (a second startGateway, or a copy to PostgreSQL while a
// gateway runs on the folder), so the folders this process holds are kept here too.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { LockHeldError, lockFile } from '@cobro/sandbox';

const held = new Set<string>();

export class DataDirInUseError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`the data folder ${dir} is in use by process ${pid} (PGlite runs in one process; stop it, or use DATABASE_URL for several)`);
    this.name = 'DataDirInUseError';
  }
}

export function lockDataDir(dir: string): () => void {
  const key = realpathSync(dir); // `./data`, its absolute path and a symlink to it are one folder
  if (held.has(key)) throw new DataDirInUseError(dir, process.pid);
  let unlock: () => void;
  try {
    unlock = lockFile(join(dir, 'gateway.lock'));
  } catch (err) {
    throw err instanceof LockHeldError ? new DataDirInUseError(dir, err.pid) : err;
  }
  held.add(key);
  return () => {
    held.delete(key);
    unlock();
  };
}
