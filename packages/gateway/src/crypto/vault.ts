// Secrets at rest: sellers' OAuth tokens are sealed with AES-256-GCM under a key id, stored beside the
// ciphertext (`k2:iv.tag.ct`), so keys rotate: the first key seals, every listed key opens, and a row sealed under
// an old key is re-sealed when next written. The seller's id is bound as additional data: a ciphertext copied onto
// another seller's row does not open. Embedded mode generates its one key into the data folder (0600), once.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyProblems } from '../config.ts';

export class Vault {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  /** `raw`: `id:base64key[,id:base64key…]`, the first one active. */
  constructor(raw: string) {
    const problems = keyProblems(raw);
    if (problems.length) throw new RangeError(problems.join('; '));
    const entries = raw.split(',').map((p) => p.trim().split(':') as [string, string]);
    this.keys = new Map(entries.map(([id, k]) => [id, Buffer.from(k, 'base64')]));
    this.activeKeyId = entries[0][0];
    Object.freeze(this);
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${this.activeKeyId}:${[iv, c.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.')}`;
  }

  open(sealed: string, context: string): string {
    const colon = sealed.indexOf(':');
    const key = this.keys.get(sealed.slice(0, colon));
    if (colon < 1 || !key) throw new Error(`sealed with key "${sealed.slice(0, Math.max(0, colon))}", which COBRO_ENCRYPTION_KEYS does not list`);
    const [iv, tag, ct] = sealed.slice(colon + 1).split('.').map((s) => Buffer.from(s, 'base64url'));
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(Buffer.from(context));
    d.setAuthTag(tag);
    try {
      return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
    } catch {
      throw new Error('a sealed secret does not open: wrong key or tampered row');
    }
  }

  /** A key for another purpose (signing cookies), derived from the active key so there is one secret to keep. */
  derive(purpose: string): string {
    return Buffer.from(hkdfSync('sha256', this.keys.get(this.activeKeyId)!, Buffer.alloc(0), `cobro:${purpose}`, 32)).toString('base64url');
  }

  /** True when `sealed` was sealed under a key other than the active one (to re-seal on next write). */
  isStale(sealed: string): boolean {
    return !sealed.startsWith(`${this.activeKeyId}:`);
  }
}

/** Embedded mode: the data folder's key, made once (0600) and reused on every later start. */
export function embeddedKeys(dataDir: string): string {
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const raw = `k1:${randomBytes(32).toString('base64')}`;
  writeFileSync(file, raw + '\n', { mode: 0o600, flag: 'wx' });
  return raw;
}
