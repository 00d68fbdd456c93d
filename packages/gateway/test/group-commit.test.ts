// Group commit (src/db/group-commit.ts): the first call goes alone and at once; calls that arrive while a statement
// is in flight go together in the next one; two calls with the same key never share a statement; a failed
// statement sends each of its items again alone, so only the item that fails alone fails its caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from '../src/db/group-commit.ts';

function recorder(fail: (items: readonly string[]) => boolean = () => false) {
  const sent: string[][] = [];
  let release: (() => void) | undefined;
  const gate = () => new Promise<void>((r) => { release = r; });
  let hold = gate();
  const g = new GroupCommit<string, string>({
    many: async (items) => { sent.push([...items]); await hold; if (fail(items)) throw new Error('refused'); return items.map((i) => `${i}!`); },
    one: async (item) => { sent.push([item]); await hold; if (item.startsWith('bad')) throw new Error(`${item} refused`); return `${item}!`; },
    key: (item) => item.split(':')[0],
  });
  return { g, sent, open: () => { release!(); hold = Promise.resolve(); } };
}

test('the first call is sent alone at once; calls made while it is in flight share the next statement', async () => {
  const { g, sent, open } = recorder();
  const first = g.run('a');
  assert.deepEqual(sent, [['a']], 'sent before anything else queues');
  const rest = ['b', 'c', 'd'].map((x) => g.run(x));
  assert.equal(sent.length, 1, 'nothing else is sent while the first is in flight');
  open();
  assert.deepEqual(await Promise.all([first, ...rest]), ['a!', 'b!', 'c!', 'd!']);
  assert.deepEqual(sent, [['a'], ['b', 'c', 'd']]);
});

test('two calls with one key are never in the same statement', async () => {
  const { g, sent, open } = recorder();
  const all = [g.run('x:1'), g.run('y:1'), g.run('y:2'), g.run('z:1'), g.run('y:3')];
  open();
  await Promise.all(all);
  assert.deepEqual(sent, [['x:1'], ['y:1', 'z:1'], ['y:2'], ['y:3']]);
});

test('a refused statement: each item again alone, and only the bad one fails its caller', async () => {
  const { g, sent, open } = recorder((items) => items.some((i) => i.startsWith('bad')));
  const first = g.run('a');
  const batch = [g.run('b'), g.run('bad'), g.run('c')].map((p) => p.then((v) => ({ ok: v }), (e: Error) => ({ err: e.message })));
  open();
  await first;
  assert.deepEqual(await Promise.all(batch), [{ ok: 'b!' }, { err: 'bad refused' }, { ok: 'c!' }]);
  assert.deepEqual(sent, [['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  assert.equal(await g.run('d'), 'd!', 'and the next call goes on as before');
});
