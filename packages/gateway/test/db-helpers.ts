// The databases every DB suite runs on: PGlite always, PostgreSQL too when DATABASE_URL is set (as .ci/run does).
// Each file gets its own schema (PostgreSQL is shared and never assumed empty), dropped afterwards, and one
// connection per target (PGlite costs seconds and ~700 MB to start): `open()` hands every test the same database
// with its tables emptied, so the tests of a file run one after another on a clean schema.
import { after } from 'node:test';
import { openDatabase, type Db } from '../src/db/database.ts';
import { migrate } from '../src/db/migrations.ts';

import { sql } from 'kysely';

export interface TestDb {
  name: string;
  open(): Promise<Db>;
  /** PostgreSQL only: a second connection pool (another process's view) on the same schema; closed with the file. */
  another?(): Promise<Db>;
}

let n = 0;

export function testDatabases(): TestDb[] {
  const out: TestDb[] = [reused('pglite', {})];
  if (process.env.DATABASE_URL) out.push(reused('postgres', { databaseUrl: process.env.DATABASE_URL }));
  return out;
}

/** Call at a file's top level: the schema is dropped when the file's tests are done. */
function reused(name: string, opts: { databaseUrl?: string }): TestDb {
  let db: Promise<Db & { drop(): Promise<void>; schema: string }> | undefined;
  const others: Db[] = [];
  after(async () => {
    for (const o of others) await o.close();
    if (db) await (await db).drop();
  });
  return {
    name,
    ...(opts.databaseUrl && {
      async another() {
        const d = await (db ??= fresh(opts));
        const o = await openDatabase({ databaseUrl: opts.databaseUrl, schema: d.schema });
        others.push(o);
        return o;
      },
    }),
    async open() {
      const d = await (db ??= fresh(opts));
      const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = current_schema() and tablename <> 'cobro_migrations'`.execute(d.db);
      // The previous test's gateway may still be writing (a webhook the sandbox delivers late takes the inbox, then
      // the jobs table): TRUNCATE takes its tables one by one, so PostgreSQL can call that a deadlock. Try again.
      for (let tries = 0; rows.length; tries++) {
        try {
          await sql.raw(`truncate ${rows.map((r) => r.tablename).join(', ')} restart identity`).execute(d.db);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== '40P01' || tries >= 5) throw err;
        }
      }
      return d;
    },
  };
}

async function fresh(opts: { databaseUrl?: string }): Promise<Db & { drop(): Promise<void>; schema: string }> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${++n}`;
  const db = await openDatabase({ ...opts, schema });
  await migrate(db.db);
  return Object.assign(db, { schema, drop: async () => {
    if (db.kind === 'postgres') {
      const { default: pg } = await import('pg');
      await db.close();
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    } else {
      await db.close();
    }
  } });
}
