// `cobro orders get|list|cancel|refund`: Orders API QR orders. MP has no order search, so `list` shows the
// orders cobro created with this profile (its local log), each fetched again for its current status.
import { ConflictError, NotFoundError, type Order } from '@cobro/client';
import { Command } from 'commander';
import { ordersOf } from '../config/order-log.ts';
import { apiContext, siteOf, type ApiContext, type CommonOptions } from '../context.ts';
import { CliError, EXIT, usageError } from '../errors.ts';
import { checkAmount } from '../amount-arg.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { orderLines } from '../views.ts';

const ORDER_ID = /^ORD[0-9A-Z]{26}$/;

export function checkOrderId(id: string): string {
  if (!ORDER_ID.test(id)) throw usageError(`"${id}" is not an order id`, 'an Orders API id is ORD followed by 26 letters and digits (see `cobro orders list`)');
  return id;
}

/** Cancel, explaining the one refusal a cashier meets: the buyer is paying right now. */
export async function cancelOrder(ctx: ApiContext, id: string): Promise<Order> {
  try {
    return await ctx.client.orders.cancel(id);
  } catch (err) {
    if (err instanceof ConflictError && err.code === 'instore_order_locked_error') {
      throw new CliError(`order ${id} was NOT canceled: the buyer is paying it right now (instore_order_locked_error)`,
        `wait for the payment to finish, then \`cobro orders get ${id}\` (refund it if it was paid: \`cobro orders refund ${id}\`)`, EXIT.failure, err.code, err.requestId);
    }
    throw err;
  }
}

function getCmd(): Command {
  return withCommon(new Command('get')).description('show an order: status, POS, transactions (both payment ids), refunds')
    .argument('<order_id>', 'ORD… id').action(action(async (id: string, o: CommonOptions) => {
      const order = await apiContext(o).client.orders.get(checkOrderId(id));
      if (o.json) return printJson(order);
      printLine(orderLines(order).join('\n'));
    }));
}

function listCmd(): Command {
  return withCommon(new Command('list')).description('the orders cobro created with this profile, newest first, with their current status')
    .option('--pos <external_pos_id>', 'only this POS').option('--status <status>', 'only this status (created, processed, expired, canceled, refunded)')
    .option('--limit <n>', 'at most this many', '20')
    .addHelpText('after', '\nMercado Pago has no order search: this reads the local log of orders made by `cobro charge` and `cobro trigger` and fetches each one. For payments made elsewhere: `cobro payments search`.')
    .action(action(async (o: CommonOptions & { pos?: string; status?: string; limit: string }) => {
      if (!/^\d{1,3}$/.test(o.limit) || Number(o.limit) < 1) throw usageError(`--limit "${o.limit}" must be a whole number from 1 to 999`);
      const ctx = apiContext(o);
      const logged = ordersOf(ctx.profile.name, ctx.baseUrl).filter((e) => !o.pos || e.pos === o.pos);
      const rows: Array<Record<string, unknown>> = [];
      let gone = 0;
      for (const e of logged) {
        if (rows.length >= Number(o.limit)) break;
        let order: Order | undefined;
        try {
          order = await ctx.client.orders.get(e.id);
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
        // Logged but unknown to the server: a sandbox that restarted without its data, say.
        if (!order) { gone++; continue; }
        const status = order.status;
        if (o.status && status !== o.status) continue;
        rows.push({ id: e.id, status, status_detail: order.status_detail, pos: e.pos, amount: order.total_amount, external_reference: e.external_reference ?? null, created: e.created });
      }
      if (o.json) return printJson({ results: rows, total: rows.length, source: 'local order log', not_found: gone });
      if (!rows.length) hint('no orders from cobro on this profile yet: `cobro charge 10 --pos CAJA1`');
      else printLine(table(rows, ['id', 'status', 'pos', 'amount', 'external_reference', 'created']));
      if (gone) printLine(`(${gone} logged order${gone > 1 ? 's' : ''} no longer found on ${ctx.baseUrl}: a restarted sandbox forgets its orders)`);
    }));
}

function cancelCmd(): Command {
  return withCommon(new Command('cancel')).description('cancel an order waiting for payment (status created)')
    .argument('<order_id>', 'ORD… id').action(action(async (id: string, o: CommonOptions) => {
      const order = await cancelOrder(apiContext(o), checkOrderId(id));
      if (o.json) return printJson(order);
      printLine(`${mark.ok} canceled order ${order.id} (${order.status})`);
    }));
}

function refundCmd(): Command {
  return withCommon(new Command('refund')).description('refund a paid order: all of it, or --amount of one transaction')
    .argument('<order_id>', 'ORD… id')
    .option('--amount <amount>', 'partial refund of this much (default: the whole order)')
    .option('--transaction <PAY…>', 'the transaction to refund partially (default: the order\'s first)')
    .addHelpText('after', '\nRefunds complete asynchronously: the answer says processing; `cobro orders get <id>` or the order.refunded webhook says when it is done.')
    .action(action(async (id: string, o: CommonOptions & { amount?: string; transaction?: string }) => {
      checkOrderId(id);
      if (o.transaction !== undefined && o.amount === undefined) throw usageError('--transaction needs --amount', 'a total refund takes no transaction: leave both out');
      const ctx = apiContext(o);
      let params;
      if (o.amount !== undefined) {
        const site = await siteOf(ctx);
        const amount = checkAmount(o.amount, site, '--amount');
        const tx = o.transaction ?? (await ctx.client.orders.get(id)).transactions?.payments?.[0]?.id;
        if (!tx) throw new CliError(`order ${id} has no transaction to refund`, `see \`cobro orders get ${id}\``, EXIT.usage, 'usage');
        params = { transactions: [{ id: tx, amount }], site: site.id };
      }
      const r = await ctx.client.orders.refund(id, params);
      if (o.json) return printJson(r);
      const refunds = r.transactions?.refunds ?? [];
      for (const x of refunds) printLine(`${mark.ok} refund ${x.id} of ${x.amount} on transaction ${x.transaction_id}: ${x.status}`);
      hint(`order ${r.id} is ${r.status}; the refund completes asynchronously: \`cobro orders get ${r.id}\` shows when`);
    }));
}

export function ordersCommand(): Command {
  return new Command('orders').description('get, list, cancel and refund Orders API QR orders')
    .addCommand(getCmd()).addCommand(listCmd()).addCommand(cancelCmd()).addCommand(refundCmd());
}
