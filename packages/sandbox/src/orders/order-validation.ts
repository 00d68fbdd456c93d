// Validation of a `POST /v1/orders` body (spec §7.1). Every rule names the field in `details`:
// unknown property → unsupported_properties, missing → required_properties, wrong JSON type → property_type,
// wrong value → property_value; plus the QR-specific codes (marketplace_not_valid, sponsor_id_not_valid).
import type { SandboxState } from '../state.ts';
import type { AccessToken, Account, Order, OrderItem } from '../model.ts';
import type { Site } from '../sites.ts';
import { ordersError } from '../errors.ts';
import { optString as optStringOf, ordersFail, ordersFieldError } from '../kit/validation.ts';
import { isObject } from '../http.ts';
import { formatAmountString, parseAmountString } from '../money.ts';
import { isoDurationMs } from '../clock.ts';
import { validateSponsor } from '../identity/sponsor.ts';

const MIN_EXPIRATION_MS = 30_000;
const MAX_EXPIRATION_MS = 3600 * 3600_000;
const QR_MODES = ['static', 'dynamic', 'hybrid'] as const;
/** Made once (a regular expression literal is a new object at every evaluation). */
const EXTERNAL_REFERENCE = /^[A-Za-z0-9_-]{1,64}$/;

const ALLOWED: Record<string, readonly string[]> = {
  '': ['type', 'total_amount', 'external_reference', 'description', 'expiration_time', 'processing_mode',
    'marketplace_fee', 'config', 'transactions', 'items', 'integration_data'],
  config: ['qr'],
  'config.qr': ['external_pos_id', 'mode'],
  transactions: ['payments'],
  'transactions.payments[]': ['amount'],
  'items[]': ['title', 'unit_price', 'quantity', 'unit_measure', 'external_code', 'description', 'picture_url', 'category_id', 'type'],
  integration_data: ['platform_id', 'integrator_id', 'sponsor'],
  'integration_data.sponsor': ['id'],
};

export interface CreateOrderInput {
  total_amount: number;
  paymentAmount: number;
  external_reference: string;
  description?: string;
  /** As sent (echoed in responses); undefined → the mode's default. */
  expiration_time?: string;
  expirationMs?: number;
  marketplace_fee?: number;
  mode: Order['mode'];
  external_pos_id: string;
  items?: OrderItem[];
  integration_data?: Order['integration_data'];
}

const typeErr = (field: string, expected: string) => ordersFieldError('property_type', field, `must be ${expected}`);
const valueErr = (field: string, rule: string) => ordersFieldError('property_value', field, rule);
const required = (field: string) => ordersFieldError('required_properties', field, 'is required');

/** Every property the Orders API does not know, as dotted paths (`items[0].color`). */
function unknownProperties(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  walkProperties(body, '', '', out);
  return out;
}

// Module-level, not a closure per call: strings are built only to descend or to report, so a valid body's leaf
// keys cost a lookup each.
function walkProperties(obj: unknown, schemaPath: string, path: string, out: string[]): void {
  if (!isObject(obj)) return;
  const allowed = ALLOWED[schemaPath] ?? [];
  const nested = NESTED[schemaPath];
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) { out.push(path ? `${path}.${k}` : k); continue; }
    const sp = nested?.[k];
    if (sp === undefined) continue;
    const p = path ? `${path}.${k}` : k;
    const v = obj[k];
    const elements = ELEMENTS[sp];
    if (Array.isArray(v) && elements !== undefined) {
      for (let i = 0; i < v.length; i++) walkProperties(v[i], elements, `${p}[${i}]`, out);
    } else if (ALLOWED[sp]) walkProperties(v, sp, p, out);
  }
}

/** Per schema path, its allowed keys that have a schema of their own, with that schema's path. */
const NESTED: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(ALLOWED).map(([sp, keys]) => [sp,
  Object.fromEntries(keys.map((k) => [k, sp ? `${sp}.${k}` : k]).filter(([, p]) => ALLOWED[p] || ALLOWED[`${p}[]`])),
]));

/** Per schema path that may be a list of objects, its elements' schema path (`items` → `items[]`): made once
 *  here, not as a new string to look up for every body. */
const ELEMENTS: Record<string, string | undefined> = Object.fromEntries(Object.values(NESTED).flatMap((m) => Object.values(m))
  .filter((p) => ALLOWED[`${p}[]`]).map((p) => [p, `${p}[]`]));

function amount(v: unknown, field: string, site: Site, opts: { positive: boolean }): number {
  if (typeof v !== 'string') throw typeErr(field, 'a string');
  const minor = parseAmountString(v, site);
  if (minor === undefined) {
    throw valueErr(field, site.decimals === 0
      ? `must be an integer amount string for ${site.currency} (e.g. "1500"), got "${v}"`
      : `must be a decimal string with two decimals or none (e.g. "50.00" or "50"), got "${v}"`);
  }
  if (opts.positive && minor <= 0) throw valueErr(field, 'must be greater than zero');
  return minor;
}

/** The kit's optString in the Orders shape (`property_type` naming the dotted field). */
const optString = (body: Record<string, unknown>, key: string, field = key): string | undefined => optStringOf(body, key, ordersFail, { field });

export interface ValidationContext { state: SandboxState; site: Site; account: Account; token: AccessToken }

export function validateCreateOrder(body: Record<string, unknown>, ctx: ValidationContext): CreateOrderInput {
  const { state, site, account, token } = ctx;
  const unknown = unknownProperties(body);
  if (unknown.length) {
    throw ordersError(400, 'unsupported_properties', `Unsupported properties: ${unknown.join(', ')}.`,
      unknown.map((p) => `${p} is not a supported property`));
  }

  if (body.type === undefined) throw required('type');
  if (typeof body.type !== 'string') throw typeErr('type', 'a string');
  if (body.type !== 'qr') throw valueErr('type', `must be "qr", got "${body.type}"`);

  if (body.total_amount === undefined) throw required('total_amount');
  const total = amount(body.total_amount, 'total_amount', site, { positive: true });

  if (body.external_reference === undefined) throw required('external_reference');
  if (typeof body.external_reference !== 'string') throw typeErr('external_reference', 'a string');
  const ext = body.external_reference;
  if (!EXTERNAL_REFERENCE.test(ext)) {
    throw valueErr('external_reference', 'must be 1 to 64 characters of letters, digits, "_" or "-"');
  }

  const description = optString(body, 'description');
  if (description !== undefined && description.length > 150) throw valueErr('description', 'must be at most 150 characters');

  const expiration = optString(body, 'expiration_time');
  let expirationMs: number | undefined;
  if (expiration !== undefined) {
    expirationMs = isoDurationMs(expiration);
    if (expirationMs === undefined) throw valueErr('expiration_time', `must be an ISO-8601 duration such as "PT15M", got "${expiration}"`);
    if (expirationMs < MIN_EXPIRATION_MS || expirationMs > MAX_EXPIRATION_MS) {
      throw valueErr('expiration_time', 'must be between PT30S and PT3600H');
    }
  }

  const processing = optString(body, 'processing_mode');
  if (processing !== undefined && processing !== 'automatic') throw valueErr('processing_mode', 'must be "automatic"');

  let fee: number | undefined;
  if (body.marketplace_fee !== undefined) {
    if (typeof body.marketplace_fee !== 'string') throw typeErr('marketplace_fee', 'a string');
    if (token.grant !== 'authorization_code' && token.grant !== 'refresh_token') {
      throw ordersError(400, 'marketplace_not_valid',
        'marketplace_fee needs an access token obtained through OAuth: the marketplace cannot be identified.', ['marketplace_fee']);
    }
    // A grant to the seller's own app names no marketplace: there is nobody to take the fee.
    const app = state.apps.get(token.clientId);
    if (!app || app.ownerId === account.id) {
      throw ordersError(404, 'marketplace_fee_not_allowed',
        'marketplace_fee is not allowed: no marketplace is linked to this access token (the app belongs to the seller).', ['marketplace_fee']);
    }
    fee = amount(body.marketplace_fee, 'marketplace_fee', site, { positive: false });
    if (fee > total) throw valueErr('marketplace_fee', 'must not exceed total_amount');
  }

  if (body.config === undefined) throw required('config.qr.external_pos_id');
  if (!isObject(body.config)) throw typeErr('config', 'an object');
  if (body.config.qr === undefined) throw required('config.qr.external_pos_id');
  if (!isObject(body.config.qr)) throw typeErr('config.qr', 'an object');
  const qr = body.config.qr;
  if (qr.external_pos_id === undefined) throw required('config.qr.external_pos_id');
  if (typeof qr.external_pos_id !== 'string') throw typeErr('config.qr.external_pos_id', 'a string');
  if (qr.external_pos_id === '') throw valueErr('config.qr.external_pos_id', 'must not be empty');
  let mode: Order['mode'] = state.opts.defaultQrMode;
  if (qr.mode !== undefined) {
    if (typeof qr.mode !== 'string') throw typeErr('config.qr.mode', 'a string');
    if (!(QR_MODES as readonly string[]).includes(qr.mode)) throw valueErr('config.qr.mode', 'must be one of static, dynamic, hybrid');
    mode = qr.mode as Order['mode'];
  }

  if (body.transactions === undefined) throw required('transactions.payments');
  if (!isObject(body.transactions)) throw typeErr('transactions', 'an object');
  const payments = body.transactions.payments;
  if (payments === undefined) throw required('transactions.payments');
  if (!Array.isArray(payments)) throw typeErr('transactions.payments', 'an array');
  if (payments.length !== 1) throw valueErr('transactions.payments', `must hold exactly one payment, got ${payments.length}`);
  if (!isObject(payments[0])) throw typeErr('transactions.payments[0]', 'an object');
  if (payments[0].amount === undefined) throw required('transactions.payments[0].amount');
  const paymentAmount = amount(payments[0].amount, 'transactions.payments[0].amount', site, { positive: true });
  if (paymentAmount !== total) {
    throw ordersError(400, 'invalid_total_amount', 'total_amount must equal the sum of transactions.payments[].amount.',
      [`total_amount ${String(body.total_amount)} != sum of payments ${String(payments[0].amount)}`]);
  }

  const items = body.items === undefined ? undefined : validateItems(body.items, site);
  if (state.opts.ordersItemsMustSumToTotal && items?.length && items.every((i) => i.unit_price !== undefined && i.quantity !== undefined)) {
    const sum = items.reduce((s, i) => s + i.unit_price! * i.quantity!, 0);
    if (sum !== total) {
      throw ordersError(400, 'invalid_total_amount', 'total_amount must equal the sum of items[].unit_price × items[].quantity.',
        [`items add up to ${formatAmountString(sum, site)}, total_amount is ${String(body.total_amount)}`]);
    }
  }
  const integration = body.integration_data === undefined ? undefined : validateIntegration(body.integration_data, ctx);

  return {
    total_amount: total, paymentAmount, external_reference: ext, description, expiration_time: expiration, expirationMs,
    marketplace_fee: fee, mode, external_pos_id: qr.external_pos_id, items, integration_data: integration,
  };
}

function validateItems(v: unknown, site: Site): OrderItem[] {
  if (!Array.isArray(v)) throw typeErr('items', 'an array');
  return v.map((raw, i) => {
    const f = `items[${i}]`;
    if (!isObject(raw)) throw typeErr(f, 'an object');
    const item: OrderItem = {};
    for (const k of ['title', 'unit_measure', 'external_code', 'description', 'picture_url', 'category_id', 'type'] as const) {
      const s = optString(raw, k, `${f}.${k}`);
      if (s !== undefined) item[k] = s;
    }
    if (raw.unit_price !== undefined) item.unit_price = amount(raw.unit_price, `${f}.unit_price`, site, { positive: false });
    if (raw.quantity !== undefined) {
      if (typeof raw.quantity !== 'number') throw typeErr(`${f}.quantity`, 'an integer');
      if (!Number.isSafeInteger(raw.quantity) || raw.quantity < 1) throw valueErr(`${f}.quantity`, 'must be a positive integer');
      item.quantity = raw.quantity;
    }
    return item;
  });
}

function validateIntegration(v: unknown, ctx: ValidationContext): Order['integration_data'] {
  if (!isObject(v)) throw typeErr('integration_data', 'an object');
  const out: NonNullable<Order['integration_data']> = {};
  const platform = optString(v, 'platform_id', 'integration_data.platform_id');
  if (platform !== undefined) out.platform_id = platform;
  const integrator = optString(v, 'integrator_id', 'integration_data.integrator_id');
  if (integrator !== undefined) out.integrator_id = integrator;
  if (v.sponsor !== undefined) {
    if (!isObject(v.sponsor)) throw typeErr('integration_data.sponsor', 'an object');
    const id = v.sponsor.id;
    if (id === undefined) throw required('integration_data.sponsor.id');
    // Orders wants a string here, unlike the legacy API's number (spec §3).
    if (typeof id !== 'string') throw typeErr('integration_data.sponsor.id', 'a string');
    const why = /^\d{1,15}$/.test(id) ? validateSponsor(ctx.state, Number(id), ctx.account) : 'sponsor id must be a numeric user id';
    if (why) {
      throw ordersError(400, 'sponsor_id_not_valid', `integration_data.sponsor.id is not valid: ${why}.`, [`integration_data.sponsor.id ${why}`]);
    }
    out.sponsor = { id };
  }
  return out;
}
