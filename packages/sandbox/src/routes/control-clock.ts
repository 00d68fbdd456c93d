// /__sandbox/clock: read, advance and set the virtual clock (see control/clock.ts).
import { Hono } from 'hono';
import { isObject, readJson, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { clockControl, clockView } from '../control/clock.ts';

export function controlClockRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const { clock } = clockControl(state);
  app.get('/__sandbox/clock', (c) => c.json(clockView(state)));
  app.post('/__sandbox/clock/advance', async (c) => {
    const body = await readJson(c, 'classic', { required: true });
    if (!isObject(body)) throw classicError(400, 'bad_request', 'The body must be {"ms": N} or {"duration": "PT15M"}.');
    return c.json(await clock.advance(body as { ms?: number; duration?: string }));
  });
  app.post('/__sandbox/clock/set', async (c) => {
    const body = await readJson(c, 'classic', { required: true });
    if (!isObject(body)) throw classicError(400, 'bad_request', 'The body must be {"time": "<ISO-8601>"}.');
    const extra = Object.keys(body).find((k) => k !== 'time');
    if (extra) throw classicError(400, 'bad_request', `${extra} is not a field of clock/set (use time).`);
    if (typeof body.time !== 'string') throw classicError(400, 'bad_request', 'time is required: an ISO-8601 date-time.');
    return c.json(await clock.set(body.time));
  });
  return app;
}
