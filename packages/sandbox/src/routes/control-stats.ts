// /__sandbox/stats: counts of everything the sandbox holds (see control/stats.ts).
import { Hono } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { statsView } from '../control/stats.ts';

export function controlStatsRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/__sandbox/stats', (c) => c.json(statsView(state)));
  return app;
}
