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

type Json = ColumnType<unknown, string, string>;

export interface SellersTable {
  id: string;
  mp_user_id: ColumnType<string, number | string, number | string>;
  nickname: string;
  site_id: string;
  currency: string;
  status: 'connected' | 'disconnected';
  disconnected_reason: string | null;
  /** Sealed (crypto/vault.ts), never plaintext. */
  access_token: string;
  refresh_token: string | null;
  scope: string;
  live_mode: boolean;
  token_expires_at: Timestamp;
  token_refreshed_at: Timestamp;
  refresh_lock_owner: string | null;
  refresh_lock_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OAuthAttemptsTable {
  state_hash: string;
  code_verifier: string;
  return_to: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface StoresTable {
  id: string;
  seller_id: string;
  mp_store_id: string | null;
  external_id: string;
  name: string;
  body: Json;
  created_at: Timestamp;
}

export interface PosTable {
  id: string;
  seller_id: string;
  store_id: string;
  mp_pos_id: ColumnType<string | null, number | string | null, number | string | null>;
  external_id: string;
  name: string;
  flow: 'orders' | 'legacy_dynamic' | 'legacy_attended';
  qr: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

export interface DeviceKeysTable {
  id: string;
  pos_id: string;
  key_hash: string;
  hint: string;
  label: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface PairingCodesTable {
  code_hash: string;
  pos_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ChargesTable {
  id: string;
  seller_id: string;
  pos_id: string;
  idempotency_key: string;
  request_hash: string;
  mp_idempotency_key: string;
  external_reference: string;
  reference: string | null;
  amount_minor: ColumnType<string, number | string, number | string>;
  currency: string;
  description: string | null;
  items: ColumnType<unknown, string | null, string | null>;
  mode: string;
  flow: string;
  status: string;
  version: Generated<number>;
  mp_order_id: string | null;
  mp_payment_id: string | null;
  qr_data: string | null;
  expires_at: Timestamp | null;
  refunded_minor: ColumnType<string, number | string | undefined, number | string>;
  rejected_attempts: ColumnType<string[], string | undefined, string>;
  review_reason: string | null;
  last_error: ColumnType<unknown, string | null, string | null>;
  next_check_at: Timestamp | null;
  /** A settled charge (approved, partially refunded) is polled only until then: a refund asked and not yet seen. */
  poll_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChargeEventsTable {
  charge_id: string;
  version: number;
  type: string;
  data: Json;
  created_at: Timestamp;
}

export interface WebhookInboxTable {
  id: Generated<string>;
  dedupe_key: string;
  mp_user_id: ColumnType<string | null, number | string | null, number | string | null>;
  topic: string;
  resource_id: string;
  signature: 'verified' | 'absent';
  body: Json;
  received_at: Timestamp;
  processed_at: Timestamp | null;
}

export interface OutboxTable {
  id: Generated<string>;
  charge_id: string | null;
  type: string;
  payload: Json;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface MpCallsTable {
  id: Generated<string>;
  charge_id: string | null;
  seller_id: string | null;
  method: string;
  path: string;
  status: number | null;
  mp_request_id: string | null;
  attempt: number;
  duration_ms: number;
  error: string | null;
  created_at: Timestamp;
}

export interface AdminSessionsEndedTable {
  sid_hash: string;
  expires_at: Timestamp;
}

/** charge_status_counts: charges per status as of the last fold; charge_status_deltas: what changed since (triggers on
 *  charges append them; migration 0011). */
export interface ChargeStatusCountsTable {
  status: string;
  n: ColumnType<string, number | string, number | string>;
}

export interface Database {
  jobs: JobsTable;
  cobro_migrations: MigrationsTable;
  sellers: SellersTable;
  oauth_attempts: OAuthAttemptsTable;
  stores: StoresTable;
  pos: PosTable;
  device_keys: DeviceKeysTable;
  pairing_codes: PairingCodesTable;
  charges: ChargesTable;
  charge_events: ChargeEventsTable;
  webhook_inbox: WebhookInboxTable;
  outbox: OutboxTable;
  mp_calls: MpCallsTable;
  admin_sessions_ended: AdminSessionsEndedTable;
  charge_status_counts: ChargeStatusCountsTable;
  charge_status_deltas: ChargeStatusCountsTable;
}
