// The gateway's schema, one ordered list of migrations that runs unchanged on PGlite and on PostgreSQL 15
// (keep to what both accept). Each migration is a list of single statements: PGlite runs queries through the
// extended protocol, which takes one statement per query.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface Migration { id: string; statements: string[] }

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-jobs',
    statements: [
      `create table jobs (
        id bigserial primary key,
        queue text not null,
        payload jsonb not null,
        dedupe_key text,
        state text not null default 'queued' check (state in ('queued', 'running', 'dead')),
        run_at timestamptz not null,
        attempts integer not null default 0,
        max_attempts integer not null default 12,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        created_at timestamptz not null
      )`,
      // The claim scans queued jobs by due time; running ones are found again only when their lease lapsed.
      `create index jobs_due on jobs (run_at) where state = 'queued'`,
      `create index jobs_lease on jobs (locked_until) where state = 'running'`,
      // Coalescing: at most one queued job per key (a running one may coexist: it re-reads after its start).
      `create unique index jobs_dedupe on jobs (queue, dedupe_key) where state = 'queued' and dedupe_key is not null`,
    ],
  },
];

/** Apply what is missing, in order, each migration in its own transaction under an advisory lock, so N
 *  processes starting at once on one PostgreSQL migrate exactly once. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  await sql`create table if not exists cobro_migrations (id text primary key, applied_at timestamptz not null)`.execute(db);
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(712001)`.execute(tx);
      const row = await tx.selectFrom('cobro_migrations').select('id').where('id', '=', m.id).executeTakeFirst();
      if (row) return false;
      for (const s of m.statements) await sql.raw(s).execute(tx);
      await tx.insertInto('cobro_migrations').values({ id: m.id, applied_at: new Date() }).execute();
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
