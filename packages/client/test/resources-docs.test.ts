// Every ```ts example of docs/client.md and packages/client/README.md runs as written (against the sandbox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

test('docs/client.md and README examples run', async () => {
  const md = (await Promise.all(['docs/client.md', 'packages/client/README.md'].map((f) => readFile(join(root, f), 'utf8')))).join('\n');
  const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 11, `found ${blocks.length} examples`);
  // Under the repo's node_modules (git-ignored) so that @cobro/* resolve through the workspace links.
  const cache = join(root, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'cobro-docs-run-'));
  try {
    await Promise.all(blocks.map(async (code, i) => {
      const file = join(dir, `example-${i}.mts`);
      await writeFile(file, code);
      const r = await run(process.execPath, ['--conditions=@cobro/source', '--import', 'tsx', file], { cwd: root, timeout: 60_000 }).catch((e) => e);
      assert.ok(!(r instanceof Error), `example ${i + 1} failed:\n${code}\n${(r as { stderr?: string }).stderr ?? r}`);
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
