// kill -9 in the middle of a write loop: the directory still loads, and it holds every write the sandbox
// acknowledged more than a second before the kill (the journal is flushed and fsynced every 200 ms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../src/index.ts';
import { http, ok } from './http.ts';

const child = join(import.meta.dirname, 'fixtures', 'serve-persisted.ts');

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

test('after kill -9 during writes, every order acknowledged more than a second earlier is there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-crash-'));
  const proc = spawn(process.execPath, ['--conditions=@cobro/source', '--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = await once(proc.stdout!, 'data');
    const url = String(chunk).trim();
    const seller = await post(url, '/__sandbox/accounts', { site_id: 'MLA' });
    const auth = { authorization: `Bearer ${seller.access_token}` };
    await post(url, `/users/${seller.user_id}/stores`, {
      name: 'S', external_id: 'S1', location: { street_name: 'C', street_number: '1', city_name: 'Ciudad', state_name: 'Estado', latitude: -34.6, longitude: -58.4 },
    }, auth);
    await post(url, '/pos', { name: 'Caja', fixed_amount: true, external_store_id: 'S1', external_id: 'S1POS1' }, auth);
    const acked: { id: string; at: number }[] = [];
    let n = 0, killedAt = Infinity;
    const loop = async () => {
      while (killedAt === Infinity) {
        const i = ++n;
        try {
          const o = await post(url, '/v1/orders', {
            type: 'qr', total_amount: '10.00', external_reference: `r${i}`, config: { qr: { external_pos_id: 'S1POS1', mode: 'dynamic' } },
            transactions: { payments: [{ amount: '10.00' }] },
          }, { ...auth, 'x-idempotency-key': `k${i}` });
          acked.push({ id: o.id, at: performance.now() });
        } catch {
          return; // the kill
        }
      }
    };
    const loops = [loop(), loop(), loop(), loop()];
    // Kill once a good number of writes is older than a second, while the loops are still writing.
    while (acked.filter((a) => a.at < performance.now() - 1000).length < 50) await new Promise((r) => setTimeout(r, 50));
    killedAt = performance.now();
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
    await Promise.all(loops);

    const sb = createSandbox({ dataDir: dir }); // the stale lock of the killed process is taken over
    try {
      const call = http(sb, seller.access_token);
      const due = acked.filter((a) => a.at < killedAt - 1000);
      assert.ok(due.length >= 50);
      for (const a of due) assert.equal((await ok(call('GET', `/v1/orders/${a.id}`))).id, a.id);
    } finally {
      sb.close();
    }
  } finally {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
