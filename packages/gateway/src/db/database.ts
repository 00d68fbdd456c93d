// Opening the gateway's database: PGlite in a data folder (embedded default, one process) or PostgreSQL through
// `DATABASE_URL` (N processes). Both sit behind the same Kysely instance and the same LISTEN/NOTIFY seam, so
// every repository, job and test runs the same code on either.
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';
import { PreparedPglite } from './pglite-prepared.ts';
import { isReplanError, preparedName, unprepare } from './statements.ts';

export type DbKind = 'pglite' | 'postgres';

export interface Db {
  kind: DbKind;
  db: Kysely<Database>;
  /**
   * Subscribe to NOTIFY on `channel` (a dedicated connection on PostgreSQL, re-established with backoff when it
   * drops; `onReconnect` runs after each re-LISTEN, since notifications sent meanwhile are lost). Returns the
   * unsubscribe.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`: PostgreSQL. Absent: PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder; absent means in memory (tests). */
  dataDir?: string;
  /** Tables live in this schema (created if missing): how tests isolate themselves on a shared server. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(opts: OpenOptions = {}): Promise<Db> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new RangeError(`schema must match ${SCHEMA_NAME}, got ${opts.schema}`);
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

async function openPglite(opts: OpenOptions): Promise<Db> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
  const pg = new PGlite(opts.dataDir);
  await pg.waitReady;
  if (opts.schema) {
    await pg.exec(`create schema if not exists ${opts.schema}; set search_path to ${opts.schema}`);
  }
  // The dialect only calls `query`: every text goes through PGlite prepared once (pglite-prepared.ts).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(new PreparedPglite(pg) as unknown as typeof pg) });
  return {
    kind: 'pglite',
    db,
    async listen(channel, onMessage) {
      // In process: nothing to reconnect.
      const off = await pg.listen(channel, onMessage);
      return async () => { await off(); };
    },
    async close() {
      await db.destroy();
      if (!pg.closed) await pg.close();
    },
  };
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Db> {
  const { default: pg } = await import('pg');
  const config = { connectionString: url, ...(opts.schema && { options: `-c search_path=${opts.schema}` }) };
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try { await admin.query(`create schema if not exists ${opts.schema}`); } finally { await admin.end(); }
  }
  const pool = new pg.Pool({ ...config, max: opts.poolSize ?? 10 });
  pool.on('connect', prepareHotStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners: (() => Promise<void>)[] = [];
  return {
    kind: 'postgres',
    db,
    async listen(channel, onMessage, onReconnect) {
      // One dedicated connection per subscription: a pooled one would lose its LISTEN when returned.
      let closed = false;
      let client: InstanceType<typeof pg.Client>;
      const connect = async (): Promise<void> => {
        const c = new pg.Client(config);
        c.on('notification', (n) => { if (n.channel === channel) onMessage(n.payload ?? ''); });
        c.on('error', () => { /* followed by 'end' */ });
        c.on('end', () => { if (!closed) void reconnect(1); });
        await c.connect();
        await c.query(`listen ${quoteIdent(channel)}`);
        client = c;
      };
      const reconnect = async (attempt: number): Promise<void> => {
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        if (closed) return;
        try { await connect(); onReconnect?.(); } catch { void reconnect(attempt + 1); }
      };
      await connect();
      const off = async () => { closed = true; await client.end().catch(() => {}); };
      listeners.push(off);
      return off;
    },
    async close() {
      await Promise.all(listeners.map((off) => off()));
      await db.destroy();
    },
  };
}

type PgQuery = (text: unknown, values?: unknown, cb?: unknown) => unknown;

/**
 * The hot statements (statements.ts) are sent by name, so this connection's server process parses them once. If
 * PostgreSQL refuses one (a migration changed a table's columns under it, or a pooler moved the session:
 * isReplanError), its text is no longer prepared and, outside a transaction, the call is sent again unnamed; inside
 * one the error stands (the transaction is aborted) and the repository runs it again (statements.ts `replanned`).
 */
function prepareHotStatements(client: { query: PgQuery; getTransactionStatus(): string | null }): void {
  const query = client.query.bind(client) as PgQuery;
  client.query = ((text: unknown, values?: unknown, cb?: unknown) => {
    const name = typeof text === 'string' && Array.isArray(values) && typeof cb !== 'function' ? preparedName(text) : undefined;
    if (!name) return query(text, values, cb);
    const idle = client.getTransactionStatus() === 'I';
    return (query({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
      if (!isReplanError(err)) throw err;
      unprepare(text as string);
      if (!idle) throw err;
      return query(text, values);
    });
  }) as PgQuery;
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
