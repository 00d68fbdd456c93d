// The webhook/IPN delivery engine and its log. Every request the sandbox sends to a receiver is a Delivery;
// each try is an Attempt. Sends are asynchronous (never inside the API request that caused them) and carry
// a real timeout; retries wait on the VIRTUAL clock, so a test moves them with `clock.advance`.
//
// Retry schedule (spec §9.2: every 15 min, growing after the 3rd attempt; exact schedule UNCONFIRMED):
// attempts 2 and 3 come `webhookRetryMs` after the previous failure, then the gap doubles each time
// (15, 15, 30, 60, 120 … min with the defaults), up to `webhookMaxAttempts` attempts in all.
// Success is HTTP 200 or 201 only (spec §9.2); any other status, a network error or the timeout is a failure.
// Every attempt gets its own x-request-id and a signature with the attempt's ts (a receiver with a ts
// tolerance window would otherwise reject every retry); the body, and its notification `id`, stay the same.
// A first send runs on setImmediate after the emitting request; a retry runs inside the clock timer that
// is due, so one `clock.advance` plays a whole retry chain, each attempt at its own virtual time.
// The log lives in `state.deliveries` (plain records, persisted); the engine keeps only what is not data: the
// count of sends in flight and who waits for them to end.
import type { SandboxState } from '../state.ts';
import { signatureHeader } from './signature.ts';

export type { DeliveryAttempt, DeliveryFilter, DeliveryKind, DeliveryRecord, DeliveryStatus, DeliveryView, NewDelivery } from './delivery-types.ts';
import type { DeliveryAttempt, DeliveryFilter, DeliveryRecord, DeliveryStatus, DeliveryView, NewDelivery } from './delivery-types.ts';
import { baseHeaders, describe, endpoint, send } from './delivery-http.ts';

export function retryDelay(next: number, baseMs: number): number {
  return next <= 3 ? baseMs : baseMs * 2 ** (next - 3);
}

const engines = new WeakMap<SandboxState, DeliveryEngine>();

export function deliveries(state: SandboxState): DeliveryEngine {
  let e = engines.get(state);
  if (!e) engines.set(state, (e = new DeliveryEngine(state)));
  return e;
}

type Rec = DeliveryRecord;

export class DeliveryEngine {
  private readonly state: SandboxState;
  private inflight = 0;
  private waiters: (() => void)[] = [];
  /** Ids of finished deliveries in the order they finished, from `head` on: eviction takes the oldest in O(1)
   *  instead of walking past live ones (a receiver that is down keeps thousands pending). Runtime, rebuilt from
   *  the log on first use (after a load). */
  private finishedIds: string[] | undefined;
  private head = 0;

  constructor(state: SandboxState) {
    this.state = state;
  }

  /** A fresh notification id (body `id`), numeric like MP's, from the webhook id stream (state.ts). */
  notificationId(): number {
    return Number(this.state.webhookRng.digits(11));
  }

  /** Log a delivery; `mode` says what happens next. */
  add(d: NewDelivery, mode: { send: 'now' } | { send: 'after'; ms: number } | { send: 'hold' } | { send: 'never' },
    meta: { fault?: string; duplicateOf?: string } = {}): DeliveryView {
    const ev = d.event;
    const id = `wh_${++this.state.counters.deliveries}`;
    const view: DeliveryView = {
      id,
      kind: d.kind,
      signed: d.secret !== undefined,
      topic: ev.topic,
      type: d.type,
      action: ev.action,
      resource_id: ev.resourceId,
      user_id: ev.userId,
      client_id: ev.clientId ?? null,
      live_mode: ev.liveMode,
      status: mode.send === 'never' ? 'dropped' : mode.send === 'hold' ? 'held' : 'pending',
      created_at: this.state.utcTime(this.state.now()),
      next_attempt_at: null,
      fault: meta.fault ?? null,
      duplicate_of: meta.duplicateOf ?? null,
      request: { method: 'POST', url: d.url, headers: baseHeaders(), body: d.body },
      attempts: [],
    };
    const rec: Rec = { view, secret: d.secret, manifestId: d.manifestId, tries: 0, channel: `${d.kind} ${endpoint(d.url)}` };
    const recs = this.state.deliveries;
    recs.set(id, rec);
    if (view.status === 'dropped') this.finished().push(id);
    if (recs.size > this.state.opts.webhookLogLimit) this.evict();
    if (mode.send === 'now') this.queue(rec);
    else if (mode.send === 'after') this.schedule(rec, mode.ms);
    else if (mode.send === 'hold') this.state.heldDeliveries.set(rec.channel, [...(this.state.heldDeliveries.get(rec.channel) ?? []), id]);
    return view;
  }

  list(f: DeliveryFilter = {}): DeliveryView[] {
    const out: DeliveryView[] = [];
    for (const { view: v } of this.state.deliveries.values()) {
      if (f.status && v.status !== f.status) continue;
      if (f.topic && v.topic !== f.topic && v.type !== f.topic) continue;
      if (f.resource_id && v.resource_id !== f.resource_id) continue;
      if (f.user_id !== undefined && f.user_id !== '' && String(v.user_id) !== String(f.user_id)) continue;
      if (f.kind && v.kind !== f.kind) continue;
      out.push(v);
    }
    return out.reverse();
  }

  get(id: string): DeliveryView | undefined {
    return this.state.deliveries.get(id)?.view;
  }

  /** Send again now with the same body, a new x-request-id and a fresh signature; resolves after the try. */
  async replay(id: string): Promise<DeliveryView | undefined> {
    const rec = this.state.deliveries.get(id);
    if (!rec) return undefined;
    const held = this.state.heldDeliveries.get(rec.channel);
    if (held?.includes(id)) {
      held.splice(held.indexOf(id), 1);
      if (held.length === 0) this.state.heldDeliveries.delete(rec.channel);
    }
    this.inflight++;
    try {
      await this.attempt(rec, true);
    } finally {
      this.done();
    }
    return rec.view;
  }

  /** Send every delivery held by a `reorder` fault now. */
  releaseHeld(): number {
    let n = 0;
    for (const channel of [...this.state.heldDeliveries.keys()]) n += this.release(channel);
    return n;
  }

  /**
   * Resolves once no delivery is queued or in flight. Deliveries waiting on the virtual clock (retries,
   * `delay` faults) or held by `reorder` do not count: advance the clock (or release) to move them.
   */
  idle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get inFlight(): number {
    return this.inflight;
  }

  /** After a restart: deliveries that were queued or in flight when the process stopped are sent again (a retry
   *  waiting on the clock keeps its timer, a held one stays held). */
  resume(): void {
    for (const rec of this.state.deliveries.values()) {
      if (rec.view.status === 'pending' && this.state.clock.dueAt('webhook.retry', rec.view.id) === undefined) this.queue(rec);
    }
  }

  private queue(rec: Rec): void {
    this.inflight++;
    rec.view.status = 'pending';
    setImmediate(() => {
      this.attempt(rec, false).catch((err) => console.error('[sandbox] webhook delivery crashed', err)).finally(() => this.done());
    });
  }

  private schedule(rec: Rec, ms: number): void {
    rec.view.status = 'pending';
    rec.view.next_attempt_at = this.state.utcTime(this.state.now() + ms);
    this.state.clock.after(ms, 'webhook.retry', rec.view.id);
  }

  /** The `webhook.retry` timer. It awaits the attempt, so one `advance` runs a whole retry chain, each try at its
   *  own virtual time. */
  async retry(id: string): Promise<void> {
    const rec = this.state.deliveries.get(id);
    if (!rec) return;
    rec.view.next_attempt_at = null;
    this.inflight++;
    try {
      await this.attempt(rec, false);
    } finally {
      this.done();
    }
  }

  private finished(): string[] {
    if (!this.finishedIds) {
      this.finishedIds = [];
      for (const [id, r] of this.state.deliveries) if (isFinished(r.view.status)) this.finishedIds.push(id);
    }
    return this.finishedIds;
  }

  /** Forget the oldest finished delivery; live ones are never dropped. */
  private evict(): void {
    const ids = this.finished();
    while (this.head < ids.length) {
      const id = ids[this.head++];
      // Replayed or already forgotten ids may repeat: only a present, finished one goes.
      if (isFinished(this.state.deliveries.peek(id)?.view.status)) {
        this.state.deliveries.delete(id);
        break;
      }
    }
    if (this.head > 4096 && this.head * 2 > ids.length) {
      this.finishedIds = ids.slice(this.head);
      this.head = 0;
    }
  }

  private done(): void {
    if (--this.inflight > 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private release(channel: string): number {
    const held = this.state.heldDeliveries.get(channel);
    if (!held) return 0;
    this.state.heldDeliveries.delete(channel);
    for (const id of held) {
      const r = this.state.deliveries.get(id);
      if (r) this.queue(r);
    }
    return held.length;
  }

  private async attempt(rec: Rec, replay: boolean): Promise<void> {
    const { state } = this;
    const v = rec.view;
    // The record was looked up before this (often a tick earlier, or across an await): mark it changed.
    state.deliveries.touch(v.id);
    const now = state.now();
    const requestId = state.webhookRng.uuid();
    const headers = baseHeaders();
    headers['x-request-id'] = requestId;
    let signature: string | null = null;
    if (rec.secret !== undefined) {
      const ts = state.opts.signatureTsUnit === 'ms' ? now : Math.floor(now / 1000);
      signature = signatureHeader(rec.secret, { dataId: rec.manifestId, requestId, ts });
      headers['x-signature'] = signature;
    }
    if (!replay) rec.tries++;
    const att: DeliveryAttempt = {
      number: v.attempts.length + 1, at: state.utcTime(now), request_id: requestId, signature,
      status: null, error: null, duration_ms: 0, replay, response_body: null,
    };
    v.attempts.push(att);
    v.request.headers = headers;
    const t0 = performance.now();
    try {
      const r = await send(state.opts.webhookFetch ?? globalThis.fetch, v.request.url, headers, JSON.stringify(v.request.body), state.opts.webhookTimeoutMs);
      att.status = r.status;
      att.response_body = r.text.slice(0, 500);
      if (r.status !== 200 && r.status !== 201) att.error = `receiver answered ${r.status} (only 200 and 201 count as delivered)`;
    } catch (err) {
      att.error = describe(err);
    }
    att.duration_ms = Math.round(performance.now() - t0);
    state.deliveries.touch(v.id);
    const ok = att.status === 200 || att.status === 201;
    if (ok) {
      v.status = 'delivered';
      state.clock.cancel('webhook.retry', v.id);
      v.next_attempt_at = null;
    } else if (replay) {
      if (v.status === 'held') v.status = 'failed';
    } else {
      if (rec.tries < state.opts.webhookMaxAttempts) this.schedule(rec, retryDelay(rec.tries + 1, state.opts.webhookRetryMs));
      else v.status = 'failed';
    }
    if (isFinished(v.status)) this.finished().push(v.id);
    if (!replay && rec.tries === 1) this.release(rec.channel);
  }
}

function isFinished(status: DeliveryStatus | undefined): boolean {
  return status === 'delivered' || status === 'failed' || status === 'dropped';
}
