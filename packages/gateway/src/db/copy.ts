// Moving a gateway from PGlite to PostgreSQL (the step from one process to N): every row of the data folder's
// PGlite copied into an empty PostgreSQL database, in one transaction on PostgreSQL, so a copy that fails half-way
// leaves that database as it was. Both are brought to the current migrations first. Rows travel as JSON text from
// `row_to_json` into `json_to_recordset` with each column's own type (its text form both ways: bigints, timestamps
// with their offsets and jsonb arrive exactly, never through a JavaScript number or Date). The data folder is locked
// while it runs (no gateway may write to it meanwhile) and left as the next start would leave it (its migrations
// applied, so both sides have the same columns): it stays the backup.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { openDatabase, type Db } from './database.ts';
import { migrate } from './migrations.ts';
import { DataDirInUseError, lockDataDir } from './lock.ts';
import type { Database } from './schema.ts';

/** Not copied: each side's `migrate` writes its own migrations table, and the target's triggers on `charges`
 *  (migration 0011) rebuild the status counts as the charges arrive. */
const NOT_COPIED = new Set(['cobro_migrations', 'charge_status_counts', 'charge_status_deltas']);
/** Rows per statement on each side. */
const PAGE = 2000;

export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

export interface CopyResult { tables: { name: string; rows: number }[] }

export interface CopyOptions {
  dataDir: string;
  databaseUrl: string;
  /** Each table once copied. */
  onTable?: (name: string, rows: number) => void;
  /** After each page of a table: the rows copied of it so far (a large table takes minutes). */
  onRows?: (name: string, rows: number) => void;
}

/** Copy the PGlite of `dataDir` into the empty database at `databaseUrl`. */
export async function copyPgliteToPostgres(o: CopyOptions): Promise<CopyResult> {
  const dir = join(o.dataDir, 'pglite');
  if (!existsSync(dir)) throw new CopyRefusedError(`${o.dataDir} holds no gateway database (no pglite folder in it)`);
  let unlock: () => void;
  try {
    unlock = lockDataDir(o.dataDir);
  } catch (err) {
    throw err instanceof DataDirInUseError ? new CopyRefusedError(err.message) : err;
  }
  let from: Db | undefined, to: Db | undefined;
  try {
    from = await openDatabase({ dataDir: dir });
    to = await openDatabase({ databaseUrl: o.databaseUrl, poolSize: 1 });
    await migrate(from.db);
    await migrate(to.db);
    const tables = await copiedTables(from.db);
    const source = from.db;
    return await to.db.transaction().execute(async (tx) => {
      // No gateway on the target writes while the copy runs (it would wait), and it must be empty.
      await sql.raw(`lock table ${tables.map(quote).join(', ')} in exclusive mode`).execute(tx);
      const held = await rowsIn(tx, tables);
      if (held.length) {
        throw new CopyRefusedError(`the database already holds gateway data (${held.map((t) => `${t.rows} ${t.name}`).join(', ')}): copy into an empty database, or drop that one's tables first`);
      }
      const out: CopyResult = { tables: [] };
      for (const name of tables) {
        const rows = await copyTable(source, tx, name, (n) => o.onRows?.(name, n));
        out.tables.push({ name, rows });
        o.onTable?.(name, rows);
      }
      await advanceSequences(tx);
      return out;
    });
  } finally {
    await to?.close();
    await from?.close();
    unlock();
  }
}

/** The gateway's tables, each after the ones its foreign keys point to. */
async function copiedTables(db: Kysely<Database>): Promise<string[]> {
  const { rows: names } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`.execute(db);
  const { rows: edges } = await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace and c.oid <> p.oid`.execute(db);
  const left = new Set(names.map((n) => n.name).filter((n) => !NOT_COPIED.has(n)));
  const order: string[] = [];
  while (left.size) {
    const ready = [...left].filter((t) => !edges.some((e) => e.child === t && left.has(e.parent)));
    if (!ready.length) throw new Error(`the foreign keys of ${[...left].join(', ')} form a cycle`);
    for (const t of ready) { order.push(t); left.delete(t); }
  }
  return order;
}

async function rowsIn(tx: Transaction<Database>, tables: string[]): Promise<{ name: string; rows: number }[]> {
  const out: { name: string; rows: number }[] = [];
  for (const name of tables) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(tx);
    const n = Number(rows[0]!.n);
    if (n > 0) out.push({ name, rows: n });
  }
  return out;
}

/** One table, PAGE rows at a time through a cursor on PGlite (its one connection holds the read transaction). A
 *  json/jsonb column travels as its text, so a JSON `null` stays a JSON null and is not read back as SQL NULL. */
async function copyTable(source: Kysely<Database>, tx: Transaction<Database>, name: string, onRows: (n: number) => void): Promise<number> {
  const { rows: cols } = await sql<{ name: string; type: string }>`select attname as name, format_type(atttypid, atttypmod) as type
    from pg_attribute where attrelid = ${quote(name)}::regclass and attnum > 0 and not attisdropped order by attnum`.execute(source);
  const isJson = (c: { type: string }) => c.type === 'jsonb' || c.type === 'json';
  const picked = cols.map((c) => (isJson(c) ? `${quote(c.name)}::text as ${quote(c.name)}` : quote(c.name))).join(', ');
  const shape = cols.map((c) => `${quote(c.name)} ${isJson(c) ? 'text' : c.type}`).join(', ');
  const values = cols.map((c) => (isJson(c) ? `${quote(c.name)}::${c.type}` : quote(c.name))).join(', ');
  const insert = `insert into ${quote(name)} (${cols.map((c) => quote(c.name)).join(', ')}) select ${values} from json_to_recordset($1::json) as x(${shape})`;
  return source.transaction().execute(async (read) => {
    await sql.raw(`declare copy_rows no scroll cursor for select row_to_json(t)::text as r from (select ${picked} from ${quote(name)}) t`).execute(read);
    let n = 0;
    for (;;) {
      const { rows } = await sql.raw<{ r: string }>(`fetch ${PAGE} from copy_rows`).execute(read);
      if (!rows.length) return n;
      await tx.executeQuery(CompiledQuery.raw(insert, [`[${rows.map((x) => x.r).join(',')}]`]));
      n += rows.length;
      onRows(n);
    }
  });
}

/** Serial columns continue after the largest id copied (rows arrived with their ids, not from the sequence). */
async function advanceSequences(tx: Transaction<Database>): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(tx);
  for (const { table_name: t, column_name: c } of rows) {
    await sql.raw(`select setval(pg_get_serial_sequence('${quote(t)}', '${c}'), coalesce((select max(${quote(c)}) from ${quote(t)}), 0) + 1, false)`).execute(tx);
  }
}

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
