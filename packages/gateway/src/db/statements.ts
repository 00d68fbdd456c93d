// Hot statements compiled once, and prepared once per connection on PostgreSQL. Kysely builds a tree of frozen
// nodes and compiles it to SQL text on every call, and the server parses and plans that text on every call: for
// the few statements every request sends (the device key read, the charge insert and its first update) both were
// a measurable part of a create's CPU (bench/gateway-create-ab.ts). A `Statement` is built with Kysely once,
// with a placeholder per argument, and then only its parameters change; its SQL text is also registered here, so
// the PostgreSQL pool (database.ts) sends it as a named prepared statement (parsed once per connection).
import type { CompiledQuery, Compilable, Kysely, QueryResult, RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

/** Texts to prepare → their statement names. Bounded: only the hot statements are registered. */
const prepared = new Map<string, string>();
const MAX_PREPARED = 100;
let named = 0;

/** The prepared statement name of this SQL text, if it is a registered hot statement. */
export function preparedName(text: string): string | undefined {
  return prepared.get(text);
}

/**
 * Stop preparing this text (PostgreSQL refused its cached plan: a migration changed the table under it); it is sent
 * unnamed from then on.
 */
export function unprepare(text: string): void {
  prepared.delete(text);
}

/**
 * PostgreSQL refusing a prepared statement: its result columns changed since it was prepared (a migration added or
 * changed a column of its table: 0A000 "cached plan must not change result type"), or the server connection is not
 * the one it was prepared on (a pooler in transaction mode in front of PostgreSQL: 26000 "does not exist", 42P05
 * "already exists"). Each is raised before the statement runs, so sending it again unnamed is safe.
 */
export function isReplanError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === '26000' || e?.code === '42P05') return typeof e.message === 'string' && e.message.includes('prepared statement');
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan');
}

/**
 * Run a transaction that sends hot statements; when one is refused as above inside it (the text is then no longer
 * prepared, and the transaction was rolled back, so nothing of it was written), run it once more.
 */
export async function replanned<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isReplanError(err)) throw err;
    return run();
  }
}

const MARK = '\u0000cobro-arg:';
/** The placeholder for argument `k` while the statement is built (a value no caller can send: it holds a NUL). */
const arg = (k: string): string => `${MARK}${k}\u0000`;

export class Statement<A extends Record<string, unknown>, R> {
  private compiled: { query: CompiledQuery<R>; slots: (string | undefined)[] } | undefined;

  /** `build` gets a placeholder for each of `keys` and must use each as a value of the query. */
  constructor(readonly keys: readonly (keyof A & string)[], readonly builder: (db: Kysely<Database>, args: A) => Compilable<R> | RawBuilder<R>) {}

  /** Run with these arguments on `db` (the pool, or a transaction). */
  execute(db: Kysely<Database>, args: A): Promise<QueryResult<R>> {
    const { query, slots } = (this.compiled ??= this.compile(db));
    const parameters = query.parameters.map((p, i) => (slots[i] === undefined ? p : args[slots[i]!]));
    return db.executeQuery<R>({ ...query, parameters });
  }

  private compile(db: Kysely<Database>) {
    const built = this.builder(db, Object.fromEntries(this.keys.map((k) => [k, arg(k)])) as A);
    const query = 'isRawBuilder' in built ? built.compile(db) : built.compile();
    const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length, -1) : undefined));
    for (const k of this.keys) if (!slots.includes(k)) throw new Error(`statement argument ${k} is not a parameter of: ${query.sql}`);
    if (query.sql.includes(MARK)) throw new Error(`a statement argument was inlined into its SQL: ${query.sql}`);
    if (prepared.size < MAX_PREPARED && !prepared.has(query.sql)) prepared.set(query.sql, `cobro_${++named}`);
    return { query, slots };
  }
}
