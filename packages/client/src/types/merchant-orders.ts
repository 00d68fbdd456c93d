// merchant_orders (spec §8.1, §8.2): the read side of the legacy QR flow.
import type { Open } from './common.ts';
import type { PaymentStatus } from './payments.ts';

export type MerchantOrderStatus = Open<'opened' | 'closed' | 'expired'>;
export type MerchantOrderOrderStatus = Open<
  'payment_required' | 'payment_in_process' | 'partially_paid' | 'paid' | 'partially_reverted' | 'reverted' | 'expired' | 'undefined'
>;

export interface MerchantOrderPayment {
  id: number;
  transaction_amount: number;
  total_paid_amount: number;
  shipping_cost?: number;
  currency_id: string;
  status: PaymentStatus;
  status_detail?: string;
  operation_type?: string;
  date_approved?: string | null;
  date_created?: string;
  last_modified?: string;
  amount_refunded: number;
}

export interface MerchantOrderItem {
  id?: string;
  title: string;
  quantity: number;
  unit_price: number;
  currency_id?: string;
  category_id?: string | null;
  description?: string | null;
  picture_url?: string | null;
}

export interface MerchantOrder {
  id: number;
  preference_id?: string | null;
  application_id?: string | null;
  status: MerchantOrderStatus;
  order_status: MerchantOrderOrderStatus;
  site_id: string;
  payer?: { id: number; nickname?: string } | null;
  collector: { id: number; nickname?: string };
  sponsor_id?: number | null;
  /** Only `closed` with approved payments covering `total_amount` certifies payment. */
  payments: MerchantOrderPayment[];
  paid_amount: number;
  refunded_amount: number;
  shipping_cost?: number;
  total_amount: number;
  date_created: string;
  last_updated: string;
  cancelled?: boolean;
  items: MerchantOrderItem[];
  notification_url?: string | null;
  external_reference: string;
  is_test?: boolean;
  [k: string]: unknown;
}

export interface MerchantOrderSearchParams {
  status?: MerchantOrderStatus;
  preference_id?: string;
  application_id?: string;
  payer_id?: number | string;
  sponsor_id?: number | string;
  external_reference?: string;
  site_id?: string;
  marketplace?: string;
  /** ISO-8601. */
  date_created_from?: string;
  date_created_to?: string;
  last_updated_from?: string;
  last_updated_to?: string;
  items?: string;
  offset?: number;
  limit?: number;
}

/** Note `elements`, not `results`. */
export interface MerchantOrderSearchResult {
  elements: MerchantOrder[];
  next_offset: number;
  total: number;
}
