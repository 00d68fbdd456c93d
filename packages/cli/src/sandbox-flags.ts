// Every option of `createSandbox` as a flag of `cobro sandbox`, from the sandbox's own table (OPTION_SPECS):
// `ordersRefundWindow` is `--orders-refund-window <days:payment|created>`, a boolean `ipn` is `--ipn` / `--no-ipn`.
// Nothing is wired by hand, so an option added to the sandbox is a flag here the same day. The table comes from
// the light subpath `@cobro/sandbox/options`: building the flags must not load the sandbox (hono) on every start.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { OPTION_SPECS, optionFlag, optionFromText, type OptionSpec, type SandboxOptions } from '@cobro/sandbox/options';

type Name = keyof typeof OPTION_SPECS;

/** What `cobro sandbox` serves with where createSandbox's own default does not suit a server left running:
 *  wall-clock time, and the newest 100k final orders kept (~200 MB) rather than all of them. */
export const SERVE_DEFAULTS = { clock: 'realtime', retention: { maxFinalOrders: 100_000 } } as const satisfies SandboxOptions;

type Defaults = { readonly [K in Name]?: unknown };

function describe(name: Name, spec: OptionSpec, defaults: Defaults): string {
  const d = name in defaults ? defaults[name] : spec.default;
  const shown = d === undefined ? '' : d === true ? ` (on by default; --no-${optionFlag(name)} turns it off)`
    : ` (default: ${asFlagText(d)})`;
  return `${spec.doc.replace(/`/g, '')}${shown}`;
}

/** A default as one would type it after the flag (retention `{ maxFinalOrders: 100000 }` reads `100000`). */
function asFlagText(d: unknown): string {
  if (typeof d !== 'object' || d === null) return String(d);
  const r = d as { maxFinalOrders?: number; maxAgeMs?: number };
  if (Object.keys(d).every((k) => k === 'maxFinalOrders' || k === 'maxAgeMs')) {
    return [r.maxFinalOrders, r.maxAgeMs === undefined ? undefined : `${r.maxAgeMs}ms`].filter((x) => x !== undefined).join(',');
  }
  return JSON.stringify(d);
}

/** Add a flag per sandbox option to `cmd`, except `skip` (options the command sets its own way); `defaults`: the
 *  command's own, where they differ from createSandbox's, so that --help shows what the command really does. */
export function addSandboxOptionFlags(cmd: Command, skip: readonly Name[] = [], defaults: Defaults = {}): Command {
  for (const [name, spec] of Object.entries(OPTION_SPECS) as [Name, OptionSpec][]) {
    if (spec.flag === 'none' || skip.includes(name)) continue;
    const flag = optionFlag(name);
    if (spec.flag === 'boolean') {
      cmd.addOption(new Option(`--${flag}`, describe(name, spec, defaults)).helpGroup('Sandbox behaviour (docs/sandbox.md#options):'));
      cmd.addOption(new Option(`--no-${flag}`).hideHelp());
      continue;
    }
    const parse = (text: string) => {
      try { return optionFromText(name, text); } catch (err) { throw new InvalidArgumentError((err as Error).message.replace(/^--\S+ /, '')); }
    };
    cmd.addOption(new Option(`--${flag} <${spec.placeholder ?? 'value'}>`, describe(name, spec, defaults)).argParser(parse)
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
