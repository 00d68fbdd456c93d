// The bodies of the Orders actions besides create (spec §7.4, §7.8): a refund (none for a total refund, or one
// transaction with a string amount) and the simulated `/events`. Errors in the Orders shape through the kit.
import type { SandboxState } from '../state.ts';
import type { Order } from '../model.ts';
import type { MpError } from '../errors.ts';
import { ordersError } from '../errors.ts';
import { isObject } from '../http.ts';
import { parseAmountString } from '../money.ts';
import { ordersFieldError } from '../kit/validation.ts';
import { PAYMENT_METHODS } from '../buyer/cards.ts';
import { EVENT_STATUSES, type EventStatus, type RefundRequest } from './orders.ts';

function unsupported(paths: string[]): MpError {
  return ordersError(400, 'unsupported_properties', `Unsupported properties: ${paths.join(', ')}.`, paths.map((p) => `${p} is not a supported property`));
}

export function parseRefundBody(state: SandboxState, order: Order, body: Record<string, unknown> | undefined): RefundRequest {
  if (body === undefined || Object.keys(body).length === 0) return {};
  const unknown = Object.keys(body).filter((k) => k !== 'transactions');
  if (unknown.length) throw unsupported(unknown);
  const txs = body.transactions;
  if (txs === undefined) return {};
  if (!Array.isArray(txs)) throw ordersFieldError('property_type', 'transactions', 'must be an array');
  // One transaction per refund request (spec §7.4).
  if (txs.length !== 1) throw ordersFieldError('property_value', 'transactions', `must hold one element, got ${txs.length}`);
  const tx = txs[0];
  if (!isObject(tx)) throw ordersFieldError('property_type', 'transactions[0]', 'must be an object');
  const extra = Object.keys(tx).filter((k) => k !== 'id' && k !== 'amount');
  if (extra.length) throw unsupported(extra.map((k) => `transactions[0].${k}`));
  for (const f of ['id', 'amount'] as const) {
    if (tx[f] === undefined) throw ordersFieldError('required_properties', `transactions[0].${f}`, 'is required');
    if (typeof tx[f] !== 'string') throw ordersFieldError('property_type', `transactions[0].${f}`, 'must be a string');
  }
  const site = state.site(order.site_id);
  const amount = parseAmountString(tx.amount as string, site);
  if (amount === undefined || amount <= 0) {
    const rule = site.decimals === 0 ? `a positive integer amount string for ${site.currency}` : 'a positive decimal string with two decimals or none';
    throw ordersFieldError('property_value', 'transactions[0].amount', `must be ${rule}, got "${tx.amount as string}"`);
  }
  return { transactionId: tx.id as string, amount };
}

/** The body of `/events` as documented for Point (spec §7.8). */
const EVENT_FIELDS = ['status', 'payment_method_type', 'installments', 'payment_method_id', 'status_detail'];

export interface EventBody {
  status: EventStatus; payment_method_id?: string; payment_type_id?: string; installments?: number; status_detail?: string;
}

/** `/events` answers `bad_request` for any of these (the simulate reference's one 400 code). */
export function parseEventBody(body: Record<string, unknown>): EventBody {
  const bad = (field: string, rule: string) => ordersFieldError('bad_request', field, rule);
  const unknown = Object.keys(body).filter((k) => !EVENT_FIELDS.includes(k));
  if (unknown.length) throw ordersError(400, 'bad_request', `Unknown fields: ${unknown.join(', ')} (allowed: ${EVENT_FIELDS.join(', ')}).`, unknown);
  const { status, payment_method_id: pm, installments: inst, status_detail: sd, payment_method_type: pmt } = body;
  if (typeof status !== 'string' || !(EVENT_STATUSES as readonly string[]).includes(status)) throw bad('status', `must be one of ${EVENT_STATUSES.join(', ')}`);
  if (pm !== undefined && (typeof pm !== 'string' || !Object.hasOwn(PAYMENT_METHODS, pm))) {
    throw bad('payment_method_id', `must be one of ${Object.keys(PAYMENT_METHODS).join(', ')}`);
  }
  if (inst !== undefined && (typeof inst !== 'number' || !Number.isSafeInteger(inst) || inst < 1)) throw bad('installments', 'must be a positive integer');
  if (sd !== undefined && typeof sd !== 'string') throw bad('status_detail', 'must be a string');
  if (pmt !== undefined && typeof pmt !== 'string') throw bad('payment_method_type', 'must be a string');
  return {
    status: status as EventStatus,
    payment_method_id: pm as string | undefined,
    payment_type_id: (pmt as string | undefined) ?? (pm ? PAYMENT_METHODS[pm as string] : undefined),
    installments: inst as number | undefined,
    status_detail: sd as string | undefined,
  };
}
