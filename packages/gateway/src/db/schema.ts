// The gateway's tables as Kysely sees them. One interface per table; migrations.ts creates them. Timestamps are
// `timestamptz` read back as Date; ids the gateway makes are text.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface JobsTable {
  id: Generated<string>;
  queue: string;
  payload: ColumnType<unknown, string, string>;
  /** While a job with this key is queued, enqueueing the same key again adds nothing (coalescing). */
  dedupe_key: string | null;
  state: ColumnType<'queued' | 'running' | 'dead', 'queued' | 'running' | 'dead' | undefined, 'queued' | 'running' | 'dead'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
}

export interface MigrationsTable {
  id: string;
  applied_at: Timestamp;
}

export interface Database {
  jobs: JobsTable;
  cobro_migrations: MigrationsTable;
}
