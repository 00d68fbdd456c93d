// The `cobro` command. Each subcommand lives in its own file under commands/.
import { Command } from 'commander';
import { sandboxCommand } from './commands/sandbox.ts';
import { startCommand } from './commands/start.ts';

const program = new Command('cobro')
  .description('Mercado Pago QR in-person payments: sandbox, setup checklist and tools')
  .showHelpAfterError();
program.addCommand(sandboxCommand());
program.addCommand(startCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`cobro: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
