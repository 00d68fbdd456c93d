// A compaction folds the files a load would read into one snapshot on a worker thread (persist/merge.ts): each
// entity's last line is copied byte for byte, an entity changed, deleted or created while a compaction runs still
// loads as it stands, and when the fold cannot run the snapshot is written from the state.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { mergeFiles, mergeInWorker } from '../src/persist/merge.ts';
import { worthCompacting } from '../src/persist/compaction-policy.ts';
import { ok, seller } from './http.ts';
import { dump, open, orderBody, withDir } from './persistence-helpers.ts';

const line = (json: string) => `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
const snapshotText = (dir: string) => readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('snapshot-'))!), 'utf8');
const compact = (sb: ReturnType<typeof open>) => (sb.persistence as unknown as { compact(): Promise<void> }).compact();

/** A sandbox on `dir` with a seller, a POS and one order on disk, and console.error captured (the failures below log). */
async function withOrder(dir: string, t: TestContext) {
  const a = open(dir);
  const s = await seller(a, { pos: 1 });
  await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id), { 'x-idempotency-key': 'first' }));
  await a.persistence!.settled();
  return { a, s, errors: t.mock.method(console, 'error', () => {}) };
}

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

test('the fold keeps each key\'s last line in the place it was first set, drops deletes, copies every line byte for byte, across files and up to their intact end', () => withDir(async (dir) => {
  const lines = [
    '{"t":"$meta","v":{}}',
    '{"t":"orders","k":"A","v":{"n":1}}',
    '{"t":"orders","k":"B","v":{"n":1}}',
    '{"t":"orders","k":"A","v":{"n":2}}',
    '{"t":"orders","k":"B","d":1}',
    '{"t":"payments","k":7,"v":{"n":7}}',
    '{"t":"orders","k":"q\\"uote","v":{"n":3}}',
    '{"t":"orders","k":"ñandú","v":{"n":4}}',
    '{"v":{"n":5},"k":"C","t":"orders"}', // another writer's key order
    '{"t":"unknown","k":"A","v":{}}', // a table of a later version: kept
    `{"t":"orders","k":"E","v":{"big":"${'x'.repeat(9 << 20)}"}}`, // longer than a read chunk and the write stage
    '{"t":"orders","k":"F","v":{"n":8}}',
    '{"t":"orders","k":"B","v":{"n":9}}', // set again after its delete: after F
    '{"t":"$timer","k":"order.expire:X","v":[1,2]}',
    '{"t":"$meta","v":{"x":1}}',
    '{"t":"orders","k":"ñandú","d":1}',
    '{"t":"payments","k":7,"v":{"n":70}}',
  ].map(line);
  const files = [
    { path: join(dir, 'snapshot-1.jsonl'), text: lines.slice(0, 8).join('') },
    { path: join(dir, 'journal-1.jsonl'), text: lines.slice(8).join('') },
  ];
  for (const f of files) writeFileSync(f.path, f.text);
  // A torn tail past where the load stopped: not folded.
  appendFileSync(files[1].path, line('{"t":"orders","k":"D","v":{"n":6}}').slice(0, 20));
  const input = { files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.text) })), out: join(dir, 'out.tmp'), generation: 7 };
  const expected = [line('{"t":"$head","format":1,"generation":7}'), lines[14], lines[13], lines[3], lines[6], lines[8], lines[10], lines[11], lines[12], lines[16], lines[9], line('{"t":"$end","n":8}')].join('');
  const result = mergeFiles(input, fs, crc32);
  assert.equal(readFileSync(input.out, 'utf8'), expected);
  assert.deepEqual(result, { bytes: Buffer.byteLength(expected), lines: 12, entities: 8 });
  // The same on its worker thread.
  rmSync(input.out);
  assert.deepEqual(await mergeInWorker(input).done, result);
  assert.equal(readFileSync(input.out, 'utf8'), expected);
  // A damaged line inside the intact part fails the fold (the caller writes from the state) and leaves no file.
  rmSync(input.out);
  writeFileSync(files[0].path, files[0].text.replace('"n":1}', '"n":3}'));
  assert.throws(() => mergeFiles(input, fs, crc32), /damaged line at byte/);
  assert.equal(existsSync(input.out), false);
  await assert.rejects(mergeInWorker(input).done, /damaged line/);
}));

test('when the fold cannot run, the snapshot is written from the state, and the directory loads the same', (t) => withDir(async (dir) => {
  const { a, errors } = await withOrder(dir, t);
  // A basis file that is gone: the worker fails on it.
  (a.persistence as unknown as { basis: { path: string; bytes: number }[] }).basis.push({ path: join(dir, 'gone.jsonl'), bytes: 10 });
  await compact(a);
  assert.match(String(errors.mock.calls[0]?.arguments[0]), /writing the snapshot from the state/);
  const before = dump(a.state);
  a.close();
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('snapshot-')).length, 1);
  const b = open(dir);
  try {
    assert.deepEqual(dump(b.state), before);
  } finally {
    b.close();
  }
}));

test('a journal is compacted once it outgrows the threshold and four snapshots, and only when half of it is superseded lines', () => {
  const MB = 1 << 20;
  // Orders piling up, never changed: every line is live, so a snapshot would be a copy of the journal.
  const growing = { journalBytes: 100 * MB, snapshotBytes: 0, bytes: 100 * MB, lines: 300_000, live: 300_000 };
  assert.equal(worthCompacting(growing, 64 * MB), false);
  // The same orders paid and expired: their earlier lines are superseded, most of the journal is reclaimable.
  assert.equal(worthCompacting({ ...growing, lines: 600_000 }, 64 * MB), true);
  // Half superseded is enough; less is not.
  assert.equal(worthCompacting({ ...growing, live: 150_000 }, 64 * MB), true);
  assert.equal(worthCompacting({ ...growing, live: 160_000 }, 64 * MB), false);
  // Below the threshold, or below four times the last snapshot, never.
  assert.equal(worthCompacting({ ...growing, journalBytes: 60 * MB, lines: 600_000 }, 64 * MB), false);
  assert.equal(worthCompacting({ ...growing, snapshotBytes: 30 * MB, bytes: 130 * MB, lines: 600_000 }, 64 * MB), false);
  // Past 16 times the threshold, whatever the estimate.
  assert.equal(worthCompacting({ ...growing, journalBytes: 1100 * MB, bytes: 1100 * MB }, 64 * MB), true);
});

test('after a journal write fails, the next tick replaces the files with a snapshot written from the state, and nothing is lost', (t) => withDir(async (dir) => {
  const { a, s, errors } = await withOrder(dir, t);
  // The journal's descriptor goes bad (as a full disk or a failing device would make its writes fail).
  const journal = (a.persistence as unknown as { journal: { fd: number } }).journal;
  const fd = journal.fd;
  journal.fd = 1 << 20;
  try {
    await ok(s.call('POST', '/v1/orders', orderBody(s.pos[0].external_id, { external_reference: 'lost-write' }), { 'x-idempotency-key': 'during' }));
    const until = Date.now() + 5000;
    while (!readdirSync(dir).some((f) => /^snapshot-\d+\.jsonl$/.test(f)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await a.persistence!.settled();
    assert.match(String(errors.mock.calls[0]?.arguments[0]), /could not write the journal/);
    const before = dump(a.state);
    a.close();
    const b = open(dir);
    try {
      assert.deepEqual(dump(b.state), before);
      assert.ok([...b.state.orders.values()].some((o) => o.external_reference === 'lost-write'));
    } finally {
      b.close();
    }
  } finally {
    fs.closeSync(fd);
  }
}));
