// The sandbox's state, entity by entity. Amounts are integer minor units of the seller's site currency;
// times are virtual-clock epoch ms. Wire formatting happens in the routes (money.ts, time.ts).
import type { SiteId } from './sites.ts';

export interface Account {
  id: number;
  nickname: string;
  email: string;
  /** Shown once at creation for test users; kept so the sandbox's sign-in page can check it. */
  password: string;
  site_id: SiteId;
  first_name: string;
  last_name: string;
  /** `production`: a real-like account (may create test users); `test`: a test user. */
  kind: 'production' | 'test';
  /** For test users: the production account that created them (counts toward its limit of 10). */
  parentId?: number;
  description?: string;
  /** Test users: money credited with `PUT /test_user/{id}/account_money`, in minor units. */
  account_money?: number;
  created: number;
  lastActivity: number;
  status: 'active' | 'expired' | 'deleted';
}

export interface App {
  client_id: string;
  client_secret: string;
  ownerId: number;
  name: string;
  redirect_uris: string[];
  pkce: boolean;
  /** Panel webhook URL (signed deliveries); undefined = none configured. */
  webhook_url?: string;
  webhook_secret: string;
  /** Panel topics; undefined = all. */
  webhook_topics?: string[];
  public_key: string;
  created: number;
}

export interface AccessToken {
  access_token: string;
  userId: number;
  clientId: string;
  grant: 'bootstrap' | 'authorization_code' | 'refresh_token' | 'client_credentials';
  scope: string;
  created: number;
  expiresAt: number;
  revoked: boolean;
  /** The refresh token issued together with this access token, if any. */
  refresh_token?: string;
  /** Issued with `test_token: true`: test credentials for the seller. */
  test: boolean;
}

export interface RefreshToken {
  refresh_token: string;
  userId: number;
  clientId: string;
  scope: string;
  created: number;
  used: boolean;
  revoked: boolean;
  /** Issued together with test credentials (`test_token`): refreshing keeps them test credentials. */
  test?: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  userId: number;
  redirectUri: string;
  scope: string;
  expiresAt: number;
  used: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/** A seller's link to an app, created by consent and ended by unlinking (keyed `${userId}:${clientId}`). */
export interface Grant { userId: number; clientId: string; scope: string; created: number }

export interface StoreLocation {
  street_number?: string;
  street_name?: string;
  city_name?: string;
  state_name?: string;
  latitude?: number;
  longitude?: number;
  reference?: string;
  zip_code?: string;
}

export interface BusinessInterval { open: string; close: string }

export interface Store {
  id: string;
  userId: number;
  name: string;
  external_id?: string;
  business_hours?: Record<string, BusinessInterval[]>;
  location: StoreLocation;
  date_created: number;
  date_last_updated: number;
}

export interface Pos {
  id: number;
  userId: number;
  name: string;
  fixed_amount: boolean;
  category?: number;
  store_id: string;
  external_store_id?: string;
  external_id?: string;
  url?: string;
  uuid: string;
  compatible_id: string;
  /** Hash used in the QR image URLs. */
  qr_hash: string;
  status: 'active';
  date_created: number;
  date_last_updated: number;
}

export interface LegacyItem {
  sku_number?: string;
  id?: string;
  category?: string;
  title?: string;
  description?: string;
  unit_price: number;
  quantity: number;
  unit_measure?: string;
  total_amount?: number;
  currency_id?: string;
  picture_url?: string;
}

/** Legacy in-store order: attended (PUT …/orders), dynamic (POST …/qrs), hybrid (PUT …/qrs), mpmobile. */
export interface InstoreOrder {
  in_store_order_id: string;
  model: 'attended' | 'dynamic' | 'hybrid' | 'mpmobile';
  userId: number;
  clientId: string;
  external_pos_id: string;
  posId: number;
  external_reference: string;
  title?: string;
  description?: string;
  notification_url?: string;
  expiration_date?: string;
  expiresAt?: number;
  total_amount: number;
  items: LegacyItem[];
  sponsor_id?: number;
  cash_out?: number;
  /** The original request body (echoed by GET). */
  raw: Record<string, unknown>;
  status: 'pending' | 'paid' | 'deleted' | 'expired';
  merchantOrderIds: number[];
  created: number;
  /** Created with test credentials (`test_token`): its merchant orders and payments are not live. */
  testCredentials?: boolean;
}

export type PaymentStatus = 'pending' | 'approved' | 'authorized' | 'in_process' | 'in_mediation' | 'rejected' | 'cancelled' | 'refunded' | 'charged_back';

export interface Payment {
  id: number;
  collectorId: number;
  payerId: number;
  clientId: string;
  site_id: SiteId;
  status: PaymentStatus;
  status_detail: string;
  payment_method_id: string;
  payment_type_id: string;
  transaction_amount: number;
  refunded: number;
  installments: number;
  description?: string;
  external_reference?: string;
  merchantOrderId?: number;
  /** Orders API order id when the payment belongs to an Orders API order. */
  orderId?: string;
  sponsor_id?: number;
  pos_id?: string;
  store_id?: string;
  notification_url?: string;
  live_mode: boolean;
  date_created: number;
  date_approved?: number;
  date_last_updated: number;
  cardholder_name?: string;
}

export interface PaymentRefund {
  id: number;
  payment_id: number;
  amount: number;
  status: 'approved' | 'in_process' | 'rejected';
  date_created: number;
}

export interface MerchantOrder {
  id: number;
  collectorId: number;
  clientId: string;
  site_id: SiteId;
  preference_id: string;
  status: 'opened' | 'closed' | 'expired';
  order_status: string;
  external_reference: string;
  notification_url?: string;
  sponsor_id?: number;
  total_amount: number;
  items: LegacyItem[];
  paymentIds: number[];
  payerId?: number;
  inStoreOrderId: string;
  cancelled: boolean;
  live_mode: boolean;
  date_created: number;
  last_updated: number;
}

export type OrderStatus = 'created' | 'processed' | 'refunded' | 'expired' | 'canceled';

export interface OrderPayment {
  id: string;
  amount: number;
  paid_amount?: number;
  refunded_amount: number;
  status: string;
  status_detail: string;
  /** Classic payment id behind it (string `reference_id`). */
  reference_id?: number;
  payment_method?: { id: string; type: string; installments: number };
}

export interface OrderRefund {
  id: string;
  transaction_id: string;
  reference_id?: string;
  amount: number;
  status: 'processing' | 'processed';
}

export interface OrderItem {
  title?: string;
  unit_price?: number;
  quantity?: number;
  unit_measure?: string;
  external_code?: string;
  description?: string;
  picture_url?: string;
  category_id?: string;
  type?: string;
}

/** Orders API order (`POST /v1/orders`, `type: "qr"`). */
export interface Order {
  id: string;
  userId: number;
  clientId: string;
  site_id: SiteId;
  type: 'qr';
  external_reference: string;
  description?: string;
  expiration_time: string;
  expiresAt: number;
  /** Hybrid: the static side is capped at 10 min while the dynamic code honours expiration_time. */
  staticExpiresAt?: number;
  processing_mode: 'automatic';
  total_amount: number;
  marketplace_fee?: number;
  mode: 'static' | 'dynamic' | 'hybrid';
  external_pos_id: string;
  posId: number;
  integration_data?: { platform_id?: string; integrator_id?: string; sponsor?: { id: string } };
  status: OrderStatus;
  status_detail: string;
  payments: OrderPayment[];
  refunds: OrderRefund[];
  items?: OrderItem[];
  qr_data?: string;
  /** UUID in tag 43/06 of `qr_data` (dynamic/hybrid): what a scan of the dynamic code resolves. */
  qrUuid?: string;
  /** Bumped on every change; sent as `data.version` in order webhooks. */
  version?: number;
  /** True while a buyer is in the middle of paying (cancel → instore_order_locked_error). */
  locked: boolean;
  live_mode: boolean;
  created: number;
  updated: number;
}

/** A buyer's scan of a QR: what the app would show, and what `pay` acts on. */
export interface Scan {
  id: string;
  buyerId?: number;
  /** What was scanned: an Orders API order, or a legacy in-store order. */
  target: { kind: 'order'; orderId: string } | { kind: 'instore'; inStoreOrderId: string; merchantOrderId?: number };
  created: number;
  state: 'open' | 'paid' | 'abandoned';
}
