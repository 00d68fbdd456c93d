// The journal's line format (`<crc32 hex> <json>\n`) as persist/line-buffer.ts writes it and persist/records.ts
// reads it: multi-byte UTF-8, lines bigger than the buffer, lines taken back, and byte-for-byte the lines of the
// earlier writer (a string checksummed, hex-padded and joined), so old data directories and new ones read alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { keyJson, LineBuffer } from '../src/persist/line-buffer.ts';
import { JournalWriter } from '../src/persist/journal-writer.ts';
import { readRecords, type DiskRecord } from '../src/persist/records.ts';

/** The earlier writer's line for `json`. */
const oldLine = (json: string) => `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;

function written(fill: (b: LineBuffer) => void): { text: string; records: DiskRecord[]; torn: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-lines-'));
  try {
    const path = join(dir, 'journal-1.jsonl');
    const fd = openSync(path, 'w');
    const b = new LineBuffer();
    fill(b);
    b.writeTo(fd);
    closeSync(fd);
    const records: DiskRecord[] = [];
    const { torn } = readRecords(path, (r) => records.push(r));
    return { text: readFileSync(path, 'utf8'), records, torn };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('journal lines are byte for byte the earlier writer\'s, multi-byte text and leading-zero checksums included', () => {
  // A checksum below 0x10000000 has a leading zero digit the padding must keep.
  let small = '';
  for (let i = 0; !small; i++) if (crc32(`{"t":"orders","k":${i}}`) < 0x10000000) small = `{"t":"orders","k":${i}}`;
  const values = [{ description: 'Café con ñandú 🧉', n: 1 }, { description: '"quoted" \\ back\u2028slash' }];
  const { text, records, torn } = written((b) => {
    b.push(small);
    for (const [i, v] of values.entries()) b.push('{"t":"orders","k":', JSON.stringify(`ORD${i}`), ',"v":', JSON.stringify(v), '}');
  });
  const expected = [small, ...values.map((v, i) => JSON.stringify({ t: 'orders', k: `ORD${i}`, v }))];
  assert.equal(text, expected.map(oldLine).join(''));
  assert.equal(torn, false);
  assert.deepEqual(records.map((r) => r.v), [undefined, ...values]);
});

test('a line larger than the buffer keeps the lines before it, and a line taken back is not written', () => {
  const big = 'x'.repeat(600 << 10) + 'ü';
  const { records, torn } = written((b) => {
    b.push('{"t":"orders","k":"a","v":1}');
    b.push('{"t":"orders","k":"b","v":2}');
    b.unpush(); // unchanged since it was last written
    b.push('{"t":"orders","k":"c","v":', JSON.stringify(big), '}');
    assert.equal(b.bytes, Buffer.byteLength(`{"t":"orders","k":"c","v":${JSON.stringify(big)}}`));
    b.push('{"t":"orders","k":"d","v":4}');
  });
  assert.equal(torn, false);
  assert.deepEqual(records.map((r) => [r.k, r.v]), [['a', 1], ['c', big], ['d', 4]]);
});

test('a key\'s JSON is JSON.stringify\'s, byte for byte, for every kind of key', () => {
  const keys: unknown[] = [
    'ORD01KF0RDQG0SJJJJYM2P4FPC1D7', '241984249 POST /v1/orders persist-1', '', ' ', '~', '!#$%&\'()*+,-./:;<=>?@[]^_`{|}',
    'with "quotes"', 'back\\slash', 'tab\tnew\nline', '\u0000\u001f\u007f', 'Café ñandú', '🧉', '\ud800 lone', 'lone \udc00',
    '\u2028\u2029', 'order.expire:ORD01KF0RDQG0SJJJJYM2P4FPC1D7', 0, 7, -1, 1.5, 2 ** 53, NaN, null, true,
  ];
  for (let c = 0; c < 0x10000; c += 7) keys.push(`id-${String.fromCharCode(c)}-${c}`);
  for (const k of keys) assert.equal(keyJson(k), JSON.stringify(k), `key ${String(k)}`);
});

test('the journal writer: batches land in order; finish with a write in flight writes it at its place, and a file opened after gets none of it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-lines-'));
  try {
    const a = new JournalWriter(join(dir, 'journal-1.jsonl'));
    const batches = Array.from({ length: 5 }, (_, i) => Buffer.from(`${String(i).repeat(300_000)}\n`));
    const recycled: Buffer[] = [];
    for (const b of batches) a.append(b, (done) => recycled.push(done));
    await a.whenWritten();
    assert.deepEqual(recycled, batches, 'each batch is given back once written, in order');
    // Appended and finished at once: the first is in flight on the thread pool when finish writes it again.
    const late = [Buffer.from(`${'x'.repeat(4 << 20)}\n`), Buffer.from('tail\n')];
    for (const b of late) a.append(b);
    assert.ok((a as unknown as { writing?: unknown }).writing, 'a write is in flight');
    a.finish();
    assert.equal(a.bytes, 5 * 300_001 + (4 << 20) + 1 + 5);
    // A file opened right after must not receive the write that was in flight (its descriptor stays open until then).
    const b = new JournalWriter(join(dir, 'journal-2.jsonl'));
    b.append(Buffer.from('next\n'));
    b.finish();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(readFileSync(join(dir, 'journal-1.jsonl'), 'utf8'), Buffer.concat([...batches, ...late]).toString());
    assert.equal(readFileSync(join(dir, 'journal-2.jsonl'), 'utf8'), 'next\n');
    assert.throws(() => a.append(Buffer.from('x\n')), /is closed/);
    // Each generation's journal is a new file: an existing one is never written over.
    assert.throws(() => new JournalWriter(join(dir, 'journal-2.jsonl')), /EEXIST/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
