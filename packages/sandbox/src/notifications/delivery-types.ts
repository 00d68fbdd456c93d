// The delivery log's shapes: a Delivery (one notification to one receiver), each of its Attempts, and the views
// and filters the control plane answers with. The engine that sends them is deliveries.ts.
import type { NotificationEvent } from '../state.ts';

export type DeliveryStatus = 'pending' | 'held' | 'delivered' | 'failed' | 'dropped';
export type DeliveryKind = 'webhook' | 'ipn';

export interface DeliveryAttempt {
  number: number;
  /** Virtual time of the send. */
  at: string;
  request_id: string;
  signature: string | null;
  /** Receiver's HTTP status; null on network error or timeout. */
  status: number | null;
  error: string | null;
  /** Real milliseconds the receiver took. */
  duration_ms: number;
  /** Sent by `replay`, outside the retry schedule. */
  replay: boolean;
  /** First 500 characters of the receiver's answer. */
  response_body: string | null;
}

export interface DeliveryView {
  id: string;
  kind: DeliveryKind;
  signed: boolean;
  /** The event's topic (`order`, `payment`, `merchant_order`, `mp-connect`). */
  topic: NotificationEvent['topic'];
  /** What the receiver sees: `type` of a webhook (e.g. `topic_merchant_order_wh`) or `topic` of an IPN. */
  type: string;
  action: string;
  resource_id: string;
  user_id: number;
  client_id: string | null;
  live_mode: boolean;
  status: DeliveryStatus;
  created_at: string;
  next_attempt_at: string | null;
  /** Webhook fault that shaped this delivery (`duplicate`, `reorder`, `delay`, `drop`). */
  fault: string | null;
  duplicate_of: string | null;
  request: { method: 'POST'; url: string; headers: Record<string, string>; body: Record<string, unknown> };
  attempts: DeliveryAttempt[];
}

export interface DeliveryFilter {
  status?: string;
  topic?: string;
  resource_id?: string;
  user_id?: string | number;
  kind?: string;
}

/** What the notifier hands over; the engine adds ids, headers and the schedule. */
export interface NewDelivery {
  kind: DeliveryKind;
  event: NotificationEvent;
  type: string;
  url: string;
  body: Record<string, unknown>;
  /** Webhook secret: present only for signed (panel) webhooks. */
  secret?: string;
  /** `data.id` of the query string, as signed (already case-adjusted for the manifest). */
  manifestId?: string;
}

/** One logged delivery as the state keeps it. */
export interface DeliveryRecord {
  view: DeliveryView;
  secret?: string;
  manifestId?: string;
  /** Attempts made on the schedule (replays excluded). */
  tries: number;
  /** Receiver endpoint + kind: `reorder` holds a delivery until the next one on its channel has been sent. */
  channel: string;
}

/** Gap before attempt `next` (2, 3, …) after a failure. */
