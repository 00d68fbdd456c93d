// The `cobro` command. Each subcommand lives in its own file under commands/.
// Exit codes: 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem, 130 Ctrl-C.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { chargeCommand } from './commands/charge.ts';
import { connectCommand, tokensCommand } from './commands/connect.ts';
import { doctorCommand } from './commands/doctor.ts';
import { eventsCommand } from './commands/events.ts';
import { initCommand } from './commands/init.ts';
import { listenCommand } from './commands/listen.ts';
import { merchantOrdersCommand } from './commands/merchant-orders.ts';
import { ordersCommand } from './commands/orders.ts';
import { paymentsCommand } from './commands/payments.ts';
import { posCommand } from './commands/pos.ts';
import { logoutCommand, profilesCommand } from './commands/profiles.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { gatewayCommand } from './commands/gateway.ts';
import { storesCommand } from './commands/stores.ts';
import { testUsersCommand } from './commands/test-users.ts';
import { triggerCommand } from './commands/trigger.ts';
import { CliError, EXIT, toCliError } from './errors.ts';
import { didYouMean } from './hints.ts';
import { printError, printJson, printLine } from './output.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** `--json` anywhere before `--`: even a usage error is then one JSON object on stdout. */
const wantsJson = (argv: string[]) => argv.slice(2, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');

const program = new Command('cobro')
  .description('Mercado Pago QR in-person payments: sandbox, setup checklist and tools')
  .version(VERSION, '-v, --version', 'print the version')
  // Each command owns its options (`cobro sandbox pay --json` is pay's, not sandbox's).
  .enablePositionalOptions()
  .addHelpText('after', `
Global flags (every command): --profile <name>, --base-url <url>, --json (one JSON document; errors too), -h/--help.
Environment: COBRO_PROFILE, COBRO_HOME, COBRO_ACCESS_TOKEN, COBRO_BASE_URL, … override the profile (docs/cli.md).
Exit codes: 0 ok, 1 failure or checks failed, 2 usage or bad input, 3 auth problem, 130 Ctrl-C. Guide: docs/cli.md`);
program.addCommand(new Command('version').description('print the version').option('--json', 'as {"version": …}')
  .action((o: { json?: boolean }) => (o.json ? printJson({ version: VERSION }) : printLine(VERSION))));
for (const c of [initCommand(), doctorCommand(), profilesCommand(), logoutCommand(), testUsersCommand(), connectCommand(), tokensCommand(),
  storesCommand(), posCommand(), chargeCommand(), ordersCommand(), paymentsCommand(), merchantOrdersCommand(), triggerCommand(),
  eventsCommand(), listenCommand(), sandboxCommand(), gatewayCommand(),
  gatewayCommand('start', 'start cobro on embedded defaults (what `npm start` runs): the gateway, its Mercado Pago the embedded sandbox')]) program.addCommand(c);

function fullName(cmd: Command): string {
  return cmd.parent ? `${fullName(cmd.parent)} ${cmd.name()}` : cmd.name();
}

// A group (`cobro orders`) run bare is a usage error naming its subcommands, with --json too.
function groupsNeedASubcommand(cmd: Command): void {
  for (const sub of cmd.commands) {
    const hasAction = Boolean((sub as unknown as { _actionHandler?: unknown })._actionHandler);
    if (sub.commands.length && !hasAction) {
      const names = sub.commands.map((c) => c.name());
      // Positional: a --json after the subcommand is the subcommand's, not this group's.
      sub.enablePositionalOptions().argument('[command]').usage('<command> [options]').option('--json', 'machine-readable output').action((word?: string) => {
        if (word) throw new CliError(`unknown command '${fullName(sub)} ${word}'${didYouMean(word, names)}`, `one of ${names.join(', ')}`, EXIT.usage, 'unknown_command');
        throw new CliError(`\`${fullName(sub)}\` needs a subcommand: ${names.join(', ')}`, `see \`${fullName(sub)} --help\``, EXIT.usage, 'missing_subcommand');
      });
    }
    groupsNeedASubcommand(sub);
  }
}
groupsNeedASubcommand(program);

// Usage errors (unknown option, missing argument, bad value) are one line and exit 2; help exits 0. The
// message is printed by the catch below, so that --json can turn it into a JSON object.
let failedCommand: Command = program;
function overrideExits(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: () => { failedCommand = cmd; } });
  for (const sub of cmd.commands) overrideExits(sub);
}
overrideExits(program);

/** commander's "error: unknown option '--colour'\n(Did you mean --color?)" as one line. */
function usageLine(err: CommanderError): string {
  return err.message.replace(/^error: /, '').replace(/\s*\n\s*\(Did you mean (.+)\?\)\s*$/s, '; did you mean $1?').replace(/\s*\n\s*/g, ' ');
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const json = wantsJson(process.argv);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) process.exit(EXIT.ok);
    // Help already printed as the answer to a bare `cobro`: nothing to add but the exit code.
    if (err.code === 'commander.help') process.exit(EXIT.usage);
    printError(new CliError(usageLine(err), `see \`${fullName(failedCommand)} --help\``, EXIT.usage, err.code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)), json);
    process.exit(EXIT.usage);
  }
  const e = toCliError(err);
  printError(e, json);
  process.exit(e.exitCode);
});
