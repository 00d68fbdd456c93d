// The data directory's lock when several sandboxes start at once on a directory whose last owner was killed:
// exactly one takes the stale lock over, every other one is refused naming the winner. Real processes, released
// together at one instant, several rounds. Also: a lock that holds no pid is a dead owner's; a live one is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataDirLockedError, lockDir } from '../src/persist/lock.ts';

const LOCK_MODULE = process.env.LOCK_MODULE ?? fileURLToPath(new URL('../src/persist/lock.ts', import.meta.url));

/** A pid that is certainly not running: a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

// Each child says whether it got the lock, then holds on until every child has said so (the file `release`): a
// winner that exited early would leave a stale lock for a late starter to take over, a second winner by design.
const CHILD = `
const { existsSync } = await import('node:fs');
const { lockDir } = await import(process.env.LOCK_MODULE);
const at = Number(process.env.AT);
while (Date.now() < at) {} // all released at the same instant
try { lockDir(process.env.DIR); console.log('got ' + process.pid); }
catch (e) { console.log(e.name === 'DataDirLockedError' ? 'refused ' + e.pid : 'error ' + e.message); }
while (!existsSync(process.env.DIR + '/release')) await new Promise((r) => setTimeout(r, 20));
`;

async function race(dir: string, n: number): Promise<string[]> {
  const at = Date.now() + 3000;
  const said: string[] = [];
  const children = Array.from({ length: n }, () => new Promise<string>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { env: { ...process.env, LOCK_MODULE, DIR: dir, AT: String(at) } });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (out.endsWith('\n') && said.push(out.trim()) === n) writeFileSync(join(dir, 'release'), '');
    });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', () => {
      if (!out.endsWith('\n')) writeFileSync(join(dir, 'release'), ''); // it died before saying: let the others go
      resolve(out.trim());
    });
  }));
  return Promise.all(children);
}

test('several sandboxes starting at once on a stale lock: exactly one takes it over, the others are refused naming it', { timeout: 120_000 }, async () => {
  for (let round = 0; round < 3; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'cobro-lock-race-'));
    writeFileSync(join(dir, 'LOCK'), `${deadPid()}\n`);
    const results = await race(dir, 6);
    const winners = results.filter((r) => r.startsWith('got '));
    assert.equal(winners.length, 1, `round ${round}: ${results.join(' | ')}`);
    const winner = winners[0]!.slice(4);
    for (const r of results.filter((x) => !x.startsWith('got '))) assert.equal(r, `refused ${winner}`, `round ${round}: ${results.join(' | ')}`);
  }
});

test('a lock that holds no pid is taken over; a live one is refused; release removes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cobro-lock-'));
  writeFileSync(join(dir, 'LOCK'), '');
  const release = lockDir(dir);
  assert.equal(readFileSync(join(dir, 'LOCK'), 'utf8'), `${process.pid}\n`);
  assert.throws(() => lockDir(dir), (e: unknown) => e instanceof DataDirLockedError && e.pid === process.pid, 'this process holds it already');
  release();
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  try {
    writeFileSync(join(dir, 'LOCK'), `${live.pid}\n`);
    assert.throws(() => lockDir(dir), (e: unknown) => e instanceof DataDirLockedError && e.pid === live.pid && /in use by process/.test(e.message));
    assert.equal(readFileSync(join(dir, 'LOCK'), 'utf8'), `${live.pid}\n`, 'a live owner\'s lock is left alone');
  } finally {
    live.kill();
  }
});
