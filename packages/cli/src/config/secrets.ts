// Tokens at rest: AES-256-GCM. The key is derived from `COBRO_SECRET` when set, otherwise it is a random
// 32-byte key file (`key`, 0600) created in the config dir on first use.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { CliError } from '../errors.ts';
import { homeFile, writePrivateFile } from './files.ts';

const PREFIX = 'enc:v1:';

function key(): Buffer {
  const secret = process.env.COBRO_SECRET;
  if (secret) return createHash('sha256').update(`cobro:${secret}`).digest();
  const file = homeFile('key');
  if (existsSync(file)) {
    const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (k.length !== 32) throw new CliError(`${file} is not a 32-byte base64 key`, 'restore the file, or remove it and run `cobro connect` again');
    return k;
  }
  const k = randomBytes(32);
  writePrivateFile(file, k.toString('base64') + '\n');
  return k;
}

export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return PREFIX + [iv, c.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.');
}

export function decrypt(sealed: string): string {
  if (!sealed.startsWith(PREFIX)) return sealed;
  const [iv, tag, ct] = sealed.slice(PREFIX.length).split('.').map((s) => Buffer.from(s, 'base64url'));
  try {
    const d = createDecipheriv('aes-256-gcm', key(), iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  } catch {
    throw new CliError('cannot decrypt a stored token: the key changed (COBRO_SECRET or the key file)',
      'set the COBRO_SECRET used when it was stored, or run `cobro connect` again');
  }
}

export function isEncrypted(v: string | undefined): boolean {
  return typeof v === 'string' && v.startsWith(PREFIX);
}

/** `APP_USR-1234…cdef` → `APP_USR-…cdef`: enough to recognise, not to use. */
export function mask(v: string | undefined): string {
  if (!v) return '';
  if (v.length <= 8) return '••••';
  return `${v.slice(0, Math.min(8, v.indexOf('-') + 1 || 4))}…${v.slice(-4)}`;
}
