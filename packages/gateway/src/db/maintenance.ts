// PGlite is PostgreSQL as one single-user backend inside this process: no autovacuum worker ever runs there (`show
// autovacuum` says on; nothing acts on it), so the space of a deleted row is never reused and a table whose rows
// come and go grows for ever. Measured on a 60 s soak at 50 charges/s: the jobs table, with one live row at the end,
// held 1.2 MB of heap and indexes, ~400 B per charge. The tables that are queues (rows deleted once done) are
// vacuumed here on a timer, which keeps them at what a minute adds: over 7 minutes at 50 charges/s (21k charges) the
// jobs table ended at 8 kB of heap and 2.1 MB of indexes, as it stood after 2 minutes. On PostgreSQL autovacuum does it.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** How often the queue tables are vacuumed on PGlite. */
export const VACUUM_MS = 60_000;

/** The tables whose rows are deleted once done: completed jobs, folded charge-status deltas. */
export async function vacuumQueues(db: Kysely<Database>): Promise<void> {
  // One statement of its own (VACUUM refuses to run inside a transaction).
  await sql`vacuum jobs, charge_status_deltas`.execute(db);
}
