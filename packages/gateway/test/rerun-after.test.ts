// The per-charge reconcile coalescing (services/rerun-after.ts): a doorbell that rings while its charge is being
// reconciled must still get a reconcile that starts after it rang, and only one, however many rang meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RerunAfter } from '../src/services/rerun-after.ts';

function gate<T>() {
  let open!: (v: T) => void;
  let fail!: (e: unknown) => void;
  const p = new Promise<T>((res, rej) => { open = res; fail = rej; });
  return { p, open, fail };
}

test('calls that come while one runs share one rerun, started only after the running one settles', async () => {
  const r = new RerunAfter<string>();
  const first = gate<string>();
  const log: string[] = [];
  const a = r.run('c1', () => { log.push('now'); return first.p; }, async () => { log.push('again'); return 'rerun'; });
  const b = r.run('c1', async () => { log.push('now-b'); return 'b'; }, async () => { log.push('again-b'); return 'rerun-b'; });
  const c = r.run('c1', async () => { log.push('now-c'); return 'c'; }, async () => { log.push('again-c'); return 'rerun-c'; });
  await new Promise((res) => setImmediate(res));
  assert.deepEqual(log, ['now'], 'nothing else starts while the first runs');
  first.open('first');
  assert.equal(await a, 'first');
  assert.equal(await b, 'rerun-b', 'the second caller gets the rerun');
  assert.equal(await c, 'rerun-b', 'the third shares it');
  assert.deepEqual(log, ['now', 'again-b'], 'exactly one rerun');
  assert.equal(r.size, 0);
});

test('a failed run still gets its rerun; other keys never wait', async () => {
  const r = new RerunAfter<string>();
  const first = gate<string>();
  const a = r.run('c1', () => first.p, async () => 'unused');
  const other = await r.run('c2', async () => 'c2 at once', async () => 'no');
  assert.equal(other, 'c2 at once');
  const b = r.run('c1', async () => 'no', async () => 'after the failure');
  first.fail(new Error('MP 500'));
  await assert.rejects(a, /MP 500/);
  assert.equal(await b, 'after the failure');
});

test('after everything settled, the next call runs at once', async () => {
  const r = new RerunAfter<number>();
  let n = 0;
  assert.equal(await r.run('c1', async () => ++n, async () => -1), 1);
  assert.equal(await r.run('c1', async () => ++n, async () => -1), 2);
  assert.equal(r.size, 0);
});
