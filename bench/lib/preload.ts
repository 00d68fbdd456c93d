// Stored orders made fast, inside the server's process: through the domain (validate, create, pay) rather than
// over HTTP, so a million take seconds, not minutes. Each one is what a real integration leaves behind: the
// order, its idempotency record (the answer the route would have given), and, when paid, its payment.
import type { Sandbox } from '@cobro/sandbox';
import { validateCreateOrder } from '../../packages/sandbox/src/orders/order-validation.ts';
import { createOrder, payOrder } from '../../packages/sandbox/src/orders/orders.ts';
import { orderJson } from '../../packages/sandbox/src/orders/order-json.ts';
import { recordId, remember } from '../../packages/sandbox/src/middleware/idempotency.ts';
import { defaultBuyer } from '../../packages/sandbox/src/buyer/buyer.ts';
import { CARD_OUTCOMES } from '../../packages/sandbox/src/buyer/cards.ts';

export interface Seller { token: string; userId: number; posExternalId: string }

let made = 0;

/** The body every benchmark posts (a dynamic QR: no one-order-per-POS limit), with a unique reference. */
export function orderBody(posExternalId: string, n: number | string): Record<string, unknown> {
  return {
    type: 'qr', total_amount: '150.50', external_reference: `bench-${n}`, description: 'Bench order',
    config: { qr: { external_pos_id: posExternalId, mode: 'dynamic' } },
    transactions: { payments: [{ amount: '150.50' }] },
  };
}

/** `n` more stored orders; `paid` ones are processed with an approved payment, the rest stay pending. */
export function preload(sb: Sandbox, seller: Seller, n: number, opts: { paid: boolean }): void {
  const state = sb.state;
  const token = state.tokens.get(seller.token)!;
  const account = state.accounts.get(token.userId)!;
  const site = state.site(account.site_id);
  const buyer = defaultBuyer(state, account.site_id, account.kind).id;
  for (let i = 0; i < n; i++) {
    const k = `preload-${++made}`;
    // Through JSON text, as a request body arrives: every string is the order's own, as over HTTP.
    const body = JSON.parse(JSON.stringify(orderBody(seller.posExternalId, k))) as Record<string, unknown>;
    const order = createOrder(state, { account, token, input: validateCreateOrder(body, { state, site, account, token }) });
    remember(state, recordId(account.id, 'POST', '/v1/orders', k), {
      canonicalBody: JSON.stringify(body), status: 201, body: JSON.stringify(orderJson(state, order)), ref: order.id,
    });
    if (opts.paid) {
      payOrder(state, order, { buyerId: buyer, payment_method_id: 'visa', payment_type_id: 'credit_card', installments: 1, outcome: CARD_OUTCOMES.APRO });
    }
  }
}
