// Every knob of the sandbox. UNCONFIRMED points of the spec are knobs here (design.md: "make it configurable").
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
  /** Casing of `data.id` in the signed manifest (spec §9.4 CONFLICT). */
  signatureIdCase?: 'asis' | 'lower';
  /** `ts` of `x-signature` in seconds or milliseconds (spec §9.4 CONFLICT). */
  signatureTsUnit?: 's' | 'ms';
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
  /** How long an Orders refund stays possible (spec §7.4 CONFLICT: 330 days from the order's creation, or 360
   *  days from the payment). Default `{ days: 330, from: 'created' }`. */
  ordersRefundWindow?: { days: number; from: 'created' | 'payment' };
  /** Webhook action after a partial Orders refund completes (spec §9.5 UNCONFIRMED): `order.refunded` with the
   *  order still `processed` (default), `order.processed`, or `none`. */
  ordersPartialRefundEvent?: 'order.refunded' | 'order.processed' | 'none';
  /** Reject a sponsor id equal to the collector (UNCONFIRMED; default true). */
  sponsorMustDifferFromCollector?: boolean;
  /** Reject a sponsor of the other environment (test vs production) (UNCONFIRMED; default true). */
  sponsorSameEnvironment?: boolean;
  /** Legacy in-store orders: items' unit_price × quantity (+ cash_out) must equal total_amount (UNCONFIRMED; default true). */
  legacyItemsMustSumToTotal?: boolean;
  /** Orders API: when every item has `unit_price` and `quantity`, their sum must equal `total_amount` (spec §7.1:
   *  item limits UNCONFIRMED; MP documents only payments adding up). Default false. */
  ordersItemsMustSumToTotal?: boolean;
  /** Status of a successful `POST /users/{user_id}/stores` (spec §4: 200, UNCONFIRMED 201). */
  storeCreateStatus?: 200 | 201;
  /** Status of a successful `POST /pos` (spec §5: 200, UNCONFIRMED 201). */
  posCreateStatus?: 200 | 201;
  /** `DELETE /pos/{id}`: 204 with no body, or 200 with `{}` (spec §5: UNCONFIRMED). */
  posDeleteStatus?: 200 | 204;
  /** POS `category` codes accepted per site on top of the built-in list (spec §5.1: MP's list is not published). */
  extraPosCategories?: Partial<Record<SiteId, number[]>>;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'seed' | 'startTime' | 'webhookFetch'>> &
  Pick<SandboxOptions, 'seed' | 'webhookFetch'> & { startTime: number };

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const startTime = typeof o.startTime === 'string' ? Date.parse(o.startTime) : o.startTime ?? Date.parse('2026-01-15T12:00:00.000Z');
  if (!Number.isFinite(startTime) || Math.abs(startTime) > MAX_TIME_MS) throw new RangeError(`startTime is not a date: ${String(o.startTime)}`);
  const r: ResolvedOptions = {
    seed: o.seed,
    clock: o.clock ?? 'manual',
    startTime,
    ordersSites: o.ordersSites ?? ['MLA', 'MLB', 'MLC', 'MLU'],
    defaultQrMode: o.defaultQrMode ?? 'static',
    signatureIdCase: o.signatureIdCase ?? 'asis',
    signatureTsUnit: o.signatureTsUnit ?? 's',
    webhookTimeoutMs: o.webhookTimeoutMs ?? 22_000,
    webhookRetryMs: o.webhookRetryMs ?? 15 * 60_000,
    webhookMaxAttempts: o.webhookMaxAttempts ?? 8,
    webhookFetch: o.webhookFetch,
    ipn: o.ipn ?? true,
    resourceUrlOverridesPanel: o.resourceUrlOverridesPanel ?? true,
    webhookLogLimit: o.webhookLogLimit ?? 10_000,
    testUserLimit: o.testUserLimit ?? 10,
    testUserIdleDays: o.testUserIdleDays ?? 60,
    clientCredentialsTtlMs: o.clientCredentialsTtlMs ?? 6 * 3600_000,
    refreshTokenTtlMs: o.refreshTokenTtlMs ?? 180 * 86400_000,
    refundCompletionMs: o.refundCompletionMs ?? 5_000,
    ordersPartialRefundEvent: o.ordersPartialRefundEvent ?? 'order.refunded',
    ordersRefundWindow: o.ordersRefundWindow ?? { days: 330, from: 'created' },
    sponsorMustDifferFromCollector: o.sponsorMustDifferFromCollector ?? true,
    sponsorSameEnvironment: o.sponsorSameEnvironment ?? true,
    legacyItemsMustSumToTotal: o.legacyItemsMustSumToTotal ?? true,
    ordersItemsMustSumToTotal: o.ordersItemsMustSumToTotal ?? false,
    storeCreateStatus: o.storeCreateStatus ?? 200,
    posCreateStatus: o.posCreateStatus ?? 200,
    posDeleteStatus: o.posDeleteStatus ?? 204,
    extraPosCategories: o.extraPosCategories ?? {},
  };
  checkOptions(o, r);
  return r;
}

/** A typo or an impossible value fails at `createSandbox`, naming the option, not later inside a request. */
function checkOptions(given: SandboxOptions, r: ResolvedOptions): void {
  const fail = (name: string, rule: string, v: unknown) => {
    throw new RangeError(`${name} ${rule}, got ${typeof v === 'function' ? 'a function' : JSON.stringify(v)}`);
  };
  const known = new Set<string>([...Object.keys(r), 'seed', 'startTime', 'webhookFetch']);
  for (const k of Object.keys(given)) if (!known.has(k)) fail(k, `is not an option (known: ${[...known].join(', ')})`, (given as Record<string, unknown>)[k]);
  const oneOf = (name: keyof ResolvedOptions, values: readonly unknown[]) => {
    if (!values.includes(r[name])) fail(name, `must be one of ${values.join(', ')}`, r[name]);
  };
  const int = (name: keyof ResolvedOptions, min: number) => {
    const v = r[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(name, `must be an integer ≥ ${min}`, v);
  };
  oneOf('clock', ['manual', 'realtime']);
  oneOf('defaultQrMode', ['static', 'dynamic', 'hybrid']);
  oneOf('signatureIdCase', ['asis', 'lower']);
  oneOf('signatureTsUnit', ['s', 'ms']);
  oneOf('ordersPartialRefundEvent', ['order.refunded', 'order.processed', 'none']);
  oneOf('storeCreateStatus', [200, 201]);
  oneOf('posCreateStatus', [200, 201]);
  oneOf('posDeleteStatus', [200, 204]);
  for (const k of ['ipn', 'resourceUrlOverridesPanel', 'sponsorMustDifferFromCollector', 'sponsorSameEnvironment',
    'legacyItemsMustSumToTotal', 'ordersItemsMustSumToTotal'] as const) oneOf(k, [true, false]);
  for (const k of ['webhookTimeoutMs', 'webhookRetryMs', 'refundCompletionMs'] as const) int(k, 0);
  for (const k of ['webhookMaxAttempts', 'webhookLogLimit', 'testUserIdleDays', 'clientCredentialsTtlMs', 'refreshTokenTtlMs'] as const) int(k, 1);
  int('testUserLimit', 0);
  if (!Array.isArray(r.ordersSites) || !r.ordersSites.every(isSiteId)) fail('ordersSites', `must list site ids (${SITE_IDS.join(', ')})`, r.ordersSites);
  const w = r.ordersRefundWindow;
  if (typeof w !== 'object' || w === null || !Number.isSafeInteger(w.days) || w.days < 1 || (w.from !== 'created' && w.from !== 'payment')) {
    fail('ordersRefundWindow', 'must be { days: integer ≥ 1, from: "created" | "payment" }', w);
  }
  const extra = r.extraPosCategories;
  if (typeof extra !== 'object' || extra === null ||
      !Object.entries(extra).every(([site, codes]) => isSiteId(site) && Array.isArray(codes) && codes.every((c) => Number.isSafeInteger(c) && c > 0))) {
    fail('extraPosCategories', 'must map site ids to arrays of positive integer codes', extra);
  }
  if (given.webhookFetch !== undefined && typeof given.webhookFetch !== 'function') fail('webhookFetch', 'must be a function', given.webhookFetch);
}
