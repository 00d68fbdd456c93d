// Legacy in-store QR orders (spec §6): the typed input takes amounts as `Amount` objects or decimal strings;
// the wire body carries JSON numbers (converted in resources/amounts.ts).
import type { Amount } from '../money.ts';
import type { SiteId } from '../sites.ts';

/** An amount in a typed input: `amount('150.50', 'MLA')`, or a decimal string such as `"150.50"`. */
export type AmountInput = Amount | string;

export interface InstoreItemInput {
  title: string;
  unit_price: AmountInput;
  quantity: number;
  unit_measure: string;
  /** Default: unit_price × quantity. */
  total_amount?: AmountInput;
  description?: string;
  sku_number?: string;
  category?: string;
}

export interface InstoreOrderInput {
  /** Up to 64 chars of `[A-Za-z0-9_-]`. */
  external_reference: string;
  total_amount: AmountInput;
  items?: InstoreItemInput[];
  title?: string;
  description?: string;
  notification_url?: string;
  /** ISO-8601 with offset (`"2026-08-22T16:34:56.559-04:00"`) or a Date. */
  expiration_date?: string | Date;
  /** The integrator's MP user id (a number on this API). */
  sponsor_id?: number | string;
  cash_out?: { amount: AmountInput };
  taxes?: Array<{ value: number; type: string }>;
  /**
   * Site of the seller, for decimal-string amounts: CLP/COP (MLC/MCO) take no decimals. Not sent.
   * Default: the site of an `Amount` in the input, else at most two decimals are accepted.
   */
  site?: SiteId;
}

/** Wire item (numbers). */
export interface InstoreItem {
  title: string;
  unit_price: number;
  quantity: number;
  unit_measure: string;
  total_amount: number;
  description?: string;
  sku_number?: string;
  category?: string;
}

/** Wire body of PUT …/orders and POST/PUT …/qrs. */
export interface InstoreOrderBody {
  external_reference: string;
  total_amount: number;
  items?: InstoreItem[];
  title?: string;
  description?: string;
  notification_url?: string;
  expiration_date?: string;
  sponsor?: { id: number };
  cash_out?: { amount: number };
  taxes?: Array<{ value: number; type: string }>;
}

/** `GET …/pos/{external_pos_id}/orders`: the order as sent plus the POS it is on. */
export interface InstoreOrder extends Partial<InstoreOrderBody> {
  user_id?: string | number;
  external_pos_id?: string;
  [k: string]: unknown;
}

/** Dynamic (and hybrid) QR: render `qr_data` as the QR image; `in_store_order_id` is a UUID. */
export interface InstoreQr {
  qr_data: string;
  in_store_order_id: string;
}

export interface MpmobileItemInput {
  title: string;
  unit_price: AmountInput;
  /** Integer. */
  quantity: number;
  description: string;
  /** ISO 4217; default the currency of the site. */
  currency_id?: string;
  id?: string;
  picture_url?: string;
}

export interface MpmobileOrderInput {
  /** Up to 256 chars. */
  external_reference: string;
  items: MpmobileItemInput[];
  notification_url?: string;
  sponsor_id?: number | string;
  /** See InstoreOrderInput.site. Also gives the default currency_id. */
  site?: SiteId;
}

/** The preference-like object `/mpmobile` returns (id = `<collector_id>-<uuid>`). */
export interface MpmobileOrder {
  id: string;
  items: Array<{ id?: string; title: string; currency_id: string; unit_price: number; quantity: number; description?: string; picture_url?: string }>;
  collector_id: number;
  total_amount: number;
  amount?: number;
  external_reference: string;
  operation_type?: string;
  sponsor_id?: number | string | null;
  notification_url?: string | null;
  site_id?: string;
  expires?: boolean;
  [k: string]: unknown;
}
