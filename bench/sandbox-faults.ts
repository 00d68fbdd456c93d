// Cost of the fault-rule check on the sandbox's hot path: in-process requests through a Hono app behind a
// no-op middleware (baseline: the sandbox app always runs middleware, so Hono's compose is paid anyway),
// the same app behind faultMiddleware with no rules, and with one rule that never matches.
// Run: npx tsx bench/sandbox-faults.ts   (env BENCH_SECONDS)
import { Hono } from 'hono';
import { createSandbox } from '@cobro/sandbox';
import { faultMiddleware } from '../packages/sandbox/src/middleware/faults.ts';
import { faultStore } from '../packages/sandbox/src/faults/fault-rules.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);

function build(withFaults: 'none' | 'empty' | 'one-rule') {
  const sb = createSandbox({ seed: 'bench-faults' });
  const app = new Hono();
  app.use('*', withFaults === 'none' ? (_c, next) => next() : faultMiddleware(sb.state));
  if (withFaults === 'one-rule') faultStore(sb.state).add({ method: 'POST', path: '/v1/orders/:id/cancel', status: 500 });
  app.get('/v1/orders/:id', (c) => c.json({ id: c.req.param('id'), status: 'created' }));
  return app;
}

async function measure(app: Hono): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 200; i++) {
      const res = await app.fetch(new Request('http://sandbox/v1/orders/ORD01JE48XZBYRK6W22V7DFQRABEV'));
      await res.arrayBuffer();
    }
    n += 200;
  }
  return n / seconds;
}

const apps = { none: build('none'), empty: build('empty'), 'one-rule': build('one-rule') };
for (const app of Object.values(apps)) await measure(app); // warm-up
const base = await measure(apps.none);
const empty = await measure(apps.empty);
const one = await measure(apps['one-rule']);
console.log(`node ${process.version}, ${seconds} s each, in-process GET /v1/orders/{id}`);
console.log(`no-op middleware (baseline)  ${base.toFixed(0).padStart(8)} req/s`);
console.log(`fault middleware, no rules   ${empty.toFixed(0).padStart(8)} req/s  ratio ${(empty / base).toFixed(2)} (goal ≥ 0.95)`);
console.log(`fault middleware, 1 rule     ${one.toFixed(0).padStart(8)} req/s  ratio ${(one / base).toFixed(2)}`);
