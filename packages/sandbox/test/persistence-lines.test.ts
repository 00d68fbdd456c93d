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
