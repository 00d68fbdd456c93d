// The config dir (`$COBRO_HOME` or ~/.config/cobro) and private JSON files in it: created 0700/0600 and
// written atomically (temp file + rename), so a crash never leaves half a profile.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.ts';

export function cobroHome(): string {
  return process.env.COBRO_HOME || join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'cobro');
}

export function homeFile(name: string): string {
  return join(cobroHome(), name);
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
  mkdirSync(cobroHome(), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function writeJsonFile(file: string, value: unknown): void {
  writePrivateFile(file, JSON.stringify(value, null, 2) + '\n');
}
