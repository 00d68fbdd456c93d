// `cobro merchant-orders get|search`: the legacy QR flow's order (`/merchant_orders`). Only status closed with
// approved payments covering total_amount means paid.
import { Command, Option } from 'commander';
import type { MerchantOrder } from '@cobro/client';
import { apiContext, type CommonOptions } from '../context.ts';
import { printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { numericId, page, pageFlags, type PageFlags } from '../search-flags.ts';

function lines(m: MerchantOrder): string {
  const out = [`merchant order ${m.id} — ${m.total_amount} ${m.status} (${m.order_status}), paid ${m.paid_amount} of ${m.total_amount}, external_reference ${m.external_reference}`];
  for (const p of m.payments ?? []) out.push(`  payment ${p.id} (classic id): ${p.transaction_amount} ${p.status}${p.status_detail ? ` (${p.status_detail})` : ''}`);
  return out.join('\n');
}

export function merchantOrdersCommand(): Command {
  const get = withCommon(new Command('get')).description('show a merchant order and its payments').argument('<id>', 'numeric id')
    .action(action(async (v: string, o: CommonOptions) => {
      const m = await apiContext(o).client.merchantOrders.get(numericId('merchant order', v, 'a merchant order id is a number (see `cobro merchant-orders search`)'));
      if (o.json) return printJson(m);
      printLine(lines(m));
    }));
  const search = pageFlags(withCommon(new Command('search')), 100).description('search merchant orders')
    .option('--external-reference <ref>', 'the sale\'s external_reference (the fallback when a notification was missed)')
    .addOption(new Option('--status <status>', 'only this status').choices(['opened', 'closed', 'expired']))
    .action(action(async (o: CommonOptions & PageFlags & { externalReference?: string; status?: 'opened' | 'closed' | 'expired' }) => {
      const { limit, offset } = page(o, 100);
      const r = await apiContext(o).client.merchantOrders.search({ external_reference: o.externalReference, status: o.status, limit, offset });
      if (o.json) return printJson(r);
      if (!r.elements?.length) return printLine('no merchant orders match');
      printLine(table(r.elements.map((m) => ({ id: m.id, status: m.status, order_status: m.order_status, total: m.total_amount, paid: m.paid_amount, external_reference: m.external_reference, created: m.date_created })),
        ['id', 'status', 'order_status', 'total', 'paid', 'external_reference', 'created']));
      printLine(`${offset + 1}–${offset + r.elements.length} of ${r.total}`);
    }));
  return new Command('merchant-orders').description('get and search merchant orders (legacy QR flow)').addCommand(get).addCommand(search);
}
