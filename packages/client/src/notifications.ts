// What MP POSTs to a notification URL (spec §9.3), as one union. Webhooks carry `type` + `data.id`
// (merchant-order webhooks put the id at the top level); IPN carries `topic` + `id` / `resource`.
// A notification is a hint: re-fetch the resource at `ref.path` before acting on it.

export type ResourceType = 'payment' | 'merchant_order' | 'order' | 'other';

export interface ResourceRef {
  type: ResourceType;
  id: string;
  /** Where to GET the current state (undefined for topics this toolkit does not fetch). */
  path: string | undefined;
}

export interface WebhookNotification {
  kind: 'webhook';
  /** `payment`, `order`, `topic_merchant_order_wh`, `mp-connect`, … */
  type: string;
  /** `payment.created`, `order.processed`, `create`/`update` (merchant orders), … */
  action: string | undefined;
  /** The notified resource's id (what the signature covers). */
  dataId: string;
  /** Id of the notification itself (for de-duplication); undefined for merchant-order webhooks, whose `id` is the order's. */
  notificationId: string | undefined;
  userId: string | undefined;
  applicationId: string | undefined;
  liveMode: boolean | undefined;
  dateCreated: string | undefined;
  data: Record<string, unknown>;
  ref: ResourceRef;
  body: Record<string, unknown>;
}

export interface IpnNotification {
  kind: 'ipn';
  /** `payment`, `merchant_order`, `chargebacks`, … */
  topic: string;
  id: string;
  /** As sent: an id or a full URL (`https://api.mercadolibre.com/merchant_orders/…`). */
  resource: string | undefined;
  ref: ResourceRef;
  body: Record<string, unknown>;
}

export type Notification = WebhookNotification | IpnNotification;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

function refFor(kind: string, id: string): ResourceRef {
  const e = encodeURIComponent(id);
  if (kind === 'payment') return { type: 'payment', id, path: `/v1/payments/${e}` };
  if (kind === 'order') return { type: 'order', id, path: `/v1/orders/${e}` };
  if (kind === 'merchant_order' || kind === 'topic_merchant_order_wh') return { type: 'merchant_order', id, path: `/merchant_orders/${e}` };
  return { type: 'other', id, path: undefined };
}

function toBody(body: unknown): Record<string, unknown> {
  let b = body;
  if (b instanceof Uint8Array) b = Buffer.from(b).toString('utf8');
  if (typeof b === 'string') {
    if (b.trim() === '') return {};
    try {
      b = JSON.parse(b);
    } catch {
      throw new TypeError('notification body is not JSON');
    }
  }
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new TypeError('notification body is not a JSON object');
  return b as Record<string, unknown>;
}

/**
 * Parse a delivery from its URL (absolute, or path + query as in Node's `req.url`) and body (object,
 * JSON string or bytes). Throws a TypeError when it is neither a webhook nor an IPN.
 */
export function parseNotification(url: string | URL, body: unknown): Notification {
  const q = new URL(String(url), 'http://localhost').searchParams;
  const b = toBody(body);
  const type = str(b.type) ?? str(q.get('type'));
  const data = b.data && typeof b.data === 'object' && !Array.isArray(b.data) ? (b.data as Record<string, unknown>) : {};
  if (type) {
    const isMo = type === 'topic_merchant_order_wh';
    const dataId = str(q.get('data.id')) ?? str(data.id) ?? (isMo ? str(b.id) : undefined);
    if (!dataId) throw new TypeError(`webhook of type "${type}" carries no data.id`);
    return {
      kind: 'webhook',
      type,
      action: str(b.action),
      dataId,
      notificationId: isMo ? undefined : str(b.id),
      userId: str(b.user_id),
      applicationId: str(b.application_id),
      liveMode: typeof b.live_mode === 'boolean' ? b.live_mode : undefined,
      dateCreated: str(b.date_created),
      data,
      ref: refFor(type, dataId),
      body: b,
    };
  }
  const topic = str(q.get('topic')) ?? str(b.topic);
  if (topic) {
    const resource = str(b.resource);
    const id = str(q.get('id')) ?? resource?.split('?')[0].split('/').filter(Boolean).pop();
    if (!id) throw new TypeError(`IPN of topic "${topic}" carries no id`);
    return { kind: 'ipn', topic, id, resource, ref: refFor(topic, id), body: b };
  }
  throw new TypeError('not a Mercado Pago notification: no "type" (webhook) nor "topic" (IPN)');
}
