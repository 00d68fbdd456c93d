// `cobro sandbox clock [advance <duration> | set <time>]`: the sandbox's virtual clock. Moving it runs every
// timer that falls due (order expiries, refund completion, webhook retries) and waits for their deliveries.
import { Command } from 'commander';
import type { CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { printJson, printLine } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { profileSandbox } from '../sandbox-control.ts';
import { timerText, type PendingTimer } from './trigger.ts';

interface ClockView { now: string; mode: string; pending_count?: number; pending: PendingTimer[] }

function show(c: ClockView, json: boolean | undefined, before?: string): void {
  if (json) return printJson(before ? { ...c, was: before } : c);
  printLine(`sandbox clock: ${c.now} (${c.mode})${before ? `, was ${before}` : ''}`);
  for (const p of c.pending.slice(0, 10)) printLine(`  next: ${p.at}  ${timerText(p)}`);
  const total = c.pending_count ?? c.pending.length;
  if (total > 10) printLine(`  … ${total - 10} more`);
}

export function clockCommand(): Command {
  // Options after `advance`/`set` are theirs (their own --profile/--json).
  const cmd = withCommon(new Command('clock')).enablePositionalOptions().description('show the sandbox\'s virtual time and what is due next; advance or set it')
    .action(action(async (o: CommonOptions) => show(await (await profileSandbox(o)).ok<ClockView>('GET', '/clock'), o.json)));
  cmd.addCommand(withCommon(new Command('advance')).description('move the clock forward and run what falls due')
    .argument('<duration>', '15m, 90s, 2h, 60d or ISO 8601 (PT15M)')
    .action(action(async (duration: string, o: CommonOptions) => {
      if (!/^(\d+(\.\d+)?(ms|s|m|h|d)|P[0-9DTHMS.]+)$/i.test(duration)) throw usageError(`"${duration}" is not a duration`, 'e.g. 15m, 90s, 2h, 60d or PT15M');
      const sb = await profileSandbox(o);
      const before = (await sb.ok<ClockView>('GET', '/clock')).now;
      show(await sb.ok<ClockView>('POST', '/clock/advance', { duration }), o.json, before);
    })));
  cmd.addCommand(withCommon(new Command('set')).description('move the clock forward to a time (never back)')
    .argument('<time>', 'ISO 8601, e.g. 2026-01-15T13:00:00Z')
    .action(action(async (time: string, o: CommonOptions) => {
      const sb = await profileSandbox(o);
      const before = (await sb.ok<ClockView>('GET', '/clock')).now;
      show(await sb.ok<ClockView>('POST', '/clock/set', { time }), o.json, before);
    })));
  return cmd;
}
