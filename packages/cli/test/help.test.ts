// Every command answers --help (exit 0) and offers --json; usage errors are one line and exit 2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cobro, tempHome } from './helpers.ts';

const COMMANDS = [
  ['init'], ['doctor'], ['test-users', 'create'], ['test-users', 'list'], ['test-users', 'forget'], ['connect'], ['tokens', 'refresh'],
  ['stores', 'create'], ['stores', 'list'], ['stores', 'get'], ['stores', 'update'], ['stores', 'delete'],
  ['pos', 'create'], ['pos', 'list'], ['pos', 'get'], ['pos', 'update'], ['pos', 'delete'],
  ['charge'], ['listen'], ['sandbox'], ['sandbox', 'pay'], ['sandbox', 'clock'], ['sandbox', 'clock', 'advance'], ['sandbox', 'clock', 'set'], ['start'], ['gateway'], ['gateway', 'copy-to-postgres'],
  ['orders', 'get'], ['orders', 'list'], ['orders', 'cancel'], ['orders', 'refund'], ['payments', 'get'], ['payments', 'search'],
  ['payments', 'refund'], ['payments', 'cancel'], ['merchant-orders', 'get'], ['merchant-orders', 'search'], ['pos', 'unblock'],
  ['trigger'], ['events', 'list'], ['events', 'resend'], ['profiles', 'list'], ['profiles', 'show'], ['profiles', 'delete'], ['logout'], ['version'],
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
    assert.match(top.stdout, /Global flags \(every command\): --profile <name>, --base-url <url>, --json/);
  });

  it('cobro sandbox --help shows the defaults it serves with, not createSandbox\'s', async () => {
    const r = await cobro(['sandbox', '--help'], home.dir);
    const flat = r.stdout.replace(/\s+/g, ' ');
    assert.match(flat, /--retention <count\|age\|count,age\|off> .*?\(default: 100000\)/);
    assert.match(flat, /--clock <manual\|realtime> .*?\(default: realtime\)/);
    assert.doesNotMatch(flat, /--retention <[^>]*> [^-]*\(default: false\)/);
  });

  it('-v, --version and `version` print the version', async () => {
    const outs = await Promise.all([['-v'], ['--version'], ['version']].map((a) => cobro(a, home.dir)));
    for (const r of outs) assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match((await cobro(['version', '--json'], home.dir)).json().version, /^\d+\.\d+\.\d+$/);
  });

  it('with --json every usage error is one JSON object on stdout (unknown flag, bad value, typo)', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['charge', '10', '--pos', 'A', '--mode', 'x', '--json'], 'invalid_argument', /Allowed choices are static, dynamic, hybrid/],
      [['charge', '10', '--pos', 'A', '--colour', 'red', '--json'], 'unknown_option', /unknown option '--colour'/],
      [['chrage', '--json'], 'unknown_command', /unknown command 'chrage'; did you mean charge\?/],
      [['sandbox', 'pay', '1', '--card', 'A1', '--json'], 'usage', /not a test card holder name/],
      [['orders', 'lst', '--json'], 'unknown_command', /unknown command 'cobro orders lst'; did you mean list\?/],
      [['payments', '--json'], 'missing_subcommand', /`cobro payments` needs a subcommand: get, search, refund, cancel/],
    ];
    const results = await Promise.all(cases.map(([a]) => cobro(a, home.dir)));
    results.forEach((r, i) => {
      assert.equal(r.code, 2, cases[i][0].join(' '));
      const { ok, error } = r.json();
      assert.equal(ok, false);
      assert.equal(error.code, cases[i][1]);
      assert.match(error.message, cases[i][2]);
      assert.equal(error.exit_code, 2);
      assert.ok(error.fix, cases[i][0].join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
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
