// `cobro trigger <event>` (like `stripe trigger`): on the sandbox, create what the event needs and drive it
// there — an order on one of the profile's POS, paid, declined, canceled, expired (by moving the virtual
// clock) or refunded — then list the webhook deliveries it caused.
import type { Order, Pos } from '@cobro/client';
import { Command } from 'commander';
import { logOrder } from '../config/order-log.ts';
import { apiContext, siteOf, type ApiContext, type CommonOptions } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { checkAmount } from '../amount-arg.ts';
import { didYouMean } from '../hints.ts';
import { mark, note, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { profileSandbox, type SandboxControl } from '../sandbox-control.ts';
import { DELIVERY_COLUMNS, deliveryRows, type Delivery } from './events.ts';
import { findPos } from './pos.ts';

export const EVENTS = ['order.processed', 'order.expired', 'order.canceled', 'order.refunded', 'payment.rejected'] as const;
type EventName = typeof EVENTS[number];

interface PayOutcome { payment_id: number; payment_status: string; payment_status_detail: string; status: string }
/** A pending timer: `kind` + `ref` (the resource it is about), or an older sandbox's `label`. */
export interface PendingTimer { at: string; kind?: string; ref?: string; label?: string }
export const timerText = (t: PendingTimer) => t.label ?? `${t.kind} ${t.ref}`;
interface ClockView { pending: PendingTimer[] }

/** Run every sandbox timer about this order (its expiry, its refund's completion) by moving the clock to the last one. */
async function runTimersOf(sb: SandboxControl, orderId: string): Promise<void> {
  const due = (await sb.ok<ClockView>('GET', '/clock')).pending.filter((p) => timerText(p).includes(orderId)).map((p) => p.at).sort();
  if (due.length) await sb.ok('POST', '/clock/set', { time: due.at(-1) });
}

async function somePos(ctx: ApiContext, ref: string | undefined): Promise<Pos> {
  if (ref) return findPos(ctx, ref);
  const first = (await ctx.client.pos.list({ limit: 1 })).results[0];
  if (!first) throw usageError('the account has no POS to trigger on', 'create one: `cobro pos create --name "Caja 1" --external-id CAJA1 --store SUC001`');
  return first;
}

async function drive(event: EventName, ctx: ApiContext, sb: SandboxControl, order: Order): Promise<{ order: Order; payments: PayOutcome[] }> {
  const qr = order.type_response!.qr_data;
  const pay = (card: string) => sb.ok<PayOutcome>('POST', '/pay', { qr_data: qr, card });
  const payments: PayOutcome[] = [];
  if (event === 'order.processed' || event === 'order.refunded') payments.push(await pay('APRO'));
  if (event === 'order.refunded') {
    await ctx.client.orders.refund(order.id);
    await runTimersOf(sb, order.id);
  }
  if (event === 'payment.rejected') {
    payments.push(await pay('OTHE'));
    // A declined card leaves the order payable; cancel it so the POS is free for the next charge.
    await ctx.client.orders.cancel(order.id);
  }
  if (event === 'order.canceled') await ctx.client.orders.cancel(order.id);
  if (event === 'order.expired') await runTimersOf(sb, order.id);
  await sb.ok('POST', '/webhooks/idle');
  return { order: await ctx.client.orders.get(order.id), payments };
}

export function triggerCommand(): Command {
  return withCommon(new Command('trigger'))
    .description('on the sandbox: create an order and drive it to an event, then show the webhooks it sent')
    .argument('<event>', EVENTS.join(' | '))
    .option('--pos <pos>', 'POS id or external_id (default: the account\'s first POS)')
    .option('--amount <amount>', 'order amount', '10.00')
    .addHelpText('after', '\norder.expired and order.refunded move the sandbox\'s virtual clock forward (to the expiry, to the refund\'s completion). payment.rejected cancels the order afterwards, so the POS stays free. Watch the webhooks arrive with `cobro listen` in another terminal.')
    .action(action(async (event: string, o: CommonOptions & { pos?: string; amount: string }) => {
      if (!(EVENTS as readonly string[]).includes(event)) {
        const near = EVENTS.find((e) => e.split('.')[1] === event.split('.').at(-1));
        throw usageError(`unknown event "${event}"${near ? `; did you mean ${near}?` : didYouMean(event, EVENTS)}`, `one of ${EVENTS.join(', ')}`);
      }
      const ctx = apiContext(o);
      const sb = await profileSandbox(o);
      const site = await siteOf(ctx);
      const amount = checkAmount(o.amount === '10.00' && site.decimals === 0 ? '1000' : o.amount, site, '--amount');
      const pos = await somePos(ctx, o.pos);
      const ext = pos.external_id;
      if (!ext) throw new CliError(`POS ${pos.id} has no external_id, which orders need`, 'pick another with --pos', EXIT.usage, 'usage');
      const created = await ctx.client.orders.createQr({
        amount, site: site.id, externalPosId: ext, mode: 'dynamic', externalReference: `trigger-${Date.now()}`,
        sponsorId: ctx.profile.effective.sponsor_id, expirationTime: event === 'order.expired' ? 'PT30S' : undefined,
        description: `cobro trigger ${event}`,
      });
      logOrder({ id: created.id, profile: ctx.profile.name, base_url: ctx.baseUrl, pos: ext, amount, external_reference: created.external_reference });
      const { order, payments } = await drive(event as EventName, ctx, sb, created);
      const ids = new Set([order.id, ...payments.map((p) => String(p.payment_id))]);
      const { results } = await sb.ok<{ results: Delivery[] }>('GET', '/webhooks');
      const deliveries = results.filter((d) => ids.has(d.resource_id)).reverse();
      if (o.json) return printJson({ ok: true, event, order, payments, deliveries });
      printLine(`${mark.ok} ${event}: order ${order.id} on POS ${ext} is ${order.status}${payments.map((p) => `; payment ${p.payment_id} ${p.payment_status} (${p.payment_status_detail})`).join('')}`);
      if (deliveries.length) printLine(table(deliveryRows(deliveries), DELIVERY_COLUMNS));
      else note('no webhooks were sent: the app has no webhook URL. Run `cobro listen` in another terminal and trigger again');
    }));
}
