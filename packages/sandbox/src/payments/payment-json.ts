// Wire shapes of classic payments (`GET /v1/payments/{id}`, spec §8.3) and their refunds (§8.5). Amounts are
// JSON numbers in the site's currency; timestamps are classic (`…-03:00`). Used for legacy in-store payments
// and for the classic payments behind Orders API orders alike.
import type { SandboxState } from '../state.ts';
import type { Payment, PaymentRefund } from '../model.ts';
import { formatAmountNumber } from '../money.ts';

export function refundJson(state: SandboxState, r: PaymentRefund): Record<string, unknown> {
  const p = state.payments.get(r.payment_id);
  const site = state.site(p?.site_id ?? 'MLA');
  const amount = formatAmountNumber(r.amount, site);
  return {
    id: r.id,
    payment_id: r.payment_id,
    amount,
    metadata: {},
    source: { id: String(p?.collectorId ?? ''), name: state.accounts.get(p?.collectorId ?? 0)?.nickname ?? '', type: 'collector' },
    date_created: state.classicTime(r.date_created, site.id),
    unique_sequence_number: null,
    refund_mode: 'standard',
    adjustment_amount: 0,
    status: r.status,
    reason: null,
    labels: [],
    amount_refunded_to_payer: amount,
    partition_details: [],
  };
}

export function paymentRefunds(state: SandboxState, paymentId: number): PaymentRefund[] {
  const ids = state.indexes.refundsByPayment.get(paymentId) ?? [];
  return ids.map((id) => state.paymentRefunds.get(id)).filter((r): r is PaymentRefund => r?.payment_id === paymentId);
}

export function paymentJson(state: SandboxState, p: Payment): Record<string, unknown> {
  const site = state.site(p.site_id);
  const n = (minor: number) => formatAmountNumber(minor, site);
  const t = (ms: number | undefined) => (ms === undefined ? null : state.classicTime(ms, site.id));
  const payer = state.accounts.get(p.payerId);
  const isCard = p.payment_type_id === 'credit_card' || p.payment_type_id === 'debit_card';
  const order = p.merchantOrderId !== undefined
    ? { id: p.merchantOrderId, type: 'mercadopago' }
    : p.orderId !== undefined ? { id: p.orderId, type: 'mercadopago' } : {};
  return {
    id: p.id,
    date_created: t(p.date_created),
    date_approved: t(p.date_approved),
    date_last_updated: t(p.date_last_updated),
    date_of_expiration: null,
    money_release_date: t(p.date_approved),
    money_release_status: p.date_approved === undefined ? null : 'released',
    operation_type: 'regular_payment',
    issuer_id: null,
    payment_method_id: p.payment_method_id,
    payment_type_id: p.payment_type_id,
    payment_method: { id: p.payment_method_id, type: p.payment_type_id },
    status: p.status,
    status_detail: p.status_detail,
    currency_id: site.currency,
    description: p.description ?? null,
    live_mode: p.live_mode,
    sponsor_id: p.sponsor_id ?? null,
    authorization_code: null,
    integrator_id: null,
    platform_id: null,
    corporation_id: null,
    collector_id: p.collectorId,
    payer: {
      id: String(p.payerId),
      type: 'registered',
      email: payer?.email ?? null,
      first_name: payer?.first_name ?? null,
      last_name: payer?.last_name ?? null,
      identification: { type: site.documentType, number: site.documentNumber },
    },
    metadata: {},
    additional_info: {},
    order,
    external_reference: p.external_reference ?? null,
    transaction_amount: n(p.transaction_amount),
    transaction_amount_refunded: n(p.refunded),
    coupon_amount: 0,
    installments: p.installments,
    transaction_details: {
      payment_method_reference_id: null,
      net_received_amount: p.status === 'approved' || p.status === 'refunded' ? n(p.transaction_amount) : 0,
      total_paid_amount: n(p.transaction_amount),
      overpaid_amount: 0,
      external_resource_url: null,
      installment_amount: n(Math.round(p.transaction_amount / Math.max(1, p.installments))),
      financial_institution: null,
      payable_deferral_period: null,
      acquirer_reference: null,
    },
    fee_details: [],
    charges_details: [],
    captured: true,
    binary_mode: false,
    statement_descriptor: null,
    card: isCard ? { cardholder: { name: p.cardholder_name ?? null, identification: { type: site.documentType, number: site.documentNumber } } } : {},
    notification_url: p.notification_url ?? null,
    refunds: paymentRefunds(state, p.id).map((r) => refundJson(state, r)),
    processing_mode: 'aggregator',
    point_of_interaction: { type: 'INSTORE', business_info: { unit: 'online_payments', sub_unit: 'qr' } },
    pos_id: p.pos_id ?? null,
    store_id: p.store_id ?? null,
  };
}
