// The admin's Clock page. Embedded, it shows the sandbox's virtual clock (which is also the gateway's) against the
// wall clock, the timers pending on it, and forms that move it forward by a preset or an ISO-8601 duration; with a
// real Mercado Pago there is no such clock, and the page says so.
import type { FC } from 'hono/jsx';
import { CLOCK_PRESETS, type ClockReading } from '../../services/clock.ts';
import { Csrf, Layout, Problem, when } from './layout.tsx';

/** "16 min 3 s", "2 d 1 h": how far ahead, in the two largest units that are not zero. */
export function span(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]] as const) {
    if (s >= size) { parts.push(`${Math.floor(s / size)} ${unit}`); s %= size; }
  }
  return parts.slice(0, 2).join(' ') || '0 s';
}

const NoClock: FC = () => (
  <p id="no-clock">There is no virtual clock here: this gateway talks to Mercado Pago itself, whose clock is the real one.
    The clock exists in embedded mode (<code>npm start</code>), where the gateway runs its own sandbox.</p>
);

const Advance: FC<{ csrf: string }> = ({ csrf }) => (
  <>
    <h2 id="advance">Move the clock forward</h2>
    <p class="muted">Timers that fall due run in order at their own time: orders expire, their webhooks are delivered, then this page comes back.</p>
    <div class="row" role="group" aria-labelledby="advance">
      {CLOCK_PRESETS.map((p) => (
        <form method="post" action="/admin/clock/advance" class="inline">
          <Csrf token={csrf} /><input type="hidden" name="duration" value={p.id} />
          <button type="submit">+{p.label}</button>
        </form>
      ))}
    </div>
    <form method="post" action="/admin/clock/advance" class="row">
      <Csrf token={csrf} />
      <label>Duration (ISO-8601, e.g. PT90M or P2DT3H)<input id="duration" name="duration" required maxlength={40} pattern="P.+" autocomplete="off" /></label>
      <button type="submit" class="primary">Advance</button>
    </form>
  </>
);

const Pending: FC<{ clock: ClockReading }> = ({ clock }) => (
  <>
    <h2>Pending timers ({clock.pending_count})</h2>
    {clock.pending.length === 0 ? <p>Nothing is waiting on the clock.</p> : (
      <table>
        <thead><tr><th scope="col">Due</th><th scope="col">In</th><th scope="col">What</th><th scope="col">Of</th></tr></thead>
        <tbody>{clock.pending.slice(0, 20).map((t) => (
          <tr><td>{when(t.at)}</td><td>{span(Date.parse(t.at) - Date.parse(clock.now))}</td><td>{t.kind}</td><td><code>{t.ref}</code></td></tr>))}
        </tbody>
      </table>
    )}
    {clock.pending_count > 20 && <p class="muted">The soonest 20 of {clock.pending_count}.</p>}
  </>
);

export const ClockPage: FC<{ clock: ClockReading | undefined; csrf: string; advanced?: string; error?: string }> = ({ clock, csrf, advanced, error }) => (
  <Layout title="Clock" csrf={csrf}>
    {!clock ? <NoClock /> : (
      <>
        <p role="status" id="advanced">{advanced ? `Moved forward by ${advanced}.` : ''}</p>
        <Problem message={error} />
        <table>
          <tbody>
            <tr><th scope="row">Mercado Pago's time (the sandbox's, and the gateway's)</th><td id="clock-now">{when(clock.now)}</td></tr>
            <tr><th scope="row">Wall clock</th><td>{when(clock.wall)}</td></tr>
            <tr><th scope="row">Ahead by</th><td id="clock-ahead">{span(clock.ahead_ms)}</td></tr>
          </tbody>
        </table>
        <Advance csrf={csrf} />
        <Pending clock={clock} />
      </>
    )}
  </Layout>
);
