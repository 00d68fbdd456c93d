// `cobro pos unblock <pos>`: a POS holds one pending order, and a crashed or abandoned charge leaves the next
// one failing with `already_queued_order_on_pos`. MP cannot list a POS's Orders API orders, so the
// candidates are the orders cobro created there (its local log), the legacy in-store order MP does show per
// POS, and on the sandbox the order its printed QR shows right now (`GET /__sandbox/scan?pos_id=…`, a scan
// preview that locks nothing).
// Every cancel goes through Mercado Pago's own API.
import { NotFoundError } from '@cobro/client';
import { Command } from 'commander';
import { ordersOf } from '../config/order-log.ts';
import { apiContext, type ApiContext, type CommonOptions } from '../context.ts';
import { hint, mark, printJson, printLine } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { SandboxControl } from '../sandbox-control.ts';
import { cancelOrder } from './orders.ts';
import { findPos } from './pos.ts';

const unlessMissing = (err: unknown) => { if (err instanceof NotFoundError) return undefined; throw err; };

/** The pending Orders API order the sandbox shows on the POS's printed QR (none off the sandbox). */
async function sandboxPending(ctx: ApiContext, posId: number | string): Promise<string | undefined> {
  const sb = new SandboxControl(ctx.baseUrl);
  if (!(await sb.detect())) return undefined;
  const r = await sb.call<{ kind?: string; order_id?: string }>('GET', `/scan?pos_id=${encodeURIComponent(String(posId))}`);
  return r.status === 200 && r.body.kind === 'order' ? r.body.order_id : undefined;
}

export function unblockCmd(): Command {
  return withCommon(new Command('unblock'))
    .description('cancel whatever pending order holds a POS (cobro\'s own orders, the legacy in-store order, and on the sandbox any order)')
    .argument('<pos>', 'POS id or external_id')
    .action(action(async (ref: string, o: CommonOptions) => {
      const ctx = apiContext(o);
      const pos = await findPos(ctx, ref);
      const ext = pos.external_id ?? ref;
      const canceled: string[] = [];
      const candidates = ordersOf(ctx.profile.name, ctx.baseUrl).filter((x) => x.pos === ext).map((x) => x.id);
      const shown = await sandboxPending(ctx, pos.id);
      if (shown && !candidates.includes(shown)) candidates.push(shown);
      for (const id of candidates) {
        const order = await ctx.client.orders.get(id).catch(unlessMissing);
        if (order?.status === 'created') canceled.push((await cancelOrder(ctx, order.id)).id);
      }
      const me = await ctx.client.users.me();
      const legacy = await ctx.client.instoreOrders.get(me.id, ext).catch(unlessMissing);
      if (legacy) {
        await ctx.client.instoreOrders.delete(me.id, ext);
        canceled.push(`in-store order${legacy.external_reference ? ` ${legacy.external_reference}` : ''}`);
      }
      if (o.json) return printJson({ ok: true, pos: { id: pos.id, external_id: ext }, canceled });
      if (!canceled.length) return hint(`${mark.ok} POS ${ext} holds no pending order cobro knows of (orders created by other software: cancel them by id, \`cobro orders cancel <ORD…>\`)`);
      printLine(`${mark.ok} POS ${ext} is free: canceled ${canceled.join(', ')}`);
    }));
}
