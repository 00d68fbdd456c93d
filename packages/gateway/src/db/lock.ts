// PGlite is one process: the data folder is locked at start (a file holding our pid). A second gateway on the
// same folder fails at once, naming the process that holds it (in this process too: a second startGateway, or a
// copy to PostgreSQL while a gateway runs on the folder); a lock left by a process that died is taken over, by
// exactly one of several gateways starting at once (the sandbox's lock file, which the embedded mode runs anyway).
import { join } from 'node:path';
import { LockHeldError, lockFile } from '@cobro/sandbox';

export class DataDirInUseError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(`the data folder ${dir} is in use by process ${pid} (PGlite runs in one process; stop it, or use DATABASE_URL for several)`);
    this.name = 'DataDirInUseError';
  }
}

export function lockDataDir(dir: string): () => void {
  try {
    return lockFile(join(dir, 'gateway.lock'));
  } catch (err) {
    throw err instanceof LockHeldError ? new DataDirInUseError(dir, err.pid) : err;
  }
}
