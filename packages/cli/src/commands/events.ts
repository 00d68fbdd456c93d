// `cobro events list|resend <id>`: the sandbox's webhook delivery log (`/__sandbox/webhooks`), like the
// Events page of a dashboard: what was sent where, what the receiver answered, and send it again.
import { Command, Option } from 'commander';
import type { CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { profileSandbox } from '../sandbox-control.ts';

export interface Delivery {
  id: string; kind: string; topic: string; type: string; action: string; resource_id: string; status: string; created_at: string;
  next_attempt_at: string | null; request: { url: string };
  attempts: Array<{ number: number; at: string; status: number | null; error: string | null; replay: boolean; request_id: string }>;
}

const lastAttempt = (d: Delivery) => {
  const a = d.attempts.at(-1);
  return a ? (a.status ?? a.error ?? 'no answer') : '—';
};

export function deliveryRows(list: Delivery[]): Array<Record<string, unknown>> {
  return list.map((d) => ({ id: d.id, created: d.created_at, event: d.action || d.type, resource: d.resource_id, status: d.status, attempts: d.attempts.length, answer: lastAttempt(d), url: d.request.url }));
}

export const DELIVERY_COLUMNS = ['id', 'created', 'event', 'resource', 'status', 'attempts', 'answer', 'url'];

function listCmd(): Command {
  return withCommon(new Command('list')).description('the deliveries the sandbox sent (newest first)')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'held', 'delivered', 'failed', 'dropped']))
    .option('--topic <topic>', 'only this topic: order, payment, merchant_order, mp-connect')
    .option('--resource <id>', 'only deliveries about this order/payment id')
    .option('--limit <n>', 'at most this many', '20')
    .action(action(async (o: CommonOptions & { status?: string; topic?: string; resource?: string; limit: string }) => {
      if (!/^\d{1,4}$/.test(o.limit) || Number(o.limit) < 1) throw usageError(`--limit "${o.limit}" must be a whole number from 1 to 9999`);
      const sb = await profileSandbox(o);
      const q = new URLSearchParams(Object.entries({ status: o.status, topic: o.topic, resource_id: o.resource }).filter((e): e is [string, string] => e[1] !== undefined));
      const { results } = await sb.ok<{ results: Delivery[] }>('GET', `/webhooks${q.size ? `?${q}` : ''}`);
      const shown = results.slice(0, Number(o.limit));
      if (o.json) return printJson({ results: shown, total: results.length });
      if (!shown.length) return hint('no deliveries yet: the app needs a webhook URL (`cobro listen` sets one for as long as it runs), then `cobro trigger order.processed`');
      printLine(table(deliveryRows(shown), DELIVERY_COLUMNS));
    }));
}

function resendCmd(): Command {
  return withCommon(new Command('resend')).description('send a delivery again now (same body, new x-request-id and signature)')
    .argument('<id>', 'delivery id (`cobro events list`)')
    .action(action(async (id: string, o: CommonOptions) => {
      const sb = await profileSandbox(o);
      const d = await sb.ok<Delivery>('POST', `/webhooks/${encodeURIComponent(id)}/replay`, undefined, 'see the delivery ids with `cobro events list`');
      const a = d.attempts.at(-1);
      const ok = a?.status === 200 || a?.status === 201;
      if (o.json) return printJson({ ok, delivery: d });
      printLine(`${ok ? mark.ok : mark.fail} resent ${d.id} (${d.action || d.type} ${d.resource_id}) to ${d.request.url}: ${a ? (a.status ?? a.error) : 'not sent'}`);
      return ok ? 0 : 1;
    }));
}

export function eventsCommand(): Command {
  return new Command('events').description('the sandbox\'s webhook deliveries: list them, resend one')
    .addCommand(listCmd()).addCommand(resendCmd());
}
