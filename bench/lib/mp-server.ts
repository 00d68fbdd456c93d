// Child-process entry of bench/gateway.ts: the sandbox as the gateways' Mercado Pago, on its own port and core,
// with a real-time clock and webhooks delivered over HTTP (global fetch), as MP would. It keeps its state in
// memory (no data directory) and forgets final orders beyond 100k, as `cobro sandbox` does. Answers
// `{cmd: 'cpu'}` with its CPU time so far (µs).
import { createSandbox, listen } from '@cobro/sandbox';

const sb = createSandbox({ clock: 'realtime', retention: { maxFinalOrders: 100_000 } });
const running = await listen(sb, { port: 0, hostname: '127.0.0.1' });
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMicros: user + system });
  }
});
// Gone with the bench: a parent that died (Ctrl-C, a crash) must not leave servers holding ports and databases.
process.on('disconnect', () => process.exit(1));
process.on('SIGTERM', () => { sb.close(); void running.close().then(() => process.exit(0)); });
process.send!({ url: running.url });
