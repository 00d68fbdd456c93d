// Fault rules, msw-style: each new rule is prepended (newest first), the first matching rule fires, `once` /
// `times: n` limit how often (default: until removed), and anything unmatched falls through to the emulator.
// Two targets: `http` rules shape the sandbox's answers, `webhook` rules shape outgoing deliveries.
import type { SandboxState } from '../state.ts';
import { classicError, MpError } from '../errors.ts';
import { isObject } from '../http.ts';
import { classicFail, classicFieldError, optString as optStringOf } from '../kit/validation.ts';
import { compilePath, PatternError } from './path-match.ts';

export type HttpFault = 'hang' | 'reset' | 'commit_then_drop' | 'commit_then_error' | 'commit_then_hang';
export type WebhookFault = 'duplicate' | 'reorder' | 'delay' | 'drop';

interface RuleBase {
  id: string;
  /** Fires left before the rule removes itself; null = unlimited. */
  remaining: number | null;
  hits: number;
  created_at: string;
}

export interface HttpFaultRule extends RuleBase {
  target: 'http';
  /** Upper-case method or `*`. */
  method: string;
  /** Exact path, a pattern with `*` / `:param` segments, or a regular expression when it starts with `^`. */
  path: string;
  /** Answer with this status instead of the emulator (MP error body unless `body` says otherwise); with
   *  `commit_then_error`, the 5xx that replaces the emulator's answer (default 500). */
  status?: number;
  /** Seconds for the `Retry-After` header (429 defaults to 1). */
  retry_after?: number;
  /** `"html"` for an HTML error page (what a proxy in front of MP sends), or a JSON object to send as is. */
  body?: 'html' | Record<string, unknown>;
  /** Real milliseconds to wait before answering (then the emulator, or the status/fault of this rule). */
  latency_ms?: number;
  fault?: HttpFault;
}

export interface WebhookFaultRule extends RuleBase {
  target: 'webhook';
  /** Event topic (`order`, `payment`, `merchant_order`, `mp-connect`) or delivered type (`topic_merchant_order_wh`). */
  topic?: string;
  action?: string;
  resource_id?: string;
  /** Only webhook-flavoured or only IPN deliveries. */
  kind?: 'webhook' | 'ipn';
  fault: WebhookFault;
  /** Virtual ms a `delay` holds the first attempt. */
  delay_ms?: number;
}

export type FaultRule = HttpFaultRule | WebhookFaultRule;

/** A request to add a rule: a rule without the bookkeeping, plus `once` / `times`. */
export type FaultRuleInput =
  | (Partial<Omit<HttpFaultRule, 'id' | 'remaining' | 'hits' | 'created_at' | 'target'>> & { target?: 'http'; path: string; once?: boolean; times?: number })
  | (Partial<Omit<WebhookFaultRule, 'id' | 'remaining' | 'hits' | 'created_at' | 'target' | 'fault'>> & { target: 'webhook'; fault?: WebhookFault; once?: boolean; times?: number });

const HTTP_FIELDS = new Set(['target', 'method', 'path', 'status', 'retry_after', 'body', 'latency_ms', 'fault', 'once', 'times']);
const WEBHOOK_FIELDS = new Set(['target', 'topic', 'action', 'resource_id', 'kind', 'fault', 'delay_ms', 'once', 'times']);
const HTTP_FAULTS = new Set<string>(['hang', 'reset', 'commit_then_drop', 'commit_then_error', 'commit_then_hang']);
const WEBHOOK_FAULTS = new Set<string>(['duplicate', 'reorder', 'delay', 'drop']);
const METHODS = new Set(['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The rules themselves are data in `state.faults` (persisted); this adds their compiled path matchers. */
export class FaultStore {
  /** Compiled lazily, so rules loaded from disk get theirs on first use. */
  private readonly matchers = new WeakMap<HttpFaultRule, (path: string) => boolean>();

  constructor(private readonly state: SandboxState) {}

  /** Newest first. Plain arrays: the request path only checks `http.length` when no rule exists. */
  get http(): HttpFaultRule[] {
    return this.state.faults.http;
  }

  get webhook(): WebhookFaultRule[] {
    return this.state.faults.webhook;
  }

  /** Validate and prepend a rule; throws a 400 MpError naming the bad field. */
  add(input: unknown): FaultRule {
    const base = (times: number | null): RuleBase => ({
      id: `fault_${++this.state.faults.seq}`, remaining: times, hits: 0, created_at: this.state.utcTime(this.state.now()),
    });
    if (!isObject(input)) throw invalid('body', 'a fault rule must be a JSON object');
    const target = input.target ?? 'http';
    if (target !== 'http' && target !== 'webhook') throw invalid('target', 'must be "http" or "webhook"');
    const allowed = target === 'http' ? HTTP_FIELDS : WEBHOOK_FIELDS;
    for (const k of Object.keys(input)) if (!allowed.has(k)) throw invalid(k, `is not a field of ${target} fault rules`);
    const times = parseTimes(input);
    if (target === 'webhook') {
      const rule = { ...base(times), target, ...parseWebhook(input) } as WebhookFaultRule;
      this.webhook.unshift(rule);
      return rule;
    }
    const { rule: r, matcher } = parseHttp(input);
    const rule = { ...base(times), target: 'http', ...r } as HttpFaultRule;
    this.matchers.set(rule, matcher);
    this.http.unshift(rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.http, ...this.webhook].sort((a, b) => Number(b.id.slice(6)) - Number(a.id.slice(6)));
  }

  remove(id: string): boolean {
    const before = this.http.length + this.webhook.length;
    const f = this.state.faults;
    f.http = f.http.filter((r) => r.id !== id);
    f.webhook = f.webhook.filter((r) => r.id !== id);
    return this.http.length + this.webhook.length < before;
  }

  clear(): number {
    const n = this.http.length + this.webhook.length;
    this.state.faults.http = [];
    this.state.faults.webhook = [];
    return n;
  }

  /** The first HTTP rule matching, counted as fired. */
  takeHttp(method: string, path: string): HttpFaultRule | undefined {
    for (const r of this.http) {
      if (r.method !== '*' && r.method !== method) continue;
      if (!this.matcher(r)(path)) continue;
      this.fire(r);
      return r;
    }
    return undefined;
  }

  /** The first webhook rule matching a delivery, counted as fired. */
  takeWebhook(d: { topic: string; type: string; action: string; resource_id: string; kind: 'webhook' | 'ipn' }): WebhookFaultRule | undefined {
    for (const r of this.webhook) {
      if (r.topic !== undefined && r.topic !== d.topic && r.topic !== d.type) continue;
      if (r.action !== undefined && r.action !== d.action) continue;
      if (r.resource_id !== undefined && r.resource_id !== d.resource_id) continue;
      if (r.kind !== undefined && r.kind !== d.kind) continue;
      this.fire(r);
      return r;
    }
    return undefined;
  }

  private matcher(r: HttpFaultRule): (path: string) => boolean {
    let m = this.matchers.get(r);
    if (!m) this.matchers.set(r, (m = pathMatcher(r.path)));
    return m;
  }

  private fire(r: FaultRule): void {
    r.hits++;
    if (r.remaining === null) return;
    r.remaining--;
    if (r.remaining <= 0) this.remove(r.id);
  }
}

const stores = new WeakMap<SandboxState, FaultStore>();

export function faultStore(state: SandboxState): FaultStore {
  let s = stores.get(state);
  if (!s) stores.set(state, (s = new FaultStore(state)));
  return s;
}

const PREFIX = 'Invalid fault rule: ';
const invalid = (field: string, rule: string): MpError => classicFieldError(field, rule, 'bad_request', PREFIX);

function parseTimes(input: Record<string, unknown>): number | null {
  if (input.once !== undefined && typeof input.once !== 'boolean') throw invalid('once', 'must be a boolean');
  if (input.times !== undefined) {
    if (input.once !== undefined) throw invalid('times', 'cannot be combined with once');
    if (!Number.isInteger(input.times) || (input.times as number) < 1) throw invalid('times', 'must be an integer ≥ 1');
    return input.times as number;
  }
  return input.once === true ? 1 : null;
}

const optString = (input: Record<string, unknown>, k: string): string | undefined =>
  optStringOf(input, k, classicFail('bad_request', PREFIX), { nonEmpty: true });

function nonNegative(input: Record<string, unknown>, k: string): number | undefined {
  const v = input[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(k, 'must be a non-negative number');
  return v;
}

function parseWebhook(input: Record<string, unknown>): Omit<WebhookFaultRule, keyof RuleBase | 'target'> {
  const delay = nonNegative(input, 'delay_ms');
  const fault = input.fault ?? (delay !== undefined ? 'delay' : undefined);
  if (typeof fault !== 'string' || !WEBHOOK_FAULTS.has(fault)) throw invalid('fault', 'must be one of duplicate, reorder, delay, drop');
  if (fault === 'delay' && delay === undefined) throw invalid('delay_ms', 'is required for a delay fault');
  if (fault !== 'delay' && delay !== undefined) throw invalid('delay_ms', 'only applies to a delay fault');
  const kind = input.kind;
  if (kind !== undefined && kind !== 'webhook' && kind !== 'ipn') throw invalid('kind', 'must be "webhook" or "ipn"');
  return {
    fault: fault as WebhookFault,
    ...(delay !== undefined && { delay_ms: delay }),
    ...pick({ topic: optString(input, 'topic'), action: optString(input, 'action'), resource_id: optString(input, 'resource_id'), kind }),
  } as Omit<WebhookFaultRule, keyof RuleBase | 'target'>;
}

function parseHttp(input: Record<string, unknown>): { rule: Omit<HttpFaultRule, keyof RuleBase | 'target'>; matcher: (p: string) => boolean } {
  const method = input.method === undefined ? '*' : input.method;
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase())) throw invalid('method', 'must be an HTTP method or "*"');
  const path = input.path;
  if (typeof path !== 'string' || path === '') throw invalid('path', 'is required (exact path, pattern with * or :param, or a regex starting with ^)');
  const matcher = pathMatcher(path);
  const fault = input.fault;
  if (fault !== undefined && (typeof fault !== 'string' || !HTTP_FAULTS.has(fault))) {
    throw invalid('fault', 'must be one of hang, reset, commit_then_drop, commit_then_error, commit_then_hang');
  }
  // After a commit only a 5xx is honest: a 4xx tells the caller the request was not processed.
  const committed = fault === 'commit_then_error';
  const status = committed ? input.status ?? 500 : input.status;
  const [lo, hi] = committed ? [500, 599] : [400, 599];
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < lo || (status as number) > hi)) {
    throw invalid('status', `must be an integer from ${lo} to ${hi}${committed ? ' with commit_then_error' : ''}`);
  }
  if (fault !== undefined && !committed && status !== undefined) throw invalid('fault', 'cannot be combined with status (except commit_then_error)');
  const latency = nonNegative(input, 'latency_ms');
  if (status === undefined && fault === undefined && latency === undefined) throw invalid('status', 'or fault or latency_ms is required');
  const retryAfter = nonNegative(input, 'retry_after');
  if (retryAfter !== undefined && status === undefined) throw invalid('retry_after', 'only applies with status');
  const body = input.body;
  if (body !== undefined) {
    if (status === undefined) throw invalid('body', 'only applies with status');
    if (body !== 'html' && !isObject(body)) throw invalid('body', 'must be "html" or a JSON object');
  }
  return {
    rule: {
      method: method.toUpperCase(), path,
      ...pick({ status: status as number | undefined, retry_after: retryAfter ?? (status === 429 ? 1 : undefined), body: body as HttpFaultRule['body'], latency_ms: latency, fault: fault as HttpFault | undefined }),
    },
    matcher,
  };
}

/** Exact path; `:name` matches one segment; `*` matches anything (slashes included); `^…` is a regex. All
 *  run in linear time (faults/path-match.ts): a rule cannot freeze the server. */
export function pathMatcher(path: string): (p: string) => boolean {
  if (path.startsWith('^')) {
    try { new RegExp(path); } catch (err) { throw invalid('path', `is not a valid regular expression (${(err as Error).message})`); }
  } else {
    if (path !== '*' && !path.startsWith('/')) throw invalid('path', 'must start with "/" (or "^" for a regex, or be "*")');
    if (path.includes('?')) throw invalid('path', 'matches the path only: leave out the query string');
  }
  try {
    return compilePath(path);
  } catch (err) {
    if (err instanceof PatternError) throw invalid('path', err.message);
    throw err;
  }
}

function pick<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
