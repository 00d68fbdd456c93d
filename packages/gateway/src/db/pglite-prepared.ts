// PGlite's own `query` parses and plans its text on every call, in six protocol exchanges with the wasm main loop
// (parse, describe, bind, describe, execute, sync): ~450 µs of the gateway's one event loop per statement here,
// against ~100 µs for a statement prepared once by name and then only bound and executed in one exchange
// (docs/decisions/0009-pglite-prepared-statements.md). PGlite is one connection, so every text the gateway sends
// can be prepared, not only the hot ones PostgreSQL prepares (statements.ts): this wraps a PGlite with a `query`
// that does, keeping the most recently used texts (Kysely's texts vary only with list lengths: a bounded set).
import type { messages as m, PGlite, Results } from '@electric-sql/pglite';
import { parse, protocol } from '@electric-sql/pglite';
import { isReplanError } from './statements.ts';

/** Prepared texts kept; the least recently used one is closed when a new one needs room. */
const MAX_PREPARED = 500;

interface Prepared {
  name: string;
  /** The parameters' type oids, as the server inferred them: the serializer of each. */
  types: number[];
}

type Parser = (text: string, typeId: number) => unknown;

const { serialize } = protocol;

/** The `query` Kysely's PGlite dialect calls: `pg.query`'s results, from statements prepared once per text. */
export class PreparedPglite {
  private readonly statements = new Map<string, Prepared>();
  private named = 0;

  constructor(readonly pg: PGlite) {}

  query<T>(sql: string, params: readonly unknown[] = []): Promise<Results<T>> {
    return this.pg.runExclusive(async () => {
      try {
        return await this.run<T>(sql, params);
      } catch (err) {
        // A table changed under the prepared text (a migration): prepare it again. Inside a transaction the
        // error stands, as on PostgreSQL (the transaction is aborted, and still open: statements.ts `replanned`
        // runs it again); a statement of its own left none open.
        if (!isReplanError(err)) throw err;
        this.statements.delete(sql);
        if (this.pg.isInTransaction()) throw err;
        return this.run<T>(sql, params);
      }
    });
  }

  /** The dialect's `destroy` closes its client. */
  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }

  private async run<T>(sql: string, params: readonly unknown[]): Promise<Results<T>> {
    let s = this.statements.get(sql);
    if (s) {
      // Most recently used last: the first entry is the one to close when room is needed.
      this.statements.delete(sql);
      this.statements.set(sql, s);
    } else {
      s = await this.prepare(sql);
    }
    const serializers = this.pg.serializers as Record<number, (v: unknown) => string>;
    const values = params.map((v, i) => (v == null ? null : (serializers[s.types[i]]?.(v) ?? String(v))));
    // Bind, describe (the row's fields, to parse them), execute and sync in one exchange: an error is followed by
    // the sync's ready-for-query, so the session is usable after it as after `pg.query`.
    const { messages } = await this.pg.execProtocol(
      Buffer.concat([serialize.bind({ statement: s.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return this.results<T>(messages);
  }

  /**
   * The one statement's rows, parsed by PGlite's parsers (`parse.parseResults` would copy all ~300 of them into a
   * new object per statement: a tenth of a busy gateway's time).
   */
  private results<T>(messages: readonly m.BackendMessage[]): Results<T> {
    const parsers = this.pg.parsers as Record<number, Parser | undefined>;
    let fields: { name: string; dataTypeID: number }[] = [];
    let parse: (Parser | undefined)[] = [];
    const rows: Record<string, unknown>[] = [];
    let affectedRows = 0;
    // By `name`, not `instanceof`: a CommonJS bundle (the CLI's) can hold PGlite's classes twice, the `import()`ed
    // copy that made these messages and the `require`d one this file would compare them with.
    for (const msg of messages) {
      if (msg.name === 'rowDescription') {
        fields = (msg as m.RowDescriptionMessage).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
        parse = fields.map((f) => parsers[f.dataTypeID]);
      } else if (msg.name === 'dataRow') {
        const row: Record<string, unknown> = {};
        (msg as m.DataRowMessage).fields.forEach((v: string | null, i: number) => {
          const p = parse[i];
          row[fields[i].name] = v === null ? null : p ? p(v, fields[i].dataTypeID) : v; // JSON `null` parses to null
        });
        rows.push(row);
      } else if (msg.name === 'commandComplete') {
        affectedRows = affected((msg as m.CommandCompleteMessage).text);
      }
    }
    return { rows: rows as T[], fields, affectedRows };
  }

  /** Parse `sql` under a new name and learn its parameters' types; closes the least recently used text if full. */
  private async prepare(sql: string): Promise<Prepared> {
    const parts: Uint8Array[] = [];
    if (this.statements.size >= MAX_PREPARED) {
      const [oldest, old] = this.statements.entries().next().value as [string, Prepared];
      this.statements.delete(oldest);
      parts.push(serialize.close({ type: 'S', name: old.name }));
    }
    const name = `cobro_l${++this.named}`;
    parts.push(serialize.parse({ name, text: sql, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync());
    const { messages } = await this.pg.execProtocol(Buffer.concat(parts), { syncToFs: false });
    const prepared = { name, types: parse.parseDescribeStatementResults(messages) };
    this.statements.set(sql, prepared);
    return prepared;
  }
}

/** Rows written, from the command tag (`INSERT 0 3`, `UPDATE 2`), as `pg.query` reports them. */
function affected(tag: string): number {
  const [command, a, b] = tag.split(' ');
  if (command === 'INSERT') return Number(b);
  return command === 'UPDATE' || command === 'DELETE' || command === 'COPY' || command === 'MERGE' ? Number(a) : 0;
}
