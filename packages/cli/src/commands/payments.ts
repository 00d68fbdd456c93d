// `cobro payments get|search|refund|cancel`: classic payments (`/v1/payments`), the read side of every QR
// payment. An Orders API order is refunded with `cobro orders refund`; `payments refund` is for the
// legacy QR flows.
import { Command, Option } from 'commander';
import { checkAmount } from '../amount-arg.ts';
import { apiContext, siteOf, type CommonOptions } from '../context.ts';
import { mark, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';
import { numericId, page, pageFlags, type PageFlags } from '../search-flags.ts';
import { isPending, paymentLine, PENDING_NEXT } from '../views.ts';

const id = (v: string) => numericId('payment', v, 'a classic payment id is a number (the order shows it as "classic payment id"; see `cobro payments search`)');
const STATUSES = ['pending', 'approved', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'];

function getCmd(): Command {
  return withCommon(new Command('get')).description('show a payment by its classic id').argument('<payment_id>', 'numeric id')
    .action(action(async (pid: string, o: CommonOptions) => {
      const p = await apiContext(o).client.payments.get(id(pid));
      if (o.json) return printJson(p);
      printLine(paymentLine(p));
      if (isPending(p.status)) printLine(`  ${PENDING_NEXT}`);
      for (const r of p.refunds ?? []) printLine(`  refund ${r.id} of ${r.amount}: ${r.status}`);
    }));
}

function searchCmd(): Command {
  return pageFlags(withCommon(new Command('search')), 1000).description('search payments (newest first)')
    .option('--external-reference <ref>', 'the sale\'s external_reference')
    .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
    .option('--begin-date <iso>', 'created on or after (ISO 8601, or NOW-7DAYS)').option('--end-date <iso>', 'created on or before')
    .action(action(async (o: CommonOptions & PageFlags & { externalReference?: string; status?: string; beginDate?: string; endDate?: string }) => {
      const { limit, offset } = page(o, 1000);
      const dates = o.beginDate || o.endDate ? { range: 'date_created' as const, begin_date: o.beginDate ?? 'NOW-365DAYS', end_date: o.endDate ?? 'NOW' } : {};
      const r = await apiContext(o).client.payments.search({ external_reference: o.externalReference, status: o.status, limit, offset, sort: 'date_created', criteria: 'desc', ...dates });
      if (o.json) return printJson(r);
      if (!r.results.length) return printLine('no payments match');
      printLine(table(r.results.map((p) => ({ id: p.id, status: p.status, status_detail: p.status_detail, amount: `${p.transaction_amount} ${p.currency_id}`, order: p.order?.id, external_reference: p.external_reference, created: p.date_created })),
        ['id', 'status', 'status_detail', 'amount', 'order', 'external_reference', 'created']));
      printLine(`${offset + 1}–${offset + r.results.length} of ${r.paging.total}`);
    }));
}

function refundCmd(): Command {
  return withCommon(new Command('refund')).description('refund a legacy-flow payment: all of it, or --amount')
    .argument('<payment_id>', 'numeric id').option('--amount <amount>', 'partial refund of this much')
    .addHelpText('after', '\nOrders API payments (order ORD…) are refunded through the order: `cobro orders refund <order_id>`.')
    .action(action(async (pid: string, o: CommonOptions & { amount?: string }) => {
      const ctx = apiContext(o);
      const site = o.amount === undefined ? undefined : await siteOf(ctx);
      const r = await ctx.client.payments.refunds.create(id(pid), site ? { amount: checkAmount(o.amount!, site, '--amount'), site: site.id } : {});
      if (o.json) return printJson(r);
      printLine(`${mark.ok} refund ${r.id} of ${r.amount} on payment ${r.payment_id}: ${r.status}`);
    }));
}

function cancelCmd(): Command {
  return withCommon(new Command('cancel')).description('cancel a pending (in_process) payment; an approved one is refunded instead')
    .argument('<payment_id>', 'numeric id')
    .action(action(async (pid: string, o: CommonOptions) => {
      const p = await apiContext(o).client.payments.cancel(id(pid));
      if (o.json) return printJson(p);
      printLine(`${mark.ok} payment ${p.id} ${p.status} (${p.status_detail})`);
    }));
}

export function paymentsCommand(): Command {
  return new Command('payments').description('get, search, refund and cancel classic payments (/v1/payments)')
    .addCommand(getCmd()).addCommand(searchCmd()).addCommand(refundCmd()).addCommand(cancelCmd());
}
