// `cobro stores create|list|get|update|delete` for the profile's account (the token owner's user id).
import type { CreateStoreBody, Store, UpdateStoreBody } from '@cobro/client';
import { Command } from 'commander';
import { apiContext, type ApiContext, type CommonOptions } from '../context.ts';
import { usageError } from '../errors.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';

interface StoreFlags extends CommonOptions {
  name?: string; externalId?: string; streetNumber?: string; streetName?: string; city?: string; state?: string;
  latitude?: string; longitude?: string; reference?: string; zipCode?: string; body?: string;
}

function coordinate(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d{1,3}(\.\d+)?$/.test(v)) throw usageError(`${flag} "${v}" is not a coordinate`, `pass decimal degrees, e.g. ${flag} -34.5627`);
  return Number(v);
}

function jsonBody(v: string | undefined): Record<string, unknown> {
  if (v === undefined) return {};
  try {
    const o = JSON.parse(v) as unknown;
    if (o && typeof o === 'object' && !Array.isArray(o)) return o as Record<string, unknown>;
  } catch { /* below */ }
  throw usageError('--body is not a JSON object', 'pass e.g. --body \'{"business_hours":{"monday":[{"open":"08:00","close":"12:00"}]}}\'');
}

function storeBody(o: StoreFlags): UpdateStoreBody {
  const location = Object.fromEntries(Object.entries({
    street_number: o.streetNumber, street_name: o.streetName, city_name: o.city, state_name: o.state,
    latitude: coordinate('--latitude', o.latitude), longitude: coordinate('--longitude', o.longitude), reference: o.reference, zip_code: o.zipCode,
  }).filter(([, v]) => v !== undefined));
  const extra = jsonBody(o.body);
  const body: Record<string, unknown> = { ...extra };
  if (o.name !== undefined) body.name = o.name;
  if (o.externalId !== undefined) body.external_id = o.externalId;
  if (Object.keys(location).length) body.location = { ...(extra.location as object | undefined), ...location };
  return body as UpdateStoreBody;
}

function storeFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'store name')
    .option('--external-id <id>', 'your id for the store (letters and digits, up to 60)')
    .option('--street-number <n>').option('--street-name <name>').option('--city <name>', 'city_name')
    .option('--state <name>', 'state_name').option('--latitude <deg>').option('--longitude <deg>')
    .option('--reference <text>').option('--zip-code <code>')
    .option('--body <json>', 'more fields as JSON (e.g. business_hours), merged under the flags');
}

/** A store by MP id or by external_id. */
export async function findStore(ctx: ApiContext, userId: number, ref: string): Promise<Store> {
  if (/^\d+$/.test(ref)) return ctx.client.stores.get(ref);
  const page = await ctx.client.stores.search(userId, { external_id: ref });
  const hit = page.results.find((s) => s.external_id === ref);
  if (!hit) throw usageError(`no store with id or external_id "${ref}"`, 'see `cobro stores list`');
  return hit;
}

function show(s: Store): string {
  return `${s.name} (id ${s.id}${s.external_id ? `, external_id ${s.external_id}` : ''}) — ${s.location?.address_line ?? ''}`;
}

export function storesCommand(): Command {
  const cmd = new Command('stores').description('create, list, get, update and delete stores (sucursales)');

  cmd.addCommand(storeFlags(withCommon(new Command('create')))
    .description('create a store')
    .action(action(async (o: StoreFlags) => {
      const body = storeBody(o) as Partial<CreateStoreBody>;
      if (!body.name) throw usageError('--name is required', 'e.g. --name "Sucursal Centro"');
      if (!body.location) throw usageError('the store needs a location', 'pass --street-number --street-name --city --state --latitude --longitude');
      const ctx = apiContext(o);
      const me = await ctx.client.users.me();
      const s = await ctx.client.stores.create(me.id, body as CreateStoreBody);
      if (o.json) return printJson(s);
      printLine(`${mark.ok} store ${show(s)}`);
    })));

  cmd.addCommand(withCommon(new Command('list'))
    .description('list the account\'s stores')
    .option('--external-id <id>', 'only this external_id')
    .action(action(async (o: CommonOptions & { externalId?: string }) => {
      const ctx = apiContext(o);
      const me = await ctx.client.users.me();
      const stores: Store[] = [];
      for await (const s of ctx.client.stores.searchAll(me.id, { external_id: o.externalId, limit: 50 })) stores.push(s);
      if (o.json) return printJson({ results: stores, total: stores.length });
      if (!stores.length) return hint('no stores: `cobro stores create --help`');
      printLine(table(stores.map((s) => ({ id: s.id, external_id: s.external_id, name: s.name, address: s.location?.address_line })), ['id', 'external_id', 'name', 'address']));
    })));

  cmd.addCommand(withCommon(new Command('get'))
    .description('show a store').argument('<store>', 'store id or external_id')
    .action(action(async (ref: string, o: CommonOptions) => {
      const ctx = apiContext(o);
      const me = await ctx.client.users.me();
      const s = await findStore(ctx, me.id, ref);
      if (o.json) return printJson(s);
      printLine(show(s));
    })));

  cmd.addCommand(storeFlags(withCommon(new Command('update')))
    .description('change a store (only the fields given)').argument('<store>', 'store id or external_id')
    .action(action(async (ref: string, o: StoreFlags) => {
      const body = storeBody(o);
      if (!Object.keys(body).length) throw usageError('nothing to change', 'pass at least one of --name, --external-id, the location flags or --body');
      const ctx = apiContext(o);
      const me = await ctx.client.users.me();
      const s = await findStore(ctx, me.id, ref);
      const updated = await ctx.client.stores.update(me.id, s.id, body);
      if (o.json) return printJson(updated);
      printLine(`${mark.ok} store ${show(updated)}`);
    })));

  cmd.addCommand(withCommon(new Command('delete'))
    .description('delete a store (it must have no POS)').argument('<store>', 'store id or external_id')
    .action(action(async (ref: string, o: CommonOptions) => {
      const ctx = apiContext(o);
      const me = await ctx.client.users.me();
      const s = await findStore(ctx, me.id, ref);
      const r = await ctx.client.stores.delete(me.id, s.id);
      if (o.json) return printJson({ ok: true, ...r });
      printLine(`${mark.ok} deleted store ${s.id}`);
    })));
  return cmd;
}
