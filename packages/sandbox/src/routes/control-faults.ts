// /__sandbox/faults: add, list and remove fault rules (see faults/fault-rules.ts).
import { Hono } from 'hono';
import { readJson, type Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { faultStore } from '../faults/fault-rules.ts';

export function controlFaultRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();
  const store = faultStore(state);
  app.post('/__sandbox/faults', async (c) => c.json(store.add(await readJson(c, 'classic', { required: true })), 201));
  app.get('/__sandbox/faults', (c) => c.json({ results: store.list() }));
  app.delete('/__sandbox/faults', (c) => c.json({ deleted: store.clear() }));
  app.delete('/__sandbox/faults/:id', (c) => {
    const id = c.req.param('id');
    if (!store.remove(id)) throw classicError(404, 'not_found', `Fault rule ${id} not found.`);
    return c.body(null, 204);
  });
  return app;
}
