// Typed twin of POST /__sandbox/webhooks/emit: send a notification the way the sandbox would for a real event,
// without producing the event (`stripe trigger`-style, but raw). For testing a receiver against every topic and
// shape — mp-connect, merchant orders, a resource notification_url — and the delivery engine itself.
import type { NotificationEvent, SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { isObject } from '../http.ts';
import { objectInput, rejectUnknownFields } from '../kit/validation.ts';

export interface EmitInput {
  topic: NotificationEvent['topic'];
  action: string;
  user_id: number;
  /** The app whose panel webhook (and secret) is used. */
  client_id?: string;
  resource_id: string;
  /** A per-resource URL (legacy QR): an unsigned webhook and, for payments and merchant orders, an IPN. */
  notification_url?: string;
  live_mode?: boolean;
  /** Extra `data` fields of the body (Orders: status, amounts). */
  data?: Record<string, unknown>;
  /** Top-level fields of a merchant-order body (`status`). */
  extra?: Record<string, unknown>;
}

const TOPICS = ['order', 'payment', 'merchant_order', 'mp-connect'] as const;
const bad = (field: string, rule: string) =>
  classicError(400, 'bad_request', `${field} ${rule}.`, [{ code: 'invalid_field', description: `${field} ${rule}`, data: field }]);

function toEvent(input: unknown): NotificationEvent {
  const o = objectInput(input);
  rejectUnknownFields(o, ['topic', 'action', 'user_id', 'client_id', 'resource_id', 'notification_url', 'live_mode', 'data', 'extra'], 'a notification');
  if (!TOPICS.includes(o.topic as never)) throw bad('topic', `must be one of ${TOPICS.join(', ')}`);
  if (typeof o.action !== 'string' || o.action === '') throw bad('action', 'must be a non-empty string');
  if (typeof o.user_id !== 'number' || !Number.isSafeInteger(o.user_id) || o.user_id <= 0) throw bad('user_id', 'must be a user id (positive integer)');
  if (o.client_id !== undefined && (typeof o.client_id !== 'string' || o.client_id === '')) throw bad('client_id', 'must be a non-empty string');
  if (typeof o.resource_id !== 'string' || o.resource_id === '') throw bad('resource_id', 'must be a non-empty string');
  // Not checked as a URL: what the engine does with a malformed one (a failed attempt in the log) is testable too.
  if (o.notification_url !== undefined && (typeof o.notification_url !== 'string' || o.notification_url === '')) throw bad('notification_url', 'must be a non-empty string');
  if (o.live_mode !== undefined && typeof o.live_mode !== 'boolean') throw bad('live_mode', 'must be a boolean');
  for (const f of ['data', 'extra'] as const) if (o[f] !== undefined && !isObject(o[f])) throw bad(f, 'must be a JSON object');
  return {
    topic: o.topic as NotificationEvent['topic'], action: o.action, userId: o.user_id, resourceId: o.resource_id, liveMode: o.live_mode === true,
    ...(o.client_id !== undefined && { clientId: o.client_id as string }),
    ...(o.notification_url !== undefined && { notificationUrl: o.notification_url as string }),
    ...(o.data !== undefined && { data: o.data as Record<string, unknown> }),
    ...(o.extra !== undefined && { extra: o.extra as Record<string, unknown> }),
  };
}

/** Queue the deliveries `input` would cause; returns the ids of the deliveries queued (none when no receiver). */
export function emitNotification(state: SandboxState, input: unknown): { deliveries: string[] } {
  const event = toEvent(input);
  const before = new Set(state.deliveries.keys());
  state.notify(event);
  return { deliveries: [...state.deliveries.keys()].filter((id) => !before.has(id)) };
}
