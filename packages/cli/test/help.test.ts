// Every command answers --help (exit 0) and offers --json; usage errors are one line and exit 2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cobro, tempHome } from './helpers.ts';

const COMMANDS = [
  ['init'], ['doctor'], ['test-users', 'create'], ['test-users', 'list'], ['test-users', 'forget'], ['connect'], ['tokens', 'refresh'],
  ['stores', 'create'], ['stores', 'list'], ['stores', 'get'], ['stores', 'update'], ['stores', 'delete'],
  ['pos', 'create'], ['pos', 'list'], ['pos', 'get'], ['pos', 'update'], ['pos', 'delete'],
  ['charge'], ['listen'], ['sandbox'], ['sandbox', 'pay'], ['start'],
];

let home: ReturnType<typeof tempHome>;
before(() => { home = tempHome(); });
after(() => home.cleanup());

describe('cobro --help', () => {
  it('every command has --help (exit 0) listing --json', async () => {
    const results = await Promise.all(COMMANDS.map((c) => cobro([...c, '--help'], home.dir)));
    results.forEach((r, i) => {
      assert.equal(r.code, 0, COMMANDS[i].join(' '));
      assert.match(r.stdout, /--json/, COMMANDS[i].join(' '));
    });
    const top = await cobro(['--help'], home.dir);
    assert.match(top.stdout, /Exit codes: 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem/);
  });

  it('an unknown command or option is one line on stderr and exit 2', async () => {
    for (const args of [['frobnicate'], ['charge', '10', '--pos', 'A', '--colour', 'red'], ['pos', 'get']]) {
      const r = await cobro(args, home.dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^cobro: /);
    }
  });
});
