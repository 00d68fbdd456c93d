// Typed Orders API input → wire body: every amount a decimal string from the money helper.
import { AmountError } from '../money.ts';
import type { CreateOrderBody, CreateOrderInput, CreateQrOrderParams, RefundOrderParams } from '../types/orders.ts';
import { amountScope, ordersAmount, type AmountScope } from './amounts.ts';

export function createOrderBody(input: CreateOrderInput): CreateOrderBody {
  const { site, total_amount, marketplace_fee, transactions, items, ...rest } = input;
  const scope = amountScope(site, [
    total_amount, marketplace_fee, ...transactions.payments.map((p) => p.amount), ...(items ?? []).map((i) => i.unit_price),
  ]);
  const body: CreateOrderBody = {
    ...rest,
    total_amount: ordersAmount(total_amount, scope, 'total_amount'),
    transactions: { payments: transactions.payments.map((p, i) => ({ amount: ordersAmount(p.amount, scope, `transactions.payments[${i}].amount`) })) },
  };
  if (marketplace_fee !== undefined) body.marketplace_fee = ordersAmount(marketplace_fee, scope, 'marketplace_fee');
  if (items) body.items = items.map((item, i) => ({ ...item, unit_price: ordersAmount(item.unit_price, scope, `items[${i}].unit_price`) }));
  return body;
}

/** The body `orders.createQr` sends: one payment for the whole amount. */
export function qrOrderInput(p: CreateQrOrderParams): CreateOrderInput {
  const scope = amountScope(p.site, [p.amount]);
  if (!scope.site) throw new AmountError('createQr needs the seller\'s site: pass `site` or an Amount (amount(value, site))');
  const input: CreateOrderInput = {
    type: 'qr',
    total_amount: p.amount,
    external_reference: p.externalReference,
    config: { qr: { external_pos_id: p.externalPosId, mode: p.mode } },
    transactions: { payments: [{ amount: p.amount }] },
    site: scope.site.id,
  };
  if (p.description !== undefined) input.description = p.description;
  if (p.expirationTime !== undefined) input.expiration_time = p.expirationTime;
  if (p.items !== undefined) input.items = p.items;
  if (p.sponsorId !== undefined || p.platformId !== undefined || p.integratorId !== undefined) {
    input.integration_data = {};
    if (p.platformId !== undefined) input.integration_data.platform_id = p.platformId;
    if (p.integratorId !== undefined) input.integration_data.integrator_id = p.integratorId;
    if (p.sponsorId !== undefined) input.integration_data.sponsor = { id: String(p.sponsorId) };
  }
  return input;
}

export function refundBody(p: RefundOrderParams | undefined): Record<string, unknown> | undefined {
  if (!p?.transactions) return undefined;
  const scope: AmountScope = amountScope(p.site, p.transactions.map((t) => t.amount));
  return {
    transactions: p.transactions.map((t, i) => ({ id: t.id, amount: ordersAmount(t.amount, scope, `transactions[${i}].amount`) })),
  };
}
