// Gateway ids: a type prefix and 20 random base32 characters (`chg_…`, `sel_…`): readable in logs, unguessable,
// never Mercado Pago's ids (those stay in their own columns).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'sel' | 'str' | 'pos' | 'chg' | 'dk' | 'ref';

export function newId(prefix: IdPrefix): string {
  const bytes = randomBytes(20);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${prefix}_${s}`;
}
