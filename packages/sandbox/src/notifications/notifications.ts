// From a NotificationEvent to webhook/IPN deliveries (spec §9). Who gets what:
// - the app's panel webhook URL (the app whose token created the resource), when its topics include the
//   event's: a SIGNED webhook `?data.id=&type=` (§9.4);
// - a per-resource `notification_url` (legacy QR): an UNSIGNED webhook and, with `opts.ipn`, an IPN
//   `?topic=&id=` for payment / merchant_order; `source_news=webhooks|ipn` in that URL keeps one flavour.
//   It overrides the panel for that resource (§9.1) unless `opts.resourceUrlOverridesPanel` is false.
// Webhook fault rules (duplicate, reorder, delay, drop) are applied here, per delivery.
import type { NotificationEvent, SandboxState } from '../state.ts';
import type { App } from '../model.ts';
import { deliveries, type DeliveryEngine, type NewDelivery } from './deliveries.ts';
import { faultStore } from '../faults/fault-rules.ts';

/** Panel topic names (§9.3): merchant orders are `topic_merchant_order_wh` there and in webhook `type`. */
export function panelTopic(topic: NotificationEvent['topic']): string {
  return topic === 'merchant_order' ? 'topic_merchant_order_wh' : topic;
}

export function installNotifier(state: SandboxState): void {
  const engine = deliveries(state);
  const faults = faultStore(state);
  state.notifier = (ev) => {
    // MP: payments made with test credentials send no notifications (spec §14); an option reproduces it.
    if (!state.opts.testCredentialsNotify && madeWithTestCredentials(state, ev)) return;
    // Never let delivery bookkeeping break the API request that emitted the event.
    try {
      for (const d of targets(state, engine, ev)) {
        const rule = faults.webhook.length === 0 ? undefined
          : faults.takeWebhook({ topic: ev.topic, type: d.type, action: ev.action, resource_id: ev.resourceId, kind: d.kind });
        if (!rule) { engine.add(d, { send: 'now' }); continue; }
        switch (rule.fault) {
          case 'drop': engine.add(d, { send: 'never' }, { fault: 'drop' }); break;
          case 'delay': engine.add(d, { send: 'after', ms: rule.delay_ms ?? 0 }, { fault: 'delay' }); break;
          case 'reorder': engine.add(d, { send: 'hold' }, { fault: 'reorder' }); break;
          case 'duplicate': {
            const first = engine.add(d, { send: 'now' }, { fault: 'duplicate' });
            engine.add(d, { send: 'now' }, { fault: 'duplicate', duplicateOf: first.id });
            break;
          }
        }
      }
    } catch (err) {
      console.error('[sandbox] could not queue notification', err);
    }
  };
}

/** A production seller's resource that is not live was made with test credentials (a test user's never is live). */
function madeWithTestCredentials(state: SandboxState, ev: NotificationEvent): boolean {
  return !ev.liveMode && state.accounts.get(ev.userId)?.kind === 'production';
}

function targets(state: SandboxState, engine: DeliveryEngine, ev: NotificationEvent): NewDelivery[] {
  const out: NewDelivery[] = [];
  const type = panelTopic(ev.topic);
  const app = ev.clientId ? state.apps.get(ev.clientId) : undefined;
  // Built only when someone receives it: an order expiring with no receiver (a clock advance over 100k of them)
  // should cost nothing here.
  let built: Record<string, unknown> | undefined;
  const body = () => (built ??= webhookBody(state, engine, ev, app));
  const resourceUrl = ev.notificationUrl;
  if (app?.webhook_url && subscribed(app, ev) && !(resourceUrl && state.opts.resourceUrlOverridesPanel)) {
    const queryId = ev.resourceId;
    out.push({
      // `unsigned`: MP's webhooks page says QR notifications cannot be validated with the secret (spec §14).
      kind: 'webhook', event: ev, type, body: body(), secret: state.opts.webhookSignature === 'signed' ? app.webhook_secret : undefined,
      url: withQuery(app.webhook_url, { 'data.id': queryId, type }),
      manifestId: state.opts.signatureIdCase === 'lower' ? queryId.toLowerCase() : queryId,
    });
  }
  if (resourceUrl) {
    const news = sourceNews(resourceUrl);
    if (news !== 'ipn') {
      out.push({ kind: 'webhook', event: ev, type, body: body(), url: withQuery(resourceUrl, { 'data.id': ev.resourceId, type }) });
    }
    if (news !== 'webhooks' && state.opts.ipn && (ev.topic === 'payment' || ev.topic === 'merchant_order')) {
      out.push({ kind: 'ipn', event: ev, type: ev.topic, body: ipnBody(ev), url: withQuery(resourceUrl, { topic: ev.topic, id: ev.resourceId }) });
    }
  }
  return out;
}

function subscribed(app: App, ev: NotificationEvent): boolean {
  return !app.webhook_topics || app.webhook_topics.includes(panelTopic(ev.topic)) || app.webhook_topics.includes(ev.topic);
}

/** Webhook body per topic (§9.3). Exported for tests and docs. */
export function webhookBody(state: SandboxState, engine: DeliveryEngine, ev: NotificationEvent, app?: App): Record<string, unknown> {
  const now = state.now();
  const site = state.accounts.get(ev.userId)?.site_id ?? 'MLA';
  const applicationId = app?.client_id ?? ev.clientId;
  if (ev.topic === 'merchant_order') {
    // Top-level `id` is the merchant order id; `data` carries no id (real 2024 capture, §9.3).
    const status = ev.extra?.status;
    return {
      action: ev.action,
      ...(applicationId && { application_id: applicationId }),
      data: { currency_id: '', marketplace: 'NONE', ...(status !== undefined && { status }), ...ev.data },
      date_created: state.classicTime(now, site),
      id: ev.resourceId,
      live_mode: ev.liveMode,
      ...ev.extra,
      type: 'topic_merchant_order_wh',
      user_id: ev.userId,
      version: 1,
    };
  }
  if (ev.topic === 'order') {
    // Orders API: UTC time and `user_id` as a string, as in MP's order example.
    return {
      action: ev.action,
      api_version: 'v1',
      ...(applicationId && { application_id: applicationId }),
      data: { ...ev.data, id: ev.resourceId },
      date_created: state.utcTime(now),
      id: engine.notificationId(),
      live_mode: ev.liveMode,
      type: 'order',
      user_id: String(ev.userId),
    };
  }
  return {
    id: engine.notificationId(),
    live_mode: ev.liveMode,
    type: ev.topic,
    date_created: state.classicTime(now, site),
    user_id: ev.userId,
    api_version: 'v1',
    action: ev.action,
    ...(applicationId && { application_id: applicationId }),
    data: { ...ev.data, id: ev.resourceId },
  };
}

/** IPN ("feed") body: merchant orders carry a resource URL, payments the bare id (§9.3). */
function ipnBody(ev: NotificationEvent): Record<string, unknown> {
  return ev.topic === 'merchant_order'
    ? { resource: `https://api.mercadolibre.com/merchant_orders/${ev.resourceId}`, topic: 'merchant_order' }
    : { resource: ev.resourceId, topic: ev.topic };
}

function sourceNews(url: string): string | undefined {
  try { return new URL(url).searchParams.get('source_news') ?? undefined; } catch { return undefined; }
}

/** Add query parameters to a receiver URL, keeping its own (`?client=…`). A malformed URL is kept as is:
 *  the attempt then fails and the log says why. */
function withQuery(url: string, params: Record<string, string>): string {
  try {
    const u = new URL(url);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  } catch {
    return url;
  }
}
