// What to do about an error Mercado Pago returned: by MP's error code first, then by HTTP status. Every
// MP error the CLI prints carries one of these, and the request id when MP sent one.
import type { MercadoPagoError } from '@cobro/client';

const BY_CODE: Record<string, string> = {
  already_queued_order_on_pos: 'the POS holds a pending order: `cobro pos unblock <pos>` cancels it, or wait until it expires',
  instore_order_locked_error: 'the buyer is paying right now: wait for the payment to finish, then check `cobro orders get <order_id>`',
  order_already_canceled: 'only orders in status created can be canceled: see its status with `cobro orders get <order_id>`',
  cannot_cancel_order: 'only orders in status created can be canceled: see its status with `cobro orders get <order_id>`',
  invalid_order_status: 'only processed (paid) orders can be refunded: see its status with `cobro orders get <order_id>`',
  order_already_refunded: 'nothing left to refund: see `cobro orders get <order_id>`',
  refund_amount_exceeds: 'refund at most what is left: see the payment and its refunds with `cobro orders get <order_id>`',
  order_not_found: 'check the order id (ORD + 26 characters) and that it belongs to this profile\'s account',
  pos_not_found: 'check the POS external_id: `cobro pos list`',
  point_of_sale_not_found: 'check the POS external_id: `cobro pos list`',
  point_of_sale_in_store_order_not_found: 'no order is waiting on that POS',
  sponsor_id_not_valid: 'the sponsor id must be your integrator account\'s user id: `cobro init --sponsor-id …` (see `cobro doctor`)',
  idempotency_key_already_used: 'the key was used with a different request: send a new key for a new request',
  unsupported_site: 'QR orders are not offered on this site: check the profile\'s site (`cobro doctor`)',
  test_user_limit_reached: 'reuse a test user from `cobro test-users list`',
};

function byStatus(status: number | undefined): string {
  if (status === 400 || status === 422) return 'fix the field Mercado Pago names and try again; nothing was created';
  if (status === 404) return 'check the id and that it belongs to this profile\'s account (`cobro doctor` shows whose token it is)';
  if (status === 409) return 'the resource is not in a state that allows this: look at it again before retrying';
  if (status === 423) return 'the same request is running: wait a few seconds and retry';
  if (status === 429) return 'Mercado Pago is rate limiting: wait a minute and retry';
  return 'retry in a minute; if it keeps failing, contact Mercado Pago support with the request id';
}

export function mpFix(err: MercadoPagoError): string {
  return (err.code && BY_CODE[err.code]) || byStatus(err.status);
}
