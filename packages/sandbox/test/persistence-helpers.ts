// What the persistence tests share: a fresh data directory, a sandbox on it, and the whole state as plain JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../src/index.ts';
import { TABLES, type SandboxState } from '../src/state.ts';

/** The receiver: the seller's panel webhook fails (so a retry waits on the clock), everything else is 200. */
const receiver = async (req: Request): Promise<Response> =>
  new Response('no', { status: new URL(req.url).hostname === 'down.example' ? 500 : 200 });

/** Run `fn` with a fresh data directory, removed afterwards. */
export async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-persist-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function open(dir: string, seed = 'persist'): Sandbox {
  return createSandbox({ seed, dataDir: dir, webhookFetch: receiver });
}

/** The whole state as plain JSON: every table, the small values and the clock with its timers. */
export function dump(state: SandboxState): unknown {
  // In table order: creation order is what listings and the indexes rely on.
  const tables = Object.fromEntries(TABLES.map((t) => [t, [...state.table(t)]]));
  const clock = state.clock.snapshot();
  clock.timers.sort((a, b) => a.seq - b.seq);
  return JSON.parse(JSON.stringify({
    tables, clock, faults: state.faults, counters: state.counters, rng: state.rng.snapshot(), webhookRng: state.webhookRng.snapshot(), now: state.now(),
  }));
}

export const orderBody = (pos: string, over: Record<string, unknown> = {}) => ({
  type: 'qr', total_amount: '50.00', description: 'Cafe', external_reference: 'ref-1',
  config: { qr: { external_pos_id: pos, mode: 'dynamic' } }, transactions: { payments: [{ amount: '50.00' }] }, ...over,
});
