// Typed twin of /__sandbox/clock: read, advance and set the virtual clock. Advancing runs every timer that
// falls due (order expiries, refund completion, webhook retries) and then waits for the deliveries those
// timers started, so after `await control.clock.advance('15m')` the retry has been attempted.
import type { SandboxState } from '../state.ts';
import { parseDuration } from '../clock.ts';
import { classicError } from '../errors.ts';
import { deliveries } from '../notifications/deliveries.ts';
import { MAX_TIME_MS, classicFieldError, parseIsoDate } from '../kit/validation.ts';

export interface ClockView {
  now: string;
  mode: 'manual' | 'realtime';
  /** How many timers are pending; `pending` lists the soonest 100 of them. */
  pending_count: number;
  pending: { id: string; at: string; kind: string; ref: string }[];
}

export type AdvanceBy = number | string | { ms?: number; duration?: string };

export function clockView(state: SandboxState): ClockView {
  return { now: state.utcTime(state.now()), mode: state.clock.mode, pending_count: state.clock.pendingCount, pending: state.clock.pending() };
}

/** ms from `12345`, `"15m"`, `"PT15M"`, `{ms}` or `{duration}`, and the field it came from; a 400 naming the
 *  field when malformed. */
function advanceMs(by: AdvanceBy): { ms: number; field: 'ms' | 'duration' } {
  if (typeof by === 'number') return checkMs(by, 'ms');
  if (typeof by === 'string') return checkMs(duration(by), 'duration');
  if (typeof by !== 'object' || by === null) throw bad('body', 'must be {"ms": N} or {"duration": "PT15M"}');
  const keys = Object.keys(by).filter((k) => k !== 'ms' && k !== 'duration');
  if (keys.length) throw bad(keys[0], 'is not a field of clock/advance (use ms or duration)');
  if (by.ms !== undefined && by.duration !== undefined) throw bad('duration', 'cannot be combined with ms');
  if (by.ms !== undefined) {
    if (typeof by.ms !== 'number') throw bad('ms', 'must be a number');
    return checkMs(by.ms, 'ms');
  }
  if (by.duration !== undefined) {
    if (typeof by.duration !== 'string') throw bad('duration', 'must be a string such as "PT15M" or "60d"');
    return checkMs(duration(by.duration), 'duration');
  }
  throw bad('ms', 'or duration is required');
}

function duration(s: string): number {
  try { return parseDuration(s); } catch { throw bad('duration', `is not a duration: ${JSON.stringify(s)} (use "PT15M", "90s", "15m", "2h", "60d")`); }
}

function checkMs(ms: number, field: 'ms' | 'duration'): { ms: number; field: 'ms' | 'duration' } {
  if (!Number.isFinite(ms) || ms < 0) throw bad(field, 'must be a finite, non-negative amount of time');
  return { ms, field };
}

const bad = (field: string, rule: string) => classicFieldError(field, rule);

/** Parse a target time; 400 when malformed or in the past (the clock only moves forward). */
function targetTime(state: SandboxState, time: unknown): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? parseIsoDate(time) : time instanceof Date ? time.getTime() : NaN;
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) throw bad('time', 'must be an ISO-8601 date-time');
  if (ms < state.now()) throw bad('time', `is in the past (now is ${state.utcTime(state.now())}); the clock only moves forward`);
  return ms;
}

export function clockControl(state: SandboxState) {
  const advance = async (by: AdvanceBy): Promise<ClockView> => {
    const { ms, field } = advanceMs(by);
    if (state.now() + ms > MAX_TIME_MS) throw bad(field, `would move the clock past ${new Date(MAX_TIME_MS).toISOString()}, the last instant a timestamp can hold`);
    await state.clock.advance(ms);
    await deliveries(state).idle();
    return clockView(state);
  };
  return {
    clock: {
      /** Virtual now as an ISO string (`state.now()` gives ms). */
      now: (): string => state.utcTime(state.now()),
      get: (): ClockView => clockView(state),
      /** Move forward by ms, `"15m"`, `"PT15M"`, `{ms}` or `{duration}`; runs due timers and waits for their deliveries. */
      advance,
      /** Move forward to an absolute time (never backwards). */
      set: async (time: string | number | Date): Promise<ClockView> => advance(Math.max(0, targetTime(state, time) - state.now())),
    },
  };
}
