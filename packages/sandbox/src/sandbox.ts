// createSandbox(): the stateful Mercado Pago emulator as a value. `fetch` plugs into any fetch-shaped client;
// `control` is the typed in-process twin of the `/__sandbox/` control plane.
import type { Hono } from 'hono';
import { buildApp } from './app.ts';
import type { Env } from './http.ts';
import { resolveOptions, type SandboxOptions } from './options.ts';
import { SandboxState } from './state.ts';
import { DROPPED } from './middleware/faults.ts';
import { installNotifier } from './notifications/notifications.ts';
import { installTimers } from './timers.ts';
import { accountsControl } from './control/accounts.ts';
import { buyerControl } from './control/buyer.ts';
import { clockControl } from './control/clock.ts';
import { faultsControl } from './control/faults.ts';
import { webhooksControl } from './control/webhooks.ts';
import { statsControl } from './control/stats.ts';
import { deliveries } from './notifications/deliveries.ts';
import { Persistence } from './persist/persistence.ts';
import { rebuild } from './indexes.ts';

function controls(state: SandboxState) {
  return {
    ...accountsControl(state),
    ...buyerControl(state),
    ...clockControl(state),
    ...faultsControl(state),
    ...webhooksControl(state),
    ...statsControl(state),
  };
}

export type SandboxControl = ReturnType<typeof controls>;

export interface Sandbox {
  /** A `fetch`-compatible handler: give it to any HTTP client as its transport. Any origin works. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The Hono app (for `app.request()` or mounting). */
  app: Hono<Env>;
  state: SandboxState;
  control: SandboxControl;
  /** The data directory's journal, when `dataDir` was given. */
  persistence?: Persistence;
  /** Stop real timers (realtime clock) so the process can exit; with `dataDir`, write what is pending and
   *  release the directory. */
  close(): void;
}

export interface CreateSandboxOptions extends SandboxOptions {
  /** Keep all state in this directory across restarts (journal + snapshots; one process at a time). Created
   *  when missing. Not part of the emulated behaviour, so it sits beside the options rather than among them. */
  dataDir?: string;
}

export function createSandbox(options: CreateSandboxOptions = {}): Sandbox {
  const { dataDir, ...rest } = options;
  if (dataDir !== undefined && (typeof dataDir !== 'string' || dataDir === '')) throw new RangeError(`dataDir must be a directory path, got ${JSON.stringify(dataDir)}`);
  const state = new SandboxState(resolveOptions(rest));
  installNotifier(state);
  installTimers(state);
  const persistence = dataDir === undefined ? undefined : new Persistence(state, dataDir);
  if (persistence) {
    rebuild(state); // the indexes are derived from the loaded tables
    deliveries(state).resume();
  }
  const app = buildApp(state);
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request && !init ? input : new Request(input, init);
    const res = await app.fetch(req);
    if (DROPPED.has(res)) {
      // A caller that gave up (timeout, abort) sees its own abort reason, as with a real fetch.
      if (req.signal.aborted) throw req.signal.reason;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    }
    return res;
  };
  const close = () => {
    persistence?.close(); // first: closing the clock drops its timers, which must be written as they stand
    state.clock.close();
  };
  return { fetch, app, state, control: controls(state), persistence, close };
}
