// All state of one sandbox, in one place: a table per entity, a few small values (fault rules, counters), the
// id streams and the clock with its pending timers. It is plain data (no closures, no handles), and it is
// exactly what persistence (persist/) writes and loads. Runtime things that are not data stay with their
// owners: in-flight deliveries and their waiters (notifications/deliveries.ts), keys of requests still running
// (middleware/idempotency.ts), compiled fault matchers (faults/fault-rules.ts), real timers (clock.ts).
// Nothing here knows about HTTP.
import { VirtualClock } from './clock.ts';
import { Rng } from './rng.ts';
import { Table } from './table.ts';
import { Indexes } from './indexes.ts';
import type { ResolvedOptions } from './options.ts';
import type {
  AccessToken, Account, App, AuthCode, Grant, InstoreOrder, MerchantOrder, Order, Payment, PaymentRefund, Pos,
  RefreshToken, Scan, Store,
} from './model.ts';
import type { DeliveryRecord } from './notifications/deliveries.ts';
import type { IdempotencyRecord } from './middleware/idempotency.ts';
import type { HttpFaultRule, WebhookFaultRule } from './faults/fault-rules.ts';
import { SITES, type Site, type SiteId } from './sites.ts';

/** A notification to deliver; the notifier (notifications/notifications.ts) turns it into webhook/IPN requests. */
export interface NotificationEvent {
  /** `order`, `payment`, `merchant_order` (panel topic `topic_merchant_order_wh`), `mp-connect`. */
  topic: 'order' | 'payment' | 'merchant_order' | 'mp-connect';
  /** e.g. `order.processed`, `payment.created`, `create`/`update` for merchant orders. */
  action: string;
  /** The collector (seller) the resource belongs to. */
  userId: number;
  /** The app whose token created the resource: its panel webhook URL and secret are used. */
  clientId?: string;
  resourceId: string;
  /** A per-resource `notification_url` (legacy QR: unsigned, webhook + IPN flavours). */
  notificationUrl?: string;
  /** Extra `data` fields of the webhook body (Orders: status, amounts, transactions). */
  data?: Record<string, unknown>;
  /** Top-level fields for merchant-order webhooks (`status`). */
  extra?: Record<string, unknown>;
  liveMode: boolean;
}

/** Fault rules, newest first per target (faults/fault-rules.ts), and the counter behind their ids. */
export interface FaultRules { http: HttpFaultRule[]; webhook: WebhookFaultRule[]; seq: number }

/** Every entity table, by the name persistence files it under. */
export const TABLES = [
  'accounts', 'apps', 'tokens', 'refreshTokens', 'codes', 'grants', 'stores', 'pos', 'instoreOrders',
  'merchantOrders', 'payments', 'paymentRefunds', 'orders', 'scans', 'buyers', 'deliveries', 'heldDeliveries',
  'idempotency',
] as const;
export type TableName = (typeof TABLES)[number];

/** The last instant `utcTime` rendered (a pure function of it, so one for every sandbox). */
const lastUtc = { ms: NaN, text: '' };

export class SandboxState {
  readonly opts: ResolvedOptions;
  readonly rng: Rng;
  /** Ids of webhook requests: its own stream derived from the seed, because deliveries run asynchronously and
   *  drawing from `rng` would make entity ids depend on delivery timing. */
  readonly webhookRng: Rng;
  /** The `x-request-id` of every answer (middleware/request-id.ts): its own stream for the same reason. */
  readonly requestRng: Rng;
  readonly clock: VirtualClock;

  readonly accounts = new Table<number, Account>();
  readonly apps = new Table<string, App>();
  readonly tokens = new Table<string, AccessToken>();
  readonly refreshTokens = new Table<string, RefreshToken>();
  readonly codes = new Table<string, AuthCode>();
  /** OAuth links, keyed `${userId}:${clientId}` (identity/oauth.ts). */
  readonly grants = new Table<string, Grant>();
  readonly stores = new Table<string, Store>();
  readonly pos = new Table<number, Pos>();
  readonly instoreOrders = new Table<string, InstoreOrder>();
  readonly merchantOrders = new Table<number, MerchantOrder>();
  readonly payments = new Table<number, Payment>();
  readonly paymentRefunds = new Table<number, PaymentRefund>();
  readonly orders = new Table<string, Order>();
  readonly scans = new Table<string, Scan>();
  /** The test buyer's session per `${site} ${kind}`: the account id the scriptable buyer pays with (buyer/buyer.ts). */
  readonly buyers = new Table<string, number>();
  /** The webhook/IPN delivery log, in creation order (notifications/deliveries.ts). */
  readonly deliveries = new Table<string, DeliveryRecord>();
  /** Deliveries a `reorder` fault holds, by channel, in the order they were held. */
  readonly heldDeliveries = new Table<string, string[]>();
  /** Remembered answers of requests with an `X-Idempotency-Key` (middleware/idempotency.ts). */
  readonly idempotency = new Table<string, IdempotencyRecord>();

  readonly faults: FaultRules = { http: [], webhook: [], seq: 0 };
  /** Secondary indexes over the tables (indexes.ts): derived, never persisted; `rebuild(state)` after a load. */
  readonly indexes = new Indexes();
  /** Sequence numbers behind readable ids (`wh_12`). */
  readonly counters = { deliveries: 0 };

  /** Set by the notifier; routes call `notify()`. */
  notifier: (ev: NotificationEvent) => void = () => {};

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed);
    this.webhookRng = new Rng(`${this.rng.seed}:webhooks`);
    this.requestRng = new Rng(`${this.rng.seed}:requests`);
    this.clock = new VirtualClock({ mode: opts.clock, start: opts.startTime });
  }

  table(name: TableName): Table<unknown, unknown> {
    return this[name] as Table<unknown, unknown>;
  }

  now(): number {
    return this.clock.now();
  }

  notify(ev: NotificationEvent): void {
    this.notifier(ev);
  }

  site(id: SiteId): Site {
    return SITES[id];
  }

  /** A fresh numeric id of `digits` digits, unique within `taken`. */
  numericId(digits: number, taken: { has(k: number): boolean }): number {
    for (;;) {
      const id = Number(this.rng.digits(digits));
      if (!taken.has(id)) return id;
    }
  }

  /** Classic timestamp: `2019-09-03T13:13:54.000-04:00` in the site's offset. */
  classicTime(ms: number, site: SiteId = 'MLA'): string {
    const off = SITES[site].utcOffset;
    const sign = off.startsWith('-') ? -1 : 1;
    const [h, m] = off.slice(1).split(':').map(Number);
    const local = new Date(ms + sign * (h * 60 + m) * 60_000);
    return local.toISOString().replace('Z', off);
  }

  /** Orders API timestamp: UTC with `Z`. */
  utcTime(ms: number): string {
    // An answer renders the same instant several times (an order's created and updated dates), and requests in
    // one millisecond share it: keep the last one.
    if (ms !== lastUtc.ms) { lastUtc.text = new Date(ms).toISOString(); lastUtc.ms = ms; }
    return lastUtc.text;
  }
}
