// `cobro sandbox --data <dir>` keeps its state there: a second start has the same seller, store and POS, and
// what was charged before; a second start while one runs fails clearly instead of sharing the files.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cobro, Live, tempHome } from './helpers.ts';

async function started(dir: string, args = ['--data', join(dir, 'state')]): Promise<{ live: Live; info: any }> {
  const live = new Live(['sandbox', '--port', '0', '--json', ...args], dir);
  return { live, info: await live.line((l) => typeof l.url === 'string') };
}

describe('cobro sandbox --data keeps its state', () => {
  it('a second start keeps the seller, POS and orders; a concurrent one is refused', async () => {
    const h = tempHome();
    try {
      const first = await started(h.dir);
      assert.equal(first.info.data_dir, join(h.dir, 'state'));
      const order = await fetch(`${first.info.url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.info.seller.access_token}`, 'content-type': 'application/json', 'x-idempotency-key': 'k1' },
        body: JSON.stringify({ type: 'qr', total_amount: '10.00', external_reference: 'r1', config: { qr: { external_pos_id: 'CAJA1', mode: 'dynamic' } }, transactions: { payments: [{ amount: '10.00' }] } }),
      }).then((r) => r.json());
      const busy = await cobro(['sandbox', '--port', '0', '--json', '--data', join(h.dir, 'state')], h.dir);
      assert.equal(busy.code, 2);
      assert.match(busy.stdout + busy.stderr, /data directory .* is in use by process \d+/);
      assert.equal((await first.live.stop()).code, 0);

      const second = await started(h.dir);
      assert.equal(second.info.seller.user_id, first.info.seller.user_id);
      assert.equal(second.info.seller.access_token, first.info.seller.access_token);
      assert.equal(second.info.pos.id, first.info.pos.id);
      assert.equal(second.info.sponsor_id, first.info.sponsor_id);
      const again = await fetch(`${second.info.url}/v1/orders/${order.id}`, { headers: { authorization: `Bearer ${second.info.seller.access_token}` } });
      assert.equal(again.status, 200);
      // A start folds what it loaded into one snapshot, on a worker thread started from the bundle's own code.
      const until = Date.now() + 10_000;
      while (!readdirSync(join(h.dir, 'state')).some((f) => /^snapshot-\d+\.jsonl$/.test(f)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.ok(readdirSync(join(h.dir, 'state')).some((f) => /^snapshot-\d+\.jsonl$/.test(f)), 'the start compacted');
      const stopped = await second.live.stop();
      assert.equal(stopped.code, 0);
      assert.doesNotMatch(stopped.stderr, /failed|could not/, 'the fold ran on its worker, not the fallback');

      // Without --data: memory only, a new seller.
      const fresh = await started(h.dir, []);
      assert.equal(fresh.info.data_dir, null);
      assert.notEqual(fresh.info.seller.user_id, first.info.seller.user_id);
      await fresh.live.stop();
      assert.ok(existsSync(join(h.dir, 'state')));
    } finally {
      h.cleanup();
    }
  });
});
