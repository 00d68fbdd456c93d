// Embedded mode's virtual clock, for the admin: read the sandbox's clock (its time, how far it is ahead of the wall
// clock, the timers pending on it) and move it forward by an ISO-8601 duration or a preset. Embedded, the gateway's
// own `now` is this clock (main.ts), so a jump expires Mercado Pago's orders, and the gateway, reading the same
// time, takes their signed webhooks and runs its sweeps as MP would. The clock only moves forward.
import { isoDurationMs } from '@cobro/client';
import { GatewayError } from '../errors.ts';
import type { AdminDeps } from './admin.ts';
import type { SandboxControl } from './sandbox-control.ts';

/** The jumps offered as one-click buttons: past a charge's 15-minute expiry, an hour, a day. */
export const CLOCK_PRESETS = [
  { id: 'PT1M', label: '1 minute' },
  { id: 'PT16M', label: '16 minutes (past a charge\'s expiry)' },
  { id: 'PT1H', label: '1 hour' },
  { id: 'P1D', label: '1 day' },
] as const;

/** The longest single jump: a year covers every MP expiry (tokens 180 days, test users 60) without runaway timers. */
export const MAX_ADVANCE_MS = 366 * 86_400_000;

export interface ClockReading {
  /** The sandbox's (and so the gateway's) time. */
  now: string;
  /** The wall clock's, for comparison. */
  wall: string;
  /** How far the virtual clock is ahead of the wall clock, in ms. */
  ahead_ms: number;
  mode: 'manual' | 'realtime';
  pending_count: number;
  /** The soonest pending timers: order expiries, webhook retries, refunds completing. */
  pending: { id: string; at: string; kind: string; ref: string }[];
}

interface SandboxClockView { now: string; mode: 'manual' | 'realtime'; pending_count: number; pending: ClockReading['pending'] }

export class ClockService {
  private readonly sandbox: SandboxControl;

  constructor(d: Pick<AdminDeps, 'sandbox'>) {
    if (!d.sandbox) throw new Error('the virtual clock needs the embedded sandbox');
    this.sandbox = d.sandbox;
    Object.freeze(this);
  }

  async read(): Promise<ClockReading> {
    return reading(await this.call('/__sandbox/clock', undefined, 'GET'));
  }

  /**
   * Move the clock forward by `duration` (ISO-8601: PT16M, P1D, PT1H30M…); answers once the timers that fell due
   * have run and their webhooks were delivered. A 400 naming `duration` when it is malformed, zero or too long.
   */
  async advance(duration: string): Promise<ClockReading> {
    const ms = advanceMs(duration);
    return reading(await this.call('/__sandbox/clock/advance', { ms }));
  }

  private async call(path: string, body?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<SandboxClockView> {
    const res = await this.sandbox(path, body, method);
    const json = await res.json() as SandboxClockView & { message?: string };
    if (!res.ok) throw new GatewayError(502, 'sandbox_error', `the embedded sandbox's clock answered ${res.status}: ${json.message ?? 'no message'}`);
    return json;
  }
}

function reading(v: SandboxClockView): ClockReading {
  const wall = Date.now();
  return { now: v.now, wall: new Date(wall).toISOString(), ahead_ms: Date.parse(v.now) - wall, mode: v.mode, pending_count: v.pending_count, pending: v.pending };
}

/** The duration in ms, or a 400 naming the field. */
export function advanceMs(duration: string): number {
  const ms = isoDurationMs(duration);
  const refuse = (rule: string) => new GatewayError(400, 'invalid_request', `duration: ${rule}`, { fields: [{ field: 'duration', rule }] });
  if (ms === undefined) throw refuse(`${JSON.stringify(duration.slice(0, 40))} is not an ISO-8601 duration (e.g. PT16M, PT1H, P1D)`);
  if (ms <= 0) throw refuse('must be longer than zero: the clock only moves forward');
  if (ms > MAX_ADVANCE_MS) throw refuse('at most P366D in one jump');
  return ms;
}
