// All state of one sandbox: plain maps, one per entity, plus the clock, the id source and the hook that
// routes call to emit notifications. Nothing here knows about HTTP.
import { VirtualClock } from './clock.ts';
import { Rng } from './rng.ts';
import type { ResolvedOptions } from './options.ts';
import type {
  AccessToken, Account, App, AuthCode, InstoreOrder, MerchantOrder, Order, Payment, PaymentRefund, Pos,
  RefreshToken, Scan, Store,
} from './model.ts';
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

export class SandboxState {
  readonly opts: ResolvedOptions;
  readonly rng: Rng;
  readonly clock: VirtualClock;

  readonly accounts = new Map<number, Account>();
  readonly apps = new Map<string, App>();
  readonly tokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly codes = new Map<string, AuthCode>();
  readonly stores = new Map<string, Store>();
  readonly pos = new Map<number, Pos>();
  readonly instoreOrders = new Map<string, InstoreOrder>();
  readonly merchantOrders = new Map<number, MerchantOrder>();
  readonly payments = new Map<number, Payment>();
  readonly paymentRefunds = new Map<number, PaymentRefund>();
  readonly orders = new Map<string, Order>();
  readonly scans = new Map<string, Scan>();

  /** Set by the notifier; routes call `notify()`. */
  notifier: (ev: NotificationEvent) => void = () => {};

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed);
    this.clock = new VirtualClock({ mode: opts.clock, start: opts.startTime });
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
    return new Date(ms).toISOString();
  }
}
