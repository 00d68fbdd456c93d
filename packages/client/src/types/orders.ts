// Orders API for QR (spec §7). Money is a decimal string everywhere ("150.50"; CLP/COP "1500").
import type { SiteId } from '../sites.ts';
import type { Open } from './common.ts';
import type { AmountInput } from './instore.ts';

export type QrMode = 'static' | 'dynamic' | 'hybrid';
export type OrderStatus = Open<'created' | 'processed' | 'refunded' | 'expired' | 'canceled'>;
export type OrderStatusDetail = Open<'created' | 'processed' | 'accredited' | 'refunded' | 'partially_refunded' | 'expired' | 'canceled'>;
export type TransactionStatus = Open<'created' | 'processed' | 'refunded' | 'expired' | 'canceled'>;
export type TransactionStatusDetail = Open<'created' | 'accredited' | 'refunded' | 'partially_refunded' | 'expired' | 'canceled'>;
export type RefundStatus = Open<'processing' | 'processed' | 'failed'>;

/** An item as the caller writes it: `unit_price` may be an `Amount` or a decimal string. */
export type OrderItemInput = Omit<OrderItem, 'unit_price'> & { unit_price: AmountInput };

export interface IntegrationData {
  platform_id?: string;
  integrator_id?: string;
  /** The integrator's MP user id, as a string on this API. */
  sponsor?: { id: string };
  corporation_id?: string;
}

/** Typed input of `orders.create`: amounts as `Amount` objects or decimal strings. */
export interface CreateOrderInput {
  type: 'qr';
  total_amount: AmountInput;
  /** Up to 64 chars of `[A-Za-z0-9_-]`. */
  external_reference: string;
  description?: string;
  /** ISO-8601 duration, `PT30S` … `PT3600H` (static is capped at 10 minutes). */
  expiration_time?: string;
  processing_mode?: 'automatic';
  marketplace_fee?: AmountInput;
  config: { qr: { external_pos_id: string; mode?: QrMode } };
  transactions: { payments: Array<{ amount: AmountInput }> };
  items?: OrderItemInput[];
  integration_data?: IntegrationData;
  /** Seller's site for decimal-string amounts (CLP/COP: integers). Not sent; default: an `Amount`'s site. */
  site?: SiteId;
}

/** Wire body of `POST /v1/orders`. */
export interface CreateOrderBody extends Omit<CreateOrderInput, 'total_amount' | 'marketplace_fee' | 'transactions' | 'items' | 'site'> {
  total_amount: string;
  marketplace_fee?: string;
  transactions: { payments: Array<{ amount: string }> };
  items?: Array<Omit<OrderItemInput, 'unit_price'> & { unit_price: string }>;
}

/** `orders.createQr` convenience input. */
export interface CreateQrOrderParams {
  /** `amount('150.50', 'MLA')`, or a decimal string with `site`. */
  amount: AmountInput;
  /** Required unless `amount` is an `Amount`. */
  site?: SiteId;
  externalPosId: string;
  mode: QrMode;
  externalReference: string;
  /** The integrator's MP user id (number or string; sent as a string). */
  sponsorId?: string | number;
  description?: string;
  expirationTime?: string;
  items?: OrderItemInput[];
  platformId?: string;
  integratorId?: string;
}

export interface OrderPaymentMethod {
  id: Open<'master' | 'visa' | 'amex' | 'debmaster' | 'debvisa' | 'elo' | 'account_money' | 'pix'>;
  type: Open<'account_money' | 'credit_card' | 'debit_card' | 'prepaid_card'>;
  installments?: number;
}

export interface OrderPayment {
  /** `PAY` + 26 chars. */
  id: string;
  amount: string;
  paid_amount?: string;
  refunded_amount?: string;
  status: TransactionStatus;
  status_detail: TransactionStatusDetail;
  /** Numeric string: the classic payment id (`payments.get(Number(reference_id))`). */
  reference_id?: string;
  payment_method?: OrderPaymentMethod;
}

export interface OrderRefund {
  id: string;
  transaction_id: string;
  reference_id?: string;
  amount: string;
  status: RefundStatus;
}

export interface OrderItem {
  title: string;
  unit_price: string;
  quantity: number;
  unit_measure?: string;
  external_code?: string;
  description?: string;
  picture_url?: string;
  category_id?: string;
  type?: string;
}

export interface Order {
  /** `ORD` + 26 chars. */
  id: string;
  /** A string on this API. */
  user_id: string;
  type: Open<'qr'>;
  external_reference: string;
  description?: string;
  expiration_time?: string;
  processing_mode: Open<'automatic'>;
  total_amount: string;
  /** ISO 3166 alpha-3. */
  country_code: string;
  marketplace_fee?: string;
  integration_data?: IntegrationData & { application_id?: string };
  status: OrderStatus;
  status_detail: OrderStatusDetail;
  created_date: string;
  last_updated_date: string;
  config: { qr: { external_pos_id: string; mode: Open<QrMode> } };
  transactions: { payments: OrderPayment[]; refunds?: OrderRefund[] };
  items?: OrderItem[];
  /** `qr_data` for dynamic and hybrid; absent for static (the buyer scans the POS's printed QR). */
  type_response?: { qr_data: string };
}

/** Partial refund of one transaction; omit for a total refund. */
export interface RefundOrderParams {
  transactions?: Array<{ id: string; amount: AmountInput }>;
  /** Site for decimal-string amounts. Not sent. */
  site?: SiteId;
}

/** `POST /v1/orders/{id}/refund` response: the refund is asynchronous, check GET or the webhook. */
export interface OrderRefundResult {
  id: string;
  status: OrderStatus;
  status_detail: OrderStatusDetail;
  transactions: { refunds: OrderRefund[] };
}
