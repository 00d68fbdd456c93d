// How a charge looks from outside (the terminal's JSON), and the money and time details of reading one:
// amounts in the seller's currency as MP's decimal strings, the site a currency belongs to, an order's expiry.
import { MercadoPagoError, SITES, isoDurationMs, toOrdersAmount, parseDecimal, type AmountError, type Order, type SiteId } from '@cobro/client';
import { GatewayError } from '../errors.ts';
import type { ChargeRow } from '../repositories/charges.ts';
import type { ChargeStatus } from './charge-state.ts';

export function minorAmount(raw: string, site: SiteId): number {
  let minor: number;
  try {
    minor = parseDecimal(raw, site);
  } catch (e) {
    const hint = /,/.test(raw) ? ' (use a dot for decimals: 12.50)' : '';
    throw new GatewayError(400, 'invalid_request', `amount: ${(e as AmountError).message}${hint}`, { fields: [{ field: 'amount', rule: `${(e as Error).message}${hint}` }] });
  }
  if (minor <= 0) throw new GatewayError(400, 'invalid_request', 'amount: must be greater than zero', { fields: [{ field: 'amount', rule: 'greater than zero' }] });
  return minor;
}

/** Each site has its own currency, so a charge's currency names its site (the client's SITES table). */
const CURRENCY_SITE: ReadonlyMap<string, SiteId> = new Map(Object.values(SITES).map((s) => [s.currency, s.id]));
export const siteOf = (currency: string): SiteId => CURRENCY_SITE.get(currency) ?? 'MLA';

/** When an order stops being payable: its creation plus its `expiration_time` (the client's ISO-8601 reader). */
export function expiry(order: Order, now: Date): Date | null {
  const ms = order.expiration_time === undefined ? undefined : isoDurationMs(order.expiration_time);
  if (ms === undefined) return null;
  return new Date(Date.parse(order.created_date) + ms || now.getTime() + ms);
}

export function errorDetail(err: unknown): Record<string, unknown> {
  if (err instanceof MercadoPagoError) return { message: err.message, status: err.status ?? null, code: err.code ?? null, mp_request_id: err.requestId ?? null };
  return { message: err instanceof Error ? err.message : String(err) };
}

export interface ChargeEvent { version: number; type: string; data: unknown; created_at: string }

export interface ChargeView {
  id: string;
  status: ChargeStatus;
  amount: string;
  currency: string;
  description: string | null;
  external_reference: string | null;
  mode: string;
  qr_data: string | null;
  qr_png_url: string | null;
  qr_svg_url: string | null;
  expires_at: string | null;
  mp_order_id: string | null;
  mp_payment_id: string | null;
  refunded_amount: string;
  review_reason: string | null;
  failure: { message: string; mp_request_id?: string | null } | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export function view(r: ChargeRow): ChargeView {
  const site = siteOf(r.currency);
  const failure = r.status === 'failed' && r.last_error ? (r.last_error as { message: string; mp_request_id?: string | null }) : null;
  return {
    id: r.id, status: r.status as ChargeStatus, amount: toOrdersAmount(Number(r.amount_minor), site), currency: r.currency, description: r.description,
    external_reference: r.reference, mode: r.mode, qr_data: r.qr_data,
    qr_png_url: r.qr_data ? `/api/charges/${r.id}/qr.png` : null, qr_svg_url: r.qr_data ? `/api/charges/${r.id}/qr.svg` : null,
    expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null, mp_order_id: r.mp_order_id, mp_payment_id: r.mp_payment_id,
    refunded_amount: toOrdersAmount(Number(r.refunded_minor), site), review_reason: r.review_reason,
    failure: failure && { message: failure.message, mp_request_id: failure.mp_request_id ?? null }, version: r.version,
    created_at: new Date(r.created_at).toISOString(), updated_at: new Date(r.updated_at).toISOString(),
  };
}
