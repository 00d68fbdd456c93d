// `cobro pos create|list|get|update|delete`: points of sale (cajas) with their printed QR, saved as a PNG
// and drawn in the terminal.
import type { CreatePosBody, Pos, UpdatePosBody } from '@cobro/client';
import { Command } from 'commander';
import { apiContext, type ApiContext, type CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { saveQrImage, terminalQr } from '../qr.ts';
import { action, withCommon } from '../run.ts';
import { unblockCmd } from './pos-unblock.ts';

interface PosFlags extends CommonOptions {
  name?: string; externalId?: string; store?: string; category?: string; fixedAmount?: boolean; qrFile?: string | false; qr?: boolean;
}

/** A POS by MP id or by external_id (what `cobro charge --pos` takes). */
export async function findPos(ctx: ApiContext, ref: string): Promise<Pos> {
  if (/^\d+$/.test(ref)) return ctx.client.pos.get(ref);
  const page = await ctx.client.pos.list({ external_id: ref });
  const hit = page.results.find((p) => p.external_id === ref);
  if (!hit) throw usageError(`no POS with id or external_id "${ref}"`, 'see `cobro pos list`');
  return ctx.client.pos.get(hit.id);
}

function category(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{3,7}$/.test(v)) throw usageError(`--category "${v}" is not an MCC code`, 'e.g. --category 621102 (food), or leave it out');
  return Number(v);
}

function body(o: PosFlags): UpdatePosBody & { external_id?: string } {
  const b: Record<string, unknown> = {};
  if (o.name !== undefined) b.name = o.name;
  if (o.externalId !== undefined) b.external_id = o.externalId;
  if (o.store !== undefined) {
    if (/^\d+$/.test(o.store)) b.store_id = o.store;
    else b.external_store_id = o.store;
  }
  const c = category(o.category);
  if (c !== undefined) b.category = c;
  if (o.fixedAmount !== undefined) b.fixed_amount = o.fixedAmount;
  return b;
}

async function present(p: Pos, o: PosFlags, defaultFile: string | undefined): Promise<void> {
  const file = o.qrFile === false ? undefined : o.qrFile ?? defaultFile;
  const saved = file ? await saveQrImage(file, p.qr?.image, p.qr_code) : undefined;
  if (o.json) return printJson({ ...p, ...(saved ? { qr_file: saved } : {}) });
  printLine(`${mark.ok} POS ${p.name} (id ${p.id}, external_id ${p.external_id ?? '—'}, store ${p.external_store_id ?? p.store_id})`);
  if (p.qr_code && o.qr !== false && process.stdout.isTTY) printLine(await terminalQr(p.qr_code));
  if (saved) printLine(`QR image saved to ${saved}`);
  if (p.qr?.template_document) printLine(`printable template: ${p.qr.template_document}`);
}

const qrOptions = (cmd: Command) => cmd
  .option('--qr-file <path>', 'save the QR image here')
  .option('--no-qr-file', 'do not save the QR image')
  .option('--no-qr', 'do not draw the QR in the terminal');

export function posCommand(): Command {
  const cmd = new Command('pos').description('create, list, get, update and delete points of sale (cajas) and their QR');
  const posFlags = (c: Command) => c
    .option('--name <name>', 'POS name').option('--external-id <id>', 'your id for the POS (what `cobro charge --pos` takes)')
    .option('--store <store>', 'the store: its external_id (or its MP id)').option('--category <mcc>', 'MCC category code');

  cmd.addCommand(qrOptions(posFlags(withCommon(new Command('create'))))
    .description('create a POS; saves its QR as pos-<external_id>.png and draws it')
    .option('--no-fixed-amount', 'let the buyer type the amount (default: fixed amount, set by your order)')
    .action(action(async (o: PosFlags) => {
      const b = body(o) as Partial<CreatePosBody>;
      if (!b.name) throw usageError('--name is required', 'e.g. --name "Caja 1"');
      if (!b.external_id) throw usageError('--external-id is required', 'e.g. --external-id CAJA1 (letters and digits)');
      if (!b.store_id && !b.external_store_id) throw usageError('--store is required', 'pass the store\'s external_id, e.g. --store SUC001 (see `cobro stores list`)');
      const ctx = apiContext(o);
      const created = await ctx.client.pos.create({ fixed_amount: o.fixedAmount ?? true, ...b } as CreatePosBody);
      const full = await ctx.client.pos.get(created.id);
      await present({ ...created, ...full, qr: created.qr ?? full.qr }, o, `pos-${b.external_id}.png`);
    })));

  cmd.addCommand(withCommon(new Command('list'))
    .description('list the account\'s POS')
    .option('--store <store>', 'only this store (external_id or MP id)')
    .action(action(async (o: CommonOptions & { store?: string }) => {
      const ctx = apiContext(o);
      const filter = o.store === undefined ? {} : /^\d+$/.test(o.store) ? { store_id: o.store } : { external_store_id: o.store };
      const all: Pos[] = [];
      for await (const p of ctx.client.pos.listAll({ ...filter, limit: 50 })) all.push(p);
      if (o.json) return printJson({ results: all, total: all.length });
      if (!all.length) return hint('no POS: `cobro pos create --help`');
      printLine(table(all.map((p) => ({ id: p.id, external_id: p.external_id, name: p.name, store: p.external_store_id ?? p.store_id, fixed_amount: p.fixed_amount })), ['id', 'external_id', 'name', 'store', 'fixed_amount']));
    })));

  cmd.addCommand(qrOptions(withCommon(new Command('get')))
    .description('show a POS and its QR (saved only with --qr-file)').argument('<pos>', 'POS id or external_id')
    .action(action(async (ref: string, o: PosFlags) => {
      const ctx = apiContext(o);
      await present(await findPos(ctx, ref), o, undefined);
    })));

  cmd.addCommand(posFlags(withCommon(new Command('update')))
    .description('change a POS (its external_id cannot change)').argument('<pos>', 'POS id or external_id')
    .option('--fixed-amount', 'the amount comes from your order').option('--no-fixed-amount', 'the buyer types the amount')
    .action(action(async (ref: string, o: PosFlags) => {
      const b = body(o);
      if (b.external_id !== undefined) throw usageError('a POS\'s external_id cannot be changed', 'create a new POS instead');
      if (!Object.keys(b).length) throw usageError('nothing to change', 'pass --name, --store, --category or --[no-]fixed-amount');
      const ctx = apiContext(o);
      const p = await findPos(ctx, ref);
      const updated = await ctx.client.pos.update(p.id, b);
      if (o.json) return printJson(updated);
      printLine(`${mark.ok} POS ${updated.name} (id ${updated.id}) updated`);
    })));

  cmd.addCommand(withCommon(new Command('delete'))
    .description('delete a POS').argument('<pos>', 'POS id or external_id')
    .action(action(async (ref: string, o: CommonOptions) => {
      const ctx = apiContext(o);
      const p = await findPos(ctx, ref);
      await ctx.client.pos.delete(p.id);
      if (o.json) return printJson({ ok: true, deleted: p.id });
      printLine(`${mark.ok} deleted POS ${p.id}`);
    })));
  cmd.addCommand(unblockCmd());
  return cmd;
}
