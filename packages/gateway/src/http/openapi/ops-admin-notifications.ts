// The documented operations of the admin's notification inbox and integrator-events outbox (JSON API and pages).
// Query parameters are the routes' own zod schemas, so the document says what the edge checks.
import { z } from '../input.ts';
import { inboxQuery } from '../routes/admin-notifications.ts';
import { outboxQuery } from '../routes/admin-outbox.ts';
import { errorBody } from './responses.ts';
import { html, id, json, seeOther, sessionOp as op, type Operation, type Param } from './operation.ts';

const iso = z.string().describe('ISO-8601 date-time (UTC)');
const paged = <T extends z.ZodType>(item: T) => z.object({
  results: z.array(item), next_before: z.string().nullable().describe('Pass as `before` for the next (older) page; null on the last page'),
});

export const notification = z.object({
  id: z.string().describe('ntf_…'), received_at: iso, mp_user_id: z.string().nullable().describe("The seller's Mercado Pago user id (none on an IPN)"),
  seller: z.object({ id: z.string(), nickname: z.string() }).nullable().describe('The connected seller of that user id'),
  topic: z.enum(['order', 'payment', 'merchant_order', 'mp-connect', 'other']), resource_id: z.string(), signature: z.enum(['verified', 'absent']),
  processed_at: iso.nullable().describe("When its reconcile ran; null while pending (also after a replay until it has run)"),
  charge_id: z.string().nullable().describe('The charge this order or payment is'),
});
export const event = z.object({
  id: z.string().describe('evt_… (also the x-cobro-event-id the integrator receives)'), charge_id: z.string().nullable(), type: z.string(),
  state: z.enum(['delivered', 'pending', 'failing']).describe('failing: tried and refused (see last_error); pending: not sent yet'),
  payload: z.unknown(), created_at: iso, delivered_at: iso.nullable(), attempts: z.number().int(), last_error: z.string().nullable(),
});
const queued = z.object({ id: z.string(), queued: z.literal(true) });

/** A strict query object's fields as query parameters. */
function queryParams(schema: z.ZodObject, described: Record<string, string>): Param[] {
  return Object.entries(schema.shape).map(([name, s]) => ({ name, in: 'query' as const, schema: s as z.ZodType, ...(described[name] && { description: described[name] }) }));
}

const inboxParams = queryParams(inboxQuery, {
  mp_user_id: "Only this seller's (its Mercado Pago user id)", state: 'processed: its reconcile ran; pending: not yet',
  before: 'Keyset paging: the next_before of the previous page', limit: 'Page size (default 50)',
});
const outboxParams = queryParams(outboxQuery, {
  type: 'e.g. charge.approved', state: 'delivered; pending (not tried yet); failing (refused, retried with backoff)', charge_id: "Only this charge's events",
  before: 'Keyset paging: the next_before of the previous page', limit: 'Page size (default 50)',
});
const ntf = id('id', "The notification's id (ntf_…)");
const evt = id('id', "The event's id (evt_…)");
const missing = (what: string) => json(`No such ${what}`, errorBody);

export const adminNotificationOps: Operation[] = [
  { method: 'get', path: '/admin/api/inbox', id: 'listInbox', tag: 'Admin', summary: "Mercado Pago's notifications as received, newest first", security: 'adminKey',
    params: inboxParams, responses: { 200: json('A page of notifications', paged(notification)), 400: json('A bad filter (the field is named)', errorBody) } },
  { method: 'get', path: '/admin/api/inbox/{id}', id: 'getInboxNotification', tag: 'Admin', summary: 'One notification, with its body as received', security: 'adminKey',
    params: [ntf], responses: { 200: json('The notification', notification.extend({ body: z.unknown().describe('The JSON body Mercado Pago sent (never trusted: a doorbell)') })), 404: missing('notification') } },
  { method: 'post', path: '/admin/api/inbox/{id}/replay', id: 'replayNotification', tag: 'Admin', summary: 'Ring the doorbell again: re-fetch its resource from Mercado Pago',
    description: 'Queues the same reconcile job the delivery queued (at once, even when one is waiting out a backoff) and marks the notification pending until it has run. Safe: nothing changes when nothing changed on Mercado Pago.',
    security: 'adminKey', params: [ntf], responses: { 202: json('Queued', queued), 404: missing('notification') } },
  { method: 'get', path: '/admin/api/outbox', id: 'listOutbox', tag: 'Admin', summary: 'Events to the integrator and their delivery, newest first', security: 'adminKey',
    params: outboxParams, responses: { 200: json('A page of events', paged(event)), 400: json('A bad filter (the field is named)', errorBody) } },
  { method: 'post', path: '/admin/api/outbox/{id}/redeliver', id: 'redeliverEvent', tag: 'Admin', summary: 'Send one event to the integrator again (the same body and event id)',
    security: 'adminKey', params: [evt], responses: { 202: json('Queued', queued), 404: missing('event'), 409: json('No integrator endpoint is configured', errorBody) } },
  op('get', '/admin/notifications', 'adminNotificationsPage', 'Notifications: the inbox filtered by seller, topic, signature and state, each with Replay',
    { 200: html('the notifications'), 400: html('the page, saying which filter is wrong') }, inboxParams),
  op('post', '/admin/notifications/{id}/replay', 'adminReplayNotification', 'Replay a notification (as replayNotification)', { 303: seeOther('/admin/notifications?replayed=<id>') }),
  op('get', '/admin/events', 'adminEventsPage', "Events: the integrator's outbox filtered by type, state and charge, each with Redeliver (or why nothing is sent)",
    { 200: html('the events'), 400: html('the page, saying which filter is wrong') }, outboxParams),
  op('post', '/admin/events/{id}/redeliver', 'adminRedeliverEvent', 'Redeliver an event (as redeliverEvent)', { 303: seeOther('/admin/events?redelivered=<id>') }),
];
