// A compaction copies each entity's last journaled line instead of serialising it again (persist/line-index.ts):
// the copy is byte for byte, an entity changed, deleted or created while a compaction runs still loads as it
// stands, and keys the index cannot tell apart cheaply (escapes, non-ASCII, deletes) are serialised as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { LineBuffer } from '../src/persist/line-buffer.ts';
import { LineIndex } from '../src/persist/line-index.ts';
import type { TableName } from '../src/state.ts';
import { ok, seller } from './http.ts';
import { dump, open, orderBody, withDir } from './persistence-helpers.ts';

const line = (json: string) => `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
const snapshotText = (dir: string) => readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('snapshot-'))!), 'utf8');
const compact = (sb: ReturnType<typeof open>) => (sb.persistence as unknown as { compact(): Promise<void> }).compact();

test('a compaction copies an entity\'s last line byte for byte, and the directory loads the same state', () => withDir(async (dir) => {
  const a = open(dir);
  const s = await seller(a, { pos: 1 });
  await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id), { 'x-idempotency-key': 'copy-1' }));
  const store = a.state.stores.values().next().value!;
  const timer = a.state.clock.snapshot().timers[0]; // the order's expiry
  a.close();
  // The store's and the timer's last lines written with a space JSON.stringify never puts there: only a copy keeps it.
  const spaced = `{"t":"stores","k":${JSON.stringify(store.id)},"v":${JSON.stringify({ ...store, name: 'Renamed' }).replace('{', '{ ')}}`;
  const spacedTimer = `{"t":"$timer","k":${JSON.stringify(`${timer.kind}:${timer.ref}`)},"v":[ ${timer.at},${timer.seq}]}`;
  const journal = readdirSync(dir).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
  appendFileSync(join(dir, journal), line(spaced) + line(spacedTimer));
  const b = open(dir); // folds what it loaded into a snapshot
  const loaded = dump(b.state);
  await b.persistence!.settled();
  b.close();
  assert.ok(snapshotText(dir).includes(line(spaced)), 'the line was copied, not serialised again');
  assert.ok(snapshotText(dir).includes(line(spacedTimer)), 'the timer\'s line was copied');
  const c = open(dir);
  try {
    assert.deepEqual(dump(c.state), loaded);
    assert.equal(c.state.stores.peek(store.id)!.name, 'Renamed');
    await c.persistence!.settled(); // a copy of a copy
  } finally {
    c.close();
  }
  const d = open(dir);
  try {
    assert.deepEqual(dump(d.state), loaded);
  } finally {
    d.close();
  }
}));

test('after a torn line, what the load did not read is not copied either', () => withDir(async (dir) => {
  const a = open(dir);
  await seller(a, { pos: 1 });
  const store = a.state.stores.values().next().value!;
  a.close();
  // A torn line, then an intact-looking one: a load stops at the first, so the second never counted.
  const after = `{"t":"stores","k":${JSON.stringify(store.id)},"v":${JSON.stringify({ ...store, name: 'Never loaded' })}}`;
  const journal = readdirSync(dir).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
  appendFileSync(join(dir, journal), `0badc0de {"t":"stores","k":1,"v":{"torn"}\n${line(after)}`);
  const b = open(dir);
  const loaded = dump(b.state);
  await b.persistence!.settled();
  b.close();
  const c = open(dir);
  try {
    assert.equal(c.state.stores.peek(store.id)!.name, store.name);
    assert.deepEqual(dump(c.state), loaded);
  } finally {
    c.close();
  }
}));

test('entities changed, deleted and created while a compaction runs load as they stand after it', () => withDir(async (dir) => {
  const a = open(dir);
  const s = await seller(a, { pos: 1 });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    ids.push((await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id, { external_reference: `r-${i}` }), { 'x-idempotency-key': `k-${i}` }))).id);
  }
  const running = compact(a); // the switch to the next journal happens here; the snapshot goes on meanwhile
  await ok(s.call('POST', `/v1/orders/${ids[3]}/cancel`, undefined, { 'x-idempotency-key': 'cancel-3' }));
  a.state.orders.peek(ids[5])!.description = 'changed in place, then touched';
  a.state.orders.touch(ids[5]);
  a.state.orders.delete(ids[7]);
  await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id, { external_reference: 'late' }), { 'x-idempotency-key': 'late' }));
  await running;
  a.state.orders.peek(ids[9])!.description = 'changed after the snapshot';
  a.state.orders.touch(ids[9]);
  const before = dump(a.state);
  a.close();
  const b = open(dir);
  try {
    assert.deepEqual(dump(b.state), before);
    assert.equal(b.state.orders.peek(ids[3])!.status, 'canceled');
    assert.equal(b.state.orders.has(ids[7]), false);
  } finally {
    b.close();
  }
}));

test('the index copies plain keys\' last lines only: deletes, escaped and non-ASCII keys, other tables, torn tails and unreadable files are serialised; long lines are copied', () => withDir(async (dir) => {
  const path = join(dir, 'journal-1.jsonl');
  const lines = [
    '{"t":"$meta","v":{}}',
    '{"t":"orders","k":"A","v":{"n":1}}',
    '{"t":"orders","k":"B","v":{"n":1}}',
    '{"t":"orders","k":"A","v":{"n":2}}',
    '{"t":"orders","k":"B","d":1}',
    '{"t":"payments","k":7,"v":{"n":7}}',
    '{"t":"orders","k":"q\\"uote","v":{"n":3}}',
    '{"t":"orders","k":"ñandú","v":{"n":4}}',
    '{"v":{"n":5},"k":"C","t":"orders"}', // another writer's key order: read, but not copied
    '{"t":"unknown","k":"A","v":{}}',
    `{"t":"orders","k":"E","v":{"big":"${'x'.repeat(1500 << 10)}"}}`, // longer than a scan's chunk
    '{"t":"orders","k":"F","v":{"n":8}}',
  ].map(line);
  const intact = lines.join('');
  writeFileSync(path, intact + line('{"t":"orders","k":"D","v":{"n":6}}').slice(0, 20));
  const index = (await LineIndex.build([{ path, bytes: Buffer.byteLength(intact) }]))!;
  /** What the index copies for a key: the line as on disk, or undefined (to serialise). */
  const copied = (name: TableName, key: unknown) => {
    const out = new LineBuffer();
    if (!index.copy(name, key, out)) return undefined;
    const file = join(dir, 'out.jsonl');
    const fd = openSync(file, 'w');
    out.writeTo(fd);
    closeSync(fd);
    return readFileSync(file, 'utf8');
  };
  try {
    assert.equal(copied('orders', 'A'), lines[3]);
    assert.equal(copied('payments', 7), lines[5]);
    assert.equal(copied('orders', 'E'), lines[10]);
    assert.equal(copied('orders', 'F'), lines[11]);
    assert.equal(copied('orders', 'B'), undefined);
    assert.equal(copied('orders', 'q"uote'), undefined);
    assert.equal(copied('orders', 'ñandú'), undefined);
    assert.equal(copied('orders', 'C'), undefined);
    assert.equal(copied('orders', 'D'), undefined);
    assert.equal(copied('stores', 'A'), undefined);
    assert.equal(copied('payments', 8), undefined);
    assert.equal(copied('payments', '7'), undefined);
  } finally {
    index.close();
  }
  // A file that cannot be read back any more: the entity is serialised, the compaction does not fail.
  assert.equal(copied('orders', 'A'), undefined);
}));
