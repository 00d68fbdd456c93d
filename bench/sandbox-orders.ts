// Sandbox throughput: GET /v1/orders/{id} on the cobro sandbox as a ratio of a raw node:http hello world,
// both served from a child process and loaded by the same undici loop in this process, in one run.
// Run: npm run bench   (env BENCH_SECONDS, BENCH_CONNECTIONS)
import { load } from './lib/load.ts';
import { startServer } from './lib/server-process.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function measure(kind: string) {
  const server = await startServer(kind);
  try {
    await load({ ...server.target, connections, seconds: 1 }); // warm-up (JIT, keep-alive sockets)
    return await load({ ...server.target, connections, seconds });
  } finally {
    server.stop();
  }
}

const raw = await measure('raw');
const hono = await measure('hono');
const sandbox = await measure('sandbox');
const ratio = sandbox.rps / raw.rps;
console.log(`node ${process.version}, ${connections} connections, ${seconds} s each`);
console.log(`raw node:http hello world   ${raw.rps.toFixed(0).padStart(7)} req/s  (errors ${raw.errors})`);
console.log(`hono hello (framework ceiling) ${hono.rps.toFixed(0).padStart(6)} req/s  (ratio ${(hono.rps / raw.rps).toFixed(2)})`);
console.log(`sandbox GET /v1/orders/{id} ${sandbox.rps.toFixed(0).padStart(7)} req/s  (errors ${sandbox.errors})`);
console.log(`ratio sandbox/raw = ${ratio.toFixed(2)} (goal ≥ 0.50)`);
