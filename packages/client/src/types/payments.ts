// Classic payments and their refunds (spec §8.3–§8.5). Amounts are JSON numbers on these APIs.
import type { Open } from './common.ts';
import type { AmountInput } from './instore.ts';
import type { SiteId } from '../sites.ts';

export type PaymentStatus = Open<
  'pending' | 'approved' | 'authorized' | 'in_process' | 'in_mediation' | 'rejected' | 'cancelled' | 'refunded' | 'charged_back'
>;
export type PaymentStatusDetail = Open<
  | 'accredited' | 'pending_contingency' | 'pending_review_manual' | 'cc_rejected_bad_filled_card_number'
  | 'cc_rejected_bad_filled_date' | 'cc_rejected_bad_filled_other' | 'cc_rejected_bad_filled_security_code'
  | 'cc_rejected_blacklist' | 'cc_rejected_call_for_authorize' | 'cc_rejected_card_disabled'
  | 'cc_rejected_duplicated_payment' | 'cc_rejected_high_risk' | 'cc_rejected_insufficient_amount'
  | 'cc_rejected_invalid_installments' | 'cc_rejected_max_attempts' | 'cc_rejected_other_reason'
  | 'refunded' | 'partially_refunded' | 'by_collector' | 'expired'
>;
export type RefundStatus = Open<'approved' | 'in_process' | 'rejected'>;

export interface PaymentRefund {
  id: number;
  payment_id: number;
  amount: number;
  metadata?: Record<string, unknown>;
  source?: { id: string; name: string; type: string };
  date_created: string;
  unique_sequence_number?: string | null;
  refund_mode?: string;
  adjustment_amount?: number;
  status: RefundStatus;
  reason?: string | null;
  amount_refunded_to_payer?: number;
  [k: string]: unknown;
}

export interface Payment {
  id: number;
  date_created: string;
  date_approved?: string | null;
  date_last_updated: string;
  money_release_date?: string | null;
  operation_type?: string;
  payment_method_id: string;
  payment_type_id: string;
  status: PaymentStatus;
  status_detail: PaymentStatusDetail;
  currency_id: string;
  description?: string | null;
  live_mode?: boolean;
  sponsor_id?: number | null;
  collector_id: number;
  payer?: { id?: number | string | null; email?: string | null; [k: string]: unknown };
  /** `id` is the merchant_order id for legacy QR payments. */
  order?: { id?: number | string; type?: string } | null;
  external_reference?: string | null;
  transaction_amount: number;
  transaction_amount_refunded?: number;
  installments?: number;
  transaction_details?: { net_received_amount?: number; total_paid_amount?: number; [k: string]: unknown };
  refunds?: PaymentRefund[];
  pos_id?: string | null;
  store_id?: string | null;
  [k: string]: unknown;
}

export type PaymentDateField = 'date_approved' | 'date_created' | 'date_last_updated' | 'money_release_date';

export interface PaymentSearchParams {
  sort?: PaymentDateField;
  criteria?: 'asc' | 'desc';
  external_reference?: string;
  range?: PaymentDateField;
  /** ISO-8601 or relative (`NOW-30DAYS`, `NOW`). */
  begin_date?: string;
  end_date?: string;
  status?: PaymentStatus;
  offset?: number;
  limit?: number;
  /** Other attribute filters (`pos_id`, `store_id`, `collector.id`, …). */
  [filter: string]: string | number | undefined;
}

export interface PaymentSearchResult {
  paging: { total: number; limit: number; offset: number };
  results: Payment[];
}

export interface CreatePaymentRefundParams {
  /** Omit for a total refund. */
  amount?: AmountInput;
  /** Site for a decimal-string amount. Not sent. */
  site?: SiteId;
}
