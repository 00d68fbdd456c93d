// Live status for a terminal: `GET /api/charges/{id}/events` as Server-Sent Events — every change with `id:` =
// the charge's version, a replay from `Last-Event-ID` (so a terminal that lost its Wi-Fi resumes where it was),
// a heartbeat comment, and the stream closed once the charge is final for the terminal (approved, expired,
// canceled, failed, refunded). `?wait=30` is the long-poll fallback for clients without SSE: the events after
// `?after=` as JSON, answered as soon as there is one or after `wait` seconds.
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../env.ts';
import { GatewayError } from '../../errors.ts';
import { z } from '../input.ts';
import type { ChargesService } from '../../services/charges.ts';
import type { ChargeHub } from '../../services/charge-hub.ts';

const DONE = new Set(['approved', 'expired', 'canceled', 'failed', 'refunded']);
const HEARTBEAT_MS = 15_000;

/** A charge version: what `Last-Event-ID` and `?after=` carry. */
export const versionParam = z.string().regex(/^\d{1,9}$/, 'a non-negative integer');
/** `?wait=` seconds of the long-poll. */
export const waitParam = z.string().regex(/^\d{1,2}$/, 'an integer from 0 to 60').refine((v) => Number(v) <= 60, 'an integer from 0 to 60');

function since(c: Context<AppEnv>): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('after') ?? '0';
  if (!versionParam.safeParse(raw).success) throw new GatewayError(400, 'invalid_request', 'Last-Event-ID (or ?after=) must be a charge version number', { fields: [{ field: 'Last-Event-ID', rule: 'a non-negative integer' }] });
  return Number(raw);
}

export function chargeEventRoutes(d: { charges: ChargesService; hub: ChargeHub; heartbeatMs?: number }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/charges/:id/events', async (c) => {
    const scope = c.get('device');
    const id = c.req.param('id');
    let last = since(c);
    const wait = c.req.query('wait');
    const first = await d.charges.events(scope, id, last); // 404 before any stream starts
    if (wait !== undefined) {
      if (!waitParam.safeParse(wait).success) throw new GatewayError(400, 'invalid_request', 'wait must be 0-60 seconds', { fields: [{ field: 'wait', rule: 'an integer from 0 to 60' }] });
      if (first.events.length || DONE.has(first.charge.status) || wait === '0' || d.hub.closing) return c.json(first);
      // A wake is a hint, not an answer: one for a change already seen (a late NOTIFY) waits on, to the deadline.
      // The watch is set before each read, so a change between the read and the wait still wakes it.
      const deadline = Date.now() + Number(wait) * 1000;
      for (;;) {
        let woke!: () => void;
        const signal = new Promise<void>((r) => { woke = r; });
        const off = d.hub.watch(id, () => woke());
        const batch = await d.charges.events(scope, id, last);
        const left = deadline - Date.now();
        if (batch.events.length || DONE.has(batch.charge.status) || d.hub.closing || left <= 0) { off(); return c.json(batch); }
        const t = setTimeout(woke, left);
        await signal;
        clearTimeout(t);
        off();
      }
    }
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      let pending = true; // read once at the start, then on every wake
      const off = d.hub.watch(id, () => { pending = true; wake?.(); });
      const beat = setInterval(() => { void stream.write(': heartbeat\n\n'); }, d.heartbeatMs ?? HEARTBEAT_MS);
      stream.onAbort(() => { off(); clearInterval(beat); wake?.(); });
      try {
        let batch = first;
        for (;;) {
          if (pending) {
            pending = false;
            for (const e of batch.events) {
              await stream.writeSSE({ id: String(e.version), event: e.type, data: JSON.stringify({ ...e, charge_id: id }) });
              last = e.version;
            }
            if (DONE.has(batch.charge.status) && !batch.events.length) break;
            if (DONE.has(batch.charge.status)) { await stream.writeSSE({ event: 'end', data: JSON.stringify({ status: batch.charge.status }) }); break; }
          }
          // The gateway is shutting down: end the stream so the server can close; the terminal resumes elsewhere with Last-Event-ID.
          if (stream.aborted || d.hub.closing) break;
          await new Promise<void>((resolve) => { wake = resolve; if (pending || stream.aborted || d.hub.closing) resolve(); });
          wake = undefined;
          if (stream.aborted || d.hub.closing) break;
          batch = await d.charges.events(scope, id, last);
        }
      } finally {
        off();
        clearInterval(beat);
      }
    });
  });
  return app;
}
