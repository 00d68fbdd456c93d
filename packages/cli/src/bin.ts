// The `cobro` command. Each subcommand lives in its own file under commands/.
// Exit codes: 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { chargeCommand } from './commands/charge.ts';
import { connectCommand, tokensCommand } from './commands/connect.ts';
import { doctorCommand } from './commands/doctor.ts';
import { initCommand } from './commands/init.ts';
import { listenCommand } from './commands/listen.ts';
import { posCommand } from './commands/pos.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { startCommand } from './commands/start.ts';
import { storesCommand } from './commands/stores.ts';
import { testUsersCommand } from './commands/test-users.ts';
import { EXIT, toCliError } from './errors.ts';
import { printError } from './output.ts';

const program = new Command('cobro')
  .description('Mercado Pago QR in-person payments: sandbox, setup checklist and tools')
  .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
  // Each command owns its options (`cobro sandbox pay --json` is pay's, not sandbox's).
  .enablePositionalOptions()
  .addHelpText('after', '\nExit codes: 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem. Guide: docs/cli.md');
for (const c of [initCommand(), doctorCommand(), testUsersCommand(), connectCommand(), tokensCommand(), storesCommand(),
  posCommand(), chargeCommand(), listenCommand(), sandboxCommand(), startCommand()]) program.addCommand(c);

function fullName(cmd: Command): string {
  return cmd.parent ? `${fullName(cmd.parent)} ${cmd.name()}` : cmd.name();
}

// Usage errors (unknown option, missing argument, bad value) are one line and exit 2; help exits 0.
function overrideExits(cmd: Command): void {
  cmd.exitOverride().configureOutput({
    outputError: (str, write) => write(`cobro: ${str.trim().replace(/^error: /, '')} — see \`${fullName(cmd)} --help\`\n`),
  });
  for (const sub of cmd.commands) overrideExits(sub);
}
overrideExits(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  const e = toCliError(err);
  printError(e, false);
  process.exit(e.exitCode);
});
