// The oldest in-store API, `/mpmobile/instore/qr/{user_id}/{external_id}` (spec §6.4): a preference-like body,
// a lifetime from `X-Ttl-Store-Preference` (default 10 minutes), and a preference-like response.
import type { SandboxState } from '../state.ts';
import type { Account, InstoreOrder, LegacyItem } from '../model.ts';
import { MpError, classicError } from '../errors.ts';
import { isObject } from '../http.ts';
import { formatAmountNumber, parseAmountNumber } from '../money.ts';
import { validateSponsor } from '../identity/sponsor.ts';
import { itemsAmount, lineAmount, type LegacyOrderBody } from './legacy-body.ts';
import { isHttpUrl } from '../kit/validation.ts';

export const MPMOBILE_DEFAULT_TTL_S = 600;

/** The error observed for malformed bodies (sdk-php #171): note `causes`, not `cause`. */
export function invalidPreferenceBody(): MpError {
  return new MpError(400, { error: 'invalid_preference_body', message: 'Invalid preference_body', status: 400, causes: [] }, 'Invalid preference_body');
}

/** Seconds from `X-Ttl-Store-Preference` → ms; the header is optional (guide) with a 10-minute default. */
export function parseTtl(header: string | undefined): number {
  if (header === undefined || header.trim() === '') return MPMOBILE_DEFAULT_TTL_S * 1000;
  if (!/^\d{1,9}$/.test(header.trim()) || Number(header) <= 0) {
    throw classicError(400, 'invalid_ttl', 'X-Ttl-Store-Preference must be a positive integer number of seconds.');
  }
  return Number(header) * 1000;
}

export function parseMpmobileBody(state: SandboxState, body: Record<string, unknown>, collector: Account): LegacyOrderBody {
  const site = state.site(collector.site_id);
  const ref = body.external_reference;
  if (typeof ref !== 'string' || ref === '' || ref.length > 256) {
    throw classicError(400, 'invalid_external_reference', 'external_reference is required: a string of at most 256 characters.');
  }
  let notification_url: string | undefined;
  if (body.notification_url !== undefined && body.notification_url !== null) {
    if (typeof body.notification_url !== 'string' || body.notification_url.length > 500 || !isHttpUrl(body.notification_url)) {
      throw classicError(400, 'invalid_notification_url', 'notification_url must be a valid URL of at most 500 characters.');
    }
    notification_url = body.notification_url;
  }
  let sponsor_id: number | undefined;
  if (body.sponsor_id !== undefined && body.sponsor_id !== null) {
    const raw = body.sponsor_id;
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
    const reason = Number.isSafeInteger(id) ? validateSponsor(state, id, collector) : 'sponsor_id must be a user id';
    if (reason) throw classicError(400, 'invalid_sponsor_id', 'sponsor_id is not an active user.', [{ code: 'invalid_sponsor_id', description: reason, data: null }]);
    sponsor_id = id;
  }
  if (!Array.isArray(body.items) || body.items.length === 0) throw classicError(400, 'invalid_items', 'items are required.');
  const items: LegacyItem[] = body.items.map((raw) => {
    if (!isObject(raw)) throw classicError(400, 'invalid_items', 'items must be objects.');
    for (const f of ['title', 'description'] as const) {
      if (typeof raw[f] !== 'string' || raw[f] === '') throw classicError(400, 'invalid_items', `${f} invalid.`);
    }
    if (raw.id !== undefined && typeof raw.id !== 'string') throw classicError(400, 'invalid_items', 'id invalid.');
    if (raw.picture_url !== undefined && typeof raw.picture_url !== 'string') throw classicError(400, 'invalid_items', 'picture_url invalid.');
    if (raw.currency_id !== site.currency) {
      throw classicError(400, 'invalid_items', `currency_id invalid. Site ${site.id} uses ${site.currency}.`);
    }
    const unit = parseAmountNumber(raw.unit_price, site);
    if (unit === undefined || unit <= 0) throw classicError(400, 'invalid_items', 'unit_price invalid.');
    if (typeof raw.quantity !== 'number' || !Number.isSafeInteger(raw.quantity) || raw.quantity <= 0) {
      throw classicError(400, 'invalid_items', 'quantity invalid.');
    }
    const total = lineAmount(unit, raw.quantity);
    if (total === undefined) throw classicError(400, 'invalid_items', 'unit_price × quantity is larger than any amount an order can hold.');
    return {
      id: raw.id as string | undefined,
      title: raw.title as string,
      description: raw.description as string,
      currency_id: site.currency,
      unit_price: unit,
      quantity: raw.quantity,
      total_amount: total,
      picture_url: raw.picture_url as string | undefined,
    };
  });
  const total = itemsAmount(items);
  if (total === undefined) throw classicError(400, 'invalid_items', 'the sum of items (unit_price × quantity) is larger than any amount an order can hold.');
  return {
    external_reference: ref,
    notification_url,
    total_amount: total,
    items,
    sponsor_id,
  };
}

/** The preference-like object `/mpmobile` answers with (spec §6.4). */
export function mpmobileJson(state: SandboxState, o: InstoreOrder): Record<string, unknown> {
  const collector = state.accounts.get(o.userId);
  const site = state.site(collector?.site_id ?? 'MLA');
  const total = formatAmountNumber(o.total_amount, site);
  return {
    id: o.in_store_order_id,
    items: o.items.map((i) => ({
      id: i.id ?? '',
      title: i.title,
      description: i.description,
      currency_id: i.currency_id,
      unit_price: formatAmountNumber(i.unit_price, site),
      quantity: i.quantity,
      picture_url: i.picture_url ?? '',
      category_id: '',
    })),
    collector_id: o.userId,
    collector: {},
    total_amount: total,
    amount: total,
    external_reference: o.external_reference,
    operation_type: 'regular_payment',
    payment_methods: { excluded_payment_methods: [], excluded_payment_types: [{ id: 'ticket' }] },
    marketplace: 'NONE',
    marketplace_fee: 0,
    sponsor_id: o.sponsor_id ?? null,
    notification_url: o.notification_url ?? null,
    back_urls: { success: '', pending: '', failure: '' },
    payer: { name: '', surname: '', email: '', phone: { area_code: '', number: '' }, identification: { type: '', number: '' }, address: { zip_code: '', street_name: '', street_number: null } },
    expires: false,
    expiration_date_to: o.expiresAt === undefined ? null : state.classicTime(o.expiresAt, site.id),
    additional_info: '',
    site_id: site.id.toLowerCase(),
    client_id: o.clientId,
    date_created: state.classicTime(o.created, site.id),
    processing_modes: ['aggregator'],
    internal_metadata: {},
  };
}
