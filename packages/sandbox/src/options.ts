// Every knob of the sandbox. UNCONFIRMED points of the spec are knobs here (design.md: "make it configurable").
// One table (OPTION_SPECS) holds each option's default, rule and doc line: `createSandbox` validates against it,
// and `cobro sandbox` turns every row into a kebab-case flag (--orders-refund-window …) without hand-wiring.
// Adding an option = a field of SandboxOptions + a row here (the type below refuses one without the other).
import type { ClockMode } from './clock.ts';
import { SITE_IDS, isSiteId, type SiteId } from './sites.ts';
import { MAX_TIME_MS } from './kit/validation.ts';

export interface SandboxOptions {
  /** Seed for deterministic ids and timestamps. Without one, ids are random. */
  seed?: string;
  /** `manual` (default when seeded): time moves only when advanced. `realtime`: follows the wall clock. */
  clock?: ClockMode;
  /** Virtual start time (ms or ISO string) for the manual clock. Default 2026-01-15T12:00:00Z. */
  startTime?: number | string;
  /** Sites where Orders API `type:"qr"` works; others get `unsupported_site` (spec §7.7). */
  ordersSites?: SiteId[];
  /** `config.qr.mode` when omitted (spec §7.1: UNCONFIRMED). */
  defaultQrMode?: 'static' | 'dynamic' | 'hybrid';
  /** Panel webhooks carry `x-signature` (`signed`, default) or none (`unsigned`: MP's webhooks page says QR
   *  notifications cannot be validated with the secret; spec §14). */
  webhookSignature?: 'signed' | 'unsigned';
  /** Casing of `data.id` in the signed manifest (spec §9.4 CONFLICT). */
  signatureIdCase?: 'asis' | 'lower';
  /** `ts` of `x-signature` in seconds or milliseconds (spec §9.4 CONFLICT). */
  signatureTsUnit?: 's' | 'ms';
  /** Events of resources made with test credentials (`test_token`) are delivered (default). False reproduces
   *  MP's "test credentials send no notifications" (spec §14), so an integration proves its polling path. */
  testCredentialsNotify?: boolean;
  /** How long a receiver may take before a delivery counts as failed (MP: 22 s). Real ms. */
  webhookTimeoutMs?: number;
  /** Virtual ms between delivery retries (MP: 15 min). */
  webhookRetryMs?: number;
  /** Attempts per delivery before giving up (MP: unbounded in practice; UNCONFIRMED). */
  webhookMaxAttempts?: number;
  /** Delivers notifications; default global `fetch`. Tests may pass an in-process handler. */
  webhookFetch?: (input: Request) => Promise<Response>;
  /** Deliver IPN (`?topic=&id=`) alongside webhooks for legacy `notification_url`s. Default true. */
  ipn?: boolean;
  /** A per-resource `notification_url` replaces the app's panel webhook for that resource (spec §9.1). When
   *  false, both receive the event (the panel one signed). Default true. */
  resourceUrlOverridesPanel?: boolean;
  /** Deliveries kept in the log; beyond it the oldest finished ones are forgotten (long benchmarks). Default 10000. */
  webhookLogLimit?: number;
  /** Forget FINAL orders (with their payments, refunds, scans and idempotency records) beyond a count and/or an
   *  age, oldest first; they then answer 404, as MP does for purged data (retention.ts). Default false: keep
   *  everything (tests see all they made). `cobro sandbox` and `npm start` use `{ maxFinalOrders: 100000 }`. */
  retention?: false | RetentionOptions;
  /** Test users a production account may hold at once (MP: 10). */
  testUserLimit?: number;
  /** Days without activity after which a test user expires (MP: 60). */
  testUserIdleDays?: number;
  /** Lifetime of `client_credentials` tokens (UNCONFIRMED; a 2018 report says 6 h). */
  clientCredentialsTtlMs?: number;
  /** Lifetime of a refresh token from its issue (UNCONFIRMED; default 180 days like the access token). */
  refreshTokenTtlMs?: number;
  /** Virtual ms until an Orders refund moves from `processing` to `processed`. */
  refundCompletionMs?: number;
  /** How long an Orders refund stays possible (spec §14: 360 days from the payment by default; the reading
   *  "330 days from the order's creation" stays available). */
  ordersRefundWindow?: { days: number; from: 'created' | 'payment' };
  /** Webhook action after a partial Orders refund completes (spec §9.5 UNCONFIRMED): `order.refunded` with the
   *  order still `processed` (default), `order.processed`, or `none`. */
  ordersPartialRefundEvent?: 'order.refunded' | 'order.processed' | 'none';
  /** A static or hybrid Orders order on a POS that already shows a pending one → 409
   *  `already_queued_order_on_pos` (spec §7.1: observed by integrators, UNCONFIRMED). Default true. */
  ordersOnePendingPerPos?: boolean;
  /** Reject a sponsor id equal to the collector (spec §3: UNCONFIRMED; default false). */
  sponsorMustDifferFromCollector?: boolean;
  /** Reject a sponsor of the other environment (test vs production) (spec §3: UNCONFIRMED; default false). */
  sponsorSameEnvironment?: boolean;
  /** Legacy in-store orders: items' unit_price × quantity (+ cash_out) must equal total_amount (spec §6.1:
   *  UNCONFIRMED; default false). */
  legacyItemsMustSumToTotal?: boolean;
  /** Legacy in-store orders: every item needs a `description` even when the order has a top-level `description`
   *  or `title` (spec §14: optional then; default false). */
  legacyItemDescriptionRequired?: boolean;
  /** Orders API: when every item has `unit_price` and `quantity`, their sum must equal `total_amount` (spec §7.1:
   *  item limits UNCONFIRMED; MP documents only payments adding up). Default false. */
  ordersItemsMustSumToTotal?: boolean;
  /** MP's endpoints answer 400 to a body whose Content-Type is not JSON (spec §12.1 lists the header MP's clients
   *  send, not a rejection). Default false: the body is read as JSON whatever the header says. */
  requireJsonContentType?: boolean;
  /** `DELETE /users/{id}/stores/{id}` of a store that still has POS → 400 VALIDATION_ERROR (MP gives no rule;
   *  default false: the store goes, its POS stay). */
  refuseStoreDeleteWithPos?: boolean;
  /** Status of a successful `POST /users/{user_id}/stores` (spec §4: 200, UNCONFIRMED 201). */
  storeCreateStatus?: 200 | 201;
  /** Status of a successful `POST /pos` (spec §5: 200, UNCONFIRMED 201). */
  posCreateStatus?: 200 | 201;
  /** `DELETE /pos/{id}`: 204 with no body, or 200 with `{}` (spec §5: UNCONFIRMED). */
  posDeleteStatus?: 200 | 204;
  /** POS `category` must be an MCC the sandbox knows for the site (UNKNOWN_MCC). MP's list is not published, so
   *  the default (false) accepts any positive integer. */
  posCategoryMustBeKnown?: boolean;
  /** POS `category` codes accepted per site on top of the built-in list (with `posCategoryMustBeKnown`). */
  extraPosCategories?: Partial<Record<SiteId, number[]>>;
}

export interface RetentionOptions {
  /** Keep at most this many final orders (Orders API and legacy together). */
  maxFinalOrders?: number;
  /** Forget a final order this many virtual ms after it became final. */
  maxAgeMs?: number;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'seed' | 'startTime' | 'webhookFetch'>> &
  Pick<SandboxOptions, 'seed' | 'webhookFetch'> & { startTime: number };

/** One option: its default, the rule its value must meet, a doc line, and how a CLI flag's text becomes it. */
export interface OptionSpec<T = unknown> {
  default: T;
  /** The rule as words, for errors ("must be …"). */
  rule: string;
  check(v: unknown): boolean;
  /** One line for `--help` and the docs. */
  doc: string;
  /** `boolean`: a `--x` / `--no-x` pair; `value`: `--x <placeholder>`; `none`: not a flag (a function). */
  flag: 'boolean' | 'value' | 'none';
  placeholder?: string;
  /** A flag's text → the value (checked afterwards against `check`). Default: the text itself. */
  fromText?(s: string): unknown;
}

const DAY = 86400_000;
const isInt = (min: number) => (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const intText = (s: string): unknown => (/^-?\d+$/.test(s.trim()) ? Number(s) : s);

function bool(dflt: boolean, doc: string): OptionSpec<boolean> {
  return { default: dflt, rule: 'must be true or false', check: (v) => typeof v === 'boolean', doc, flag: 'boolean' };
}
function int(dflt: number, min: number, doc: string): OptionSpec<number> {
  return { default: dflt, rule: `must be an integer ≥ ${min}`, check: isInt(min), doc, flag: 'value', placeholder: 'n', fromText: intText };
}
function oneOf<T extends string | number>(values: readonly T[], dflt: T, doc: string): OptionSpec<T> {
  const numeric = typeof values[0] === 'number';
  return {
    default: dflt, rule: `must be one of ${values.join(', ')}`, check: (v) => (values as readonly unknown[]).includes(v), doc,
    flag: 'value', placeholder: values.join('|'), fromText: numeric ? intText : undefined,
  };
}
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: DAY };

/** `100000` (a count), `24h` (an age), both comma-separated, or `off`. */
function retentionFromText(s: string): unknown {
  const t = s.trim().toLowerCase();
  if (t === 'off' || t === 'false') return false;
  if (t.startsWith('{')) return json(s);
  const out: RetentionOptions = {};
  for (const part of t.split(',').map((p) => p.trim())) {
    const age = /^(\d+)(ms|s|m|h|d)$/.exec(part);
    if (/^\d+$/.test(part) && out.maxFinalOrders === undefined) out.maxFinalOrders = Number(part);
    else if (age && out.maxAgeMs === undefined) out.maxAgeMs = Number(age[1]) * UNIT_MS[age[2]];
    else return s;
  }
  return out;
}

/** JSON text on the command line for object-valued options (and a shorter form where `fromText` gives one). */
function json(s: string): unknown {
  try { return JSON.parse(s); } catch { return s; }
}

type Tabled = Omit<SandboxOptions, 'startTime'>;

/** Every option (startTime apart: it takes ms or an ISO string and resolves to ms). */
export const OPTION_SPECS: { [K in keyof Required<Tabled>]: OptionSpec<Tabled[K]> } & { startTime: OptionSpec<number | string | undefined> } = {
  seed: { default: undefined, rule: 'must be a string', check: (v) => v === undefined || typeof v === 'string', doc: 'seed for deterministic ids and timestamps (default: random)', flag: 'value', placeholder: 'seed' },
  clock: oneOf(['manual', 'realtime'] as const, 'manual', '`manual`: time moves only when advanced; `realtime`: follows the wall clock (`cobro sandbox` and `npm start`: realtime)'),
  startTime: {
    default: undefined, rule: 'must be a date (ms or ISO-8601)', doc: 'virtual start time, ms or ISO (default 2026-01-15T12:00:00Z; `cobro sandbox`: now)',
    check: (v) => v === undefined || (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME_MS) || (typeof v === 'string' && Number.isFinite(Date.parse(v))),
    flag: 'value', placeholder: 'iso|ms', fromText: (s) => (/^\d+$/.test(s) ? Number(s) : s),
  },
  ordersSites: {
    default: ['MLA', 'MLB', 'MLC', 'MLU'], rule: `must list site ids (${SITE_IDS.join(', ')})`,
    check: (v) => Array.isArray(v) && v.every(isSiteId), doc: 'sites where Orders `type:"qr"` works; others get `unsupported_site`',
    flag: 'value', placeholder: 'MLA,MLB,…', fromText: (s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean),
  },
  defaultQrMode: oneOf(['static', 'dynamic', 'hybrid'] as const, 'static', '`config.qr.mode` when omitted'),
  webhookSignature: oneOf(['signed', 'unsigned'] as const, 'signed', 'panel webhooks carry `x-signature`, or none'),
  signatureIdCase: oneOf(['asis', 'lower'] as const, 'asis', '`data.id` casing in the signed manifest'),
  signatureTsUnit: oneOf(['s', 'ms'] as const, 's', '`ts` of `x-signature` in seconds or milliseconds'),
  testCredentialsNotify: bool(true, 'deliver events of resources made with test credentials (false: MP\'s "test credentials send no notifications")'),
  webhookTimeoutMs: int(22_000, 0, 'real ms a receiver may take before the attempt fails'),
  webhookRetryMs: int(15 * 60_000, 0, 'virtual ms before the first retries'),
  webhookMaxAttempts: int(8, 1, 'attempts per delivery'),
  webhookFetch: {
    default: undefined, rule: 'must be a function', check: (v) => v === undefined || typeof v === 'function',
    doc: 'how deliveries are sent (default: global fetch)', flag: 'none',
  },
  ipn: bool(true, 'send IPN alongside webhooks for `notification_url`s'),
  resourceUrlOverridesPanel: bool(true, 'a `notification_url` replaces the panel webhook for that resource'),
  webhookLogLimit: int(10_000, 1, 'deliveries kept in the log'),
  retention: {
    default: false, rule: 'must be false or { maxFinalOrders?: integer ≥ 1, maxAgeMs?: integer ≥ 1 } with at least one of them',
    check: (v) => v === false || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 &&
      Object.entries(v).every(([k, x]) => (k === 'maxFinalOrders' || k === 'maxAgeMs') && isInt(1)(x))),
    doc: 'forget final orders beyond a count and/or an age, oldest first (`100000`, `24h`, `100000,24h`, `off`; `cobro sandbox`: 100000); they then answer 404',
    flag: 'value', placeholder: 'count|age|count,age|off',
    fromText: retentionFromText,
  },
  testUserLimit: int(10, 0, 'test users a production account may hold'),
  testUserIdleDays: int(60, 1, 'days without activity after which a test user expires'),
  clientCredentialsTtlMs: int(6 * 3600_000, 1, '`client_credentials` token lifetime, ms'),
  refreshTokenTtlMs: int(180 * DAY, 1, 'refresh-token lifetime, ms'),
  refundCompletionMs: int(5_000, 0, 'virtual ms until an Orders refund is `processed`'),
  ordersRefundWindow: {
    default: { days: 360, from: 'payment' }, rule: 'must be { days: integer ≥ 1, from: "created" | "payment" }',
    check: (w) => typeof w === 'object' && w !== null && isInt(1)((w as { days: unknown }).days) &&
      ['created', 'payment'].includes((w as { from: unknown }).from as string) && Object.keys(w).length === 2,
    doc: 'Orders refund window: `360:payment` (days from the payment) or `330:created` (from the order)',
    flag: 'value', placeholder: 'days:payment|created',
    fromText: (s) => {
      const m = /^(\d+):(payment|created)$/.exec(s.trim());
      return m ? { days: Number(m[1]), from: m[2] } : json(s);
    },
  },
  ordersPartialRefundEvent: oneOf(['order.refunded', 'order.processed', 'none'] as const, 'order.refunded', 'webhook after a partial Orders refund completes'),
  ordersOnePendingPerPos: bool(true, 'a static/hybrid order on a POS already showing one → 409 `already_queued_order_on_pos`'),
  sponsorMustDifferFromCollector: bool(false, 'reject a sponsor id equal to the seller'),
  sponsorSameEnvironment: bool(false, 'reject a test sponsor for a production seller and the reverse'),
  legacyItemsMustSumToTotal: bool(false, 'legacy items (+ cash_out) must add up to `total_amount`'),
  legacyItemDescriptionRequired: bool(false, 'legacy items need `description` even when the order has a `description` or `title`'),
  ordersItemsMustSumToTotal: bool(false, 'Orders `items` must add up to `total_amount`'),
  requireJsonContentType: bool(false, 'MP endpoints answer 400 to a body whose Content-Type is not JSON'),
  refuseStoreDeleteWithPos: bool(false, 'deleting a store that still has POS → 400 `VALIDATION_ERROR`'),
  storeCreateStatus: oneOf([200, 201] as const, 200, 'status of `POST /users/{id}/stores`'),
  posCreateStatus: oneOf([200, 201] as const, 200, 'status of `POST /pos`'),
  posDeleteStatus: oneOf([200, 204] as const, 204, '`DELETE /pos/{id}`: 204 empty, or 200 `{}`'),
  posCategoryMustBeKnown: bool(false, 'POS `category` must be an MCC the sandbox knows for the site (`UNKNOWN_MCC`)'),
  extraPosCategories: {
    default: {}, rule: 'must map site ids to arrays of positive integer codes',
    check: (e) => typeof e === 'object' && e !== null && !Array.isArray(e) &&
      Object.entries(e).every(([site, codes]) => isSiteId(site) && Array.isArray(codes) && codes.every((c) => Number.isSafeInteger(c) && c > 0)),
    doc: 'POS `category` codes known per site beyond the built-in list, e.g. `MLA=1234,5678;MLB=99`',
    flag: 'value', placeholder: 'SITE=codes;…',
    fromText: (s) => {
      if (s.trim().startsWith('{')) return json(s);
      const out: Record<string, unknown[]> = {};
      for (const part of s.split(';').filter((p) => p.trim())) {
        const [site, codes = ''] = part.split('=');
        out[site.trim().toUpperCase()] = codes.split(',').map((c) => intText(c));
      }
      return out;
    },
  },
};

/** `ordersRefundWindow` → `orders-refund-window`: the flag name of an option. */
export function optionFlag(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A flag's text as the option's value, or a RangeError saying the rule (names the flag, not the option). */
export function optionFromText(name: keyof typeof OPTION_SPECS, text: string): unknown {
  const spec: OptionSpec = OPTION_SPECS[name];
  const v = spec.fromText ? spec.fromText(text) : text;
  if (!spec.check(v)) throw new RangeError(`--${optionFlag(name)} ${spec.rule}, got ${JSON.stringify(text)}`);
  return v;
}

/** A typo or an impossible value fails at `createSandbox`, naming the option, not later inside a request. */
export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const specs = OPTION_SPECS as Record<string, OptionSpec>;
  const given = o as Record<string, unknown>;
  const show = (v: unknown) => (typeof v === 'function' ? 'a function' : JSON.stringify(v));
  for (const k of Object.keys(given)) {
    if (!Object.hasOwn(specs, k)) throw new RangeError(`${k} is not an option (known: ${Object.keys(specs).join(', ')}), got ${show(given[k])}`);
  }
  const r: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) {
    const v = given[k] ?? spec.default;
    if (!spec.check(v)) throw new RangeError(`${k} ${spec.rule}, got ${show(v)}`);
    r[k] = v;
  }
  const start = o.startTime;
  r.startTime = typeof start === 'string' ? Date.parse(start) : start ?? Date.parse('2026-01-15T12:00:00.000Z');
  if (!Number.isFinite(r.startTime) || Math.abs(r.startTime as number) > MAX_TIME_MS) throw new RangeError(`startTime is not a date: ${String(start)}`);
  return r as ResolvedOptions;
}
