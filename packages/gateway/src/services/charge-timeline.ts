// One charge's story for the admin, in one list, oldest first: its state changes and rejected card attempts
// (charge_events), the calls the gateway made to Mercado Pago about it (mp_calls), the notifications Mercado
// Pago sent about its order and payments (webhook_inbox), and the events sent to the integrator (outbox). When
// a shop says "the customer paid and the screen says nothing", this shows which of those links broke.
// Nothing here reads a token or key: none of these tables holds one.
import type { MpCallRow } from '../repositories/mp-calls.ts';
import type { OutboxRow } from '../repositories/outbox.ts';
import { iso } from './iso.ts';

export type TimelineKind = 'state' | 'mp_call' | 'notification' | 'event';

export interface TimelineEntry { at: string; kind: TimelineKind; summary: string; details: Record<string, unknown> }

export interface StateRow { version: number; type: string; data: unknown; created_at: Date }
export interface NotificationRow { id: string; topic: string; resource_id: string; signature: string; received_at: Date; processed_at: Date | null }

function stateSummary(type: string, data: Record<string, unknown>): string {
  if (type === 'charge.attempt_rejected') return `Card attempt rejected (payment ${(data.mp_payment_ids as string[] | undefined)?.join(', ') ?? '?'})`;
  if (type === 'charge.review') return `Flagged for review: ${String(data.reason ?? '')}`;
  const error = data.error as { message?: string } | undefined;
  return `${type}: status ${String(data.status ?? '?')}${error?.message ? ` (${error.message})` : ''}`;
}

export const stateEntry = (e: StateRow): TimelineEntry => ({
  at: iso(e.created_at), kind: 'state', summary: stateSummary(e.type, (e.data ?? {}) as Record<string, unknown>),
  details: { version: e.version, type: e.type, data: e.data },
});

export const mpCallEntry = (c: MpCallRow): TimelineEntry => ({
  at: iso(c.created_at), kind: 'mp_call',
  summary: `${c.method} ${c.path} → ${c.status ?? 'no answer'} in ${c.duration_ms} ms${c.error ? `: ${c.error}` : ''}`,
  details: { method: c.method, path: c.path, status: c.status, duration_ms: c.duration_ms, attempt: c.attempt, mp_request_id: c.mp_request_id, error: c.error },
});

export const notificationEntry = (n: NotificationRow): TimelineEntry => ({
  at: iso(n.received_at), kind: 'notification',
  summary: `Notification: ${n.topic} ${n.resource_id} (signature ${n.signature}; ${n.processed_at ? 'reconciled' : 'not reconciled yet'})`,
  details: { id: String(n.id), topic: n.topic, resource_id: n.resource_id, signature: n.signature, processed_at: iso(n.processed_at) },
});

export const eventEntry = (o: OutboxRow): TimelineEntry => ({
  at: iso(o.created_at), kind: 'event',
  summary: `${o.type} to the integrator: ${o.delivered_at ? 'delivered' : `not delivered (${o.attempts} attempt${o.attempts === 1 ? '' : 's'}${o.last_error ? `, ${o.last_error}` : ''})`}`,
  details: { id: `evt_${o.id}`, type: o.type, delivered_at: iso(o.delivered_at), attempts: o.attempts, last_error: o.last_error },
});

/** At the same instant, a change comes before the call it made, what MP said and what the integrator was told. */
const RANK: Record<TimelineKind, number> = { state: 0, mp_call: 1, notification: 2, event: 3 };

/** Merge the sources, oldest first; each source is already in its own order, which a tie keeps (a stable sort). */
export function timeline(...sources: TimelineEntry[][]): TimelineEntry[] {
  return sources.flat().sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || RANK[a.kind] - RANK[b.kind]);
}
