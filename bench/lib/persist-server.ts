// Child-process entry of bench/sandbox-persistence.ts: a sandbox on a port with one seller, store and POS,
// in memory (`memory`) or keeping its state in a data directory (`data <dir>`). Over IPC it answers how many
// orders it holds and the CPU time it has used (µs), which the bench turns into CPU per order.
import { createSandbox, listen } from '@cobro/sandbox';

const [kind, dir] = process.argv.slice(2);
const sb = createSandbox({ seed: 'bench-persist', webhookFetch: async () => new Response('ok'), ...(kind === 'data' && { dataDir: dir }) });
const seller = sb.control.accounts.create({ site_id: 'MLA' });
const headers = { authorization: `Bearer ${seller.access_token}`, 'content-type': 'application/json' };
for (const [path, body] of [
  [`/users/${seller.user_id}/stores`, {
    name: 'Bench', external_id: 'BENCH1',
    location: { street_number: '100', street_name: 'Florida', city_name: 'Palermo', state_name: 'Capital Federal', latitude: -34.6, longitude: -58.4 },
  }],
  ['/pos', { name: 'Caja', fixed_amount: true, external_store_id: 'BENCH1', external_id: 'BENCHPOS1' }],
] as const) {
  const res = await sb.fetch(`http://sandbox${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
}
const running = await listen(sb, { port: 0 });
process.on('message', () => {
  const cpu = process.cpuUsage();
  process.send!({ orders: sb.state.orders.size, cpuMicros: cpu.user + cpu.system });
});
process.on('SIGTERM', () => { void running.close().then(() => process.exit(0)); });
process.send!({ url: running.url, headers: { authorization: `Bearer ${seller.access_token}` } });
