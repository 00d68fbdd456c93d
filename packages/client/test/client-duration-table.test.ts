// The client's ISO-8601 duration parser against the table the sandbox's parser is checked against too
// (packages/sandbox/test/fixtures/iso-durations.ts): the two accept and refuse the same strings with the same
// values, so an expiration the CLI or the gateway accepts is one the sandbox accepts, and the reverse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDurationMs, parseIsoDuration } from '../src/index.ts';
import { ISO_DURATION_CASES } from '../../sandbox/test/fixtures/iso-durations.ts';

test('isoDurationMs gives the shared table\'s value for every case; parseIsoDuration throws exactly on the refused', () => {
  for (const [input, ms] of ISO_DURATION_CASES) {
    assert.equal(isoDurationMs(input), ms, JSON.stringify(input));
    if (ms === undefined) assert.throws(() => parseIsoDuration(input), RangeError, JSON.stringify(input));
    else assert.equal(parseIsoDuration(input), ms);
  }
});
