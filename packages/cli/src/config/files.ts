// The config dir and private JSON files in it: created 0700/0600 and written atomically (temp file +
// rename), so a crash never leaves half a profile. An existing dir or file that others can read is
// tightened (or, when that is not possible, reported): it holds tokens.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.ts';
import { note } from '../output.ts';

/** A project's own config dir: `.cobro/` in the working directory or one above it (what `cobro start` writes). */
export const PROJECT_DIR = '.cobro';

export function projectHome(from = process.cwd()): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, PROJECT_DIR);
    try { if (statSync(candidate).isDirectory()) return candidate; } catch { /* keep looking */ }
    if (dirname(dir) === dir) return undefined;
  }
}

/** `$COBRO_HOME`, else a project's `.cobro/`, else `$XDG_CONFIG_HOME/cobro` or `~/.config/cobro`. */
export function cobroHome(): string {
  return process.env.COBRO_HOME || projectHome() || join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'cobro');
}

const checked = new Set<string>();
/** Once per path and run: group/other bits off, or a note saying how to fix it. */
function tighten(path: string, mode: number): void {
  // Windows reports every file as 0666: its ACLs, not mode bits, decide who reads the dir.
  if (checked.has(path) || process.platform === 'win32') return;
  checked.add(path);
  let st;
  try { st = statSync(path); } catch { return; }
  const loose = st.mode & 0o077;
  if (!loose) return;
  const was = (st.mode & 0o777).toString(8);
  try {
    chmodSync(path, mode);
    note(`tightened ${path} from mode ${was} to ${mode.toString(8)}: it holds credentials`);
  } catch (err) {
    note(`${path} is readable by others (mode ${was}) and cobro cannot change it (${(err as NodeJS.ErrnoException).code}): run \`chmod ${mode.toString(8)} ${path}\``);
  }
}

export function homeFile(name: string): string {
  const home = cobroHome();
  tighten(home, 0o700);
  const file = join(home, name);
  tighten(file, 0o600);
  return file;
}

export function readJsonFile<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new CliError(`${file} is not valid JSON (${(err as Error).message})`, 'fix or remove the file');
  }
}

export function writePrivateFile(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function writeJsonFile(file: string, value: unknown): void {
  writePrivateFile(file, JSON.stringify(value, null, 2) + '\n');
}
