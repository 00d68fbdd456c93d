// Admin sessions that were logged out before their expiry (table admin_sessions_ended), by the SHA-256 of their
// id. Rows past their expiry are useless (the cookie's own expiry refuses it) and are deleted on the next log-out.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sha256 } from '../crypto/keys.ts';

export class AdminSessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async end(sid: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.deleteFrom('admin_sessions_ended').where('expires_at', '<', now).execute();
    await this.db.insertInto('admin_sessions_ended').values({ sid_hash: sha256(sid), expires_at: expiresAt })
      .onConflict((oc) => oc.column('sid_hash').doNothing()).execute();
  }

  async ended(sid: string): Promise<boolean> {
    return (await this.db.selectFrom('admin_sessions_ended').select('sid_hash').where('sid_hash', '=', sha256(sid)).executeTakeFirst()) !== undefined;
  }
}
