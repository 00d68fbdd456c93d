// The admin pages' Clock area: GET /admin/clock shows embedded mode's virtual clock, POST /admin/clock/advance moves
// it forward (a preset's or a typed ISO-8601 duration) and comes back to the page (303, so a reload does not jump
// again). Without the embedded sandbox the page says the clock is Mercado Pago's real one and the POST is a 404.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { parse, z } from '../input.ts';
import type { AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';
import { GatewayError } from '../../errors.ts';
import { advanceMs } from '../../services/clock.ts';
import { ClockPage } from '../../web/admin/clock.tsx';

const advanceInput = z.strictObject({ duration: z.string({ error: 'required: an ISO-8601 duration such as PT16M' }).max(40) });

export function adminClockPages(kit: AdminKit, d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const clock = d.admin.clock;
  const show = async (c: Context, csrf: string, error?: GatewayError) => {
    const advanced = c.req.query('advanced');
    const shown = advanced && isDuration(advanced) ? advanced : undefined; // only ever a duration, as this route wrote it
    return kit.render(c, <ClockPage clock={await clock?.read()} csrf={csrf} advanced={shown} error={error?.message} />, error?.status ?? 200);
  };
  app.get('/admin/clock', kit.page((c, csrf) => show(c, csrf)));
  app.post('/admin/clock/advance', kit.action(async (c, form, csrf) => {
    if (!clock) throw new GatewayError(404, 'not_found', 'there is no virtual clock: this gateway uses Mercado Pago itself, whose clock is the real one');
    let duration: string;
    try {
      duration = parse(advanceInput, form).duration;
      await clock.advance(duration);
    } catch (err) {
      if (err instanceof GatewayError && err.status === 400) return show(c, csrf, err); // the page again, saying why
      throw err;
    }
    return c.redirect(`/admin/clock?advanced=${encodeURIComponent(duration)}`, 303);
  }));
  return app;
}

function isDuration(s: string): boolean {
  try { advanceMs(s); return true; } catch { return false; }
}
