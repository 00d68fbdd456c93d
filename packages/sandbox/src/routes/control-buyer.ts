import { Hono } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';

export function controlBuyerRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  void state;
  return app;
}
