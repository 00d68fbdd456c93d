// Every option of `createSandbox` as a flag of `cobro sandbox`, from the sandbox's own table (OPTION_SPECS):
// `ordersRefundWindow` is `--orders-refund-window <days:payment|created>`, a boolean `ipn` is `--ipn` / `--no-ipn`.
// Nothing is wired by hand, so an option added to the sandbox is a flag here the same day. The table comes from
// the light subpath `@cobro/sandbox/options`: building the flags must not load the sandbox (hono) on every start.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { OPTION_SPECS, optionFlag, optionFromText, type OptionSpec, type SandboxOptions } from '@cobro/sandbox/options';

type Name = keyof typeof OPTION_SPECS;

function describe(name: Name, spec: OptionSpec): string {
  const d = spec.default;
  const shown = d === undefined ? '' : d === true ? ` (on by default; --no-${optionFlag(name)} turns it off)`
    : ` (default: ${typeof d === 'object' ? JSON.stringify(d) : String(d)})`;
  return `${spec.doc.replace(/`/g, '')}${shown}`;
}

/** Add a flag per sandbox option to `cmd`, except `skip` (options the command sets its own way). */
export function addSandboxOptionFlags(cmd: Command, skip: readonly Name[] = []): Command {
  for (const [name, spec] of Object.entries(OPTION_SPECS) as [Name, OptionSpec][]) {
    if (spec.flag === 'none' || skip.includes(name)) continue;
    const flag = optionFlag(name);
    if (spec.flag === 'boolean') {
      cmd.addOption(new Option(`--${flag}`, describe(name, spec)).helpGroup('Sandbox behaviour (docs/sandbox.md#options):'));
      cmd.addOption(new Option(`--no-${flag}`).hideHelp());
      continue;
    }
    const parse = (text: string) => {
      try { return optionFromText(name, text); } catch (err) { throw new InvalidArgumentError((err as Error).message.replace(/^--\S+ /, '')); }
    };
    cmd.addOption(new Option(`--${flag} <${spec.placeholder ?? 'value'}>`, describe(name, spec)).argParser(parse)
      .helpGroup('Sandbox behaviour (docs/sandbox.md#options):'));
  }
  return cmd;
}

/** The sandbox options among a command's parsed options (commander names them as the sandbox does). */
export function sandboxOptionsFrom(opts: Record<string, unknown>): SandboxOptions {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(OPTION_SPECS) as [Name, OptionSpec][]) {
    if (spec.flag !== 'none' && opts[name] !== undefined) out[name] = opts[name];
  }
  return out as SandboxOptions;
}
