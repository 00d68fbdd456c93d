// What the gateway answers, as zod schemas: the OpenAPI document's response bodies (the request bodies are the
// routes' own input schemas). Written beside the views they describe; test/openapi.test.ts checks real answers
// against them, so a view that changes without its schema fails there.
import { z } from '../input.ts';

const iso = z.string().describe('ISO-8601 date-time (UTC)');
const nullableIso = iso.nullable();

export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. invalid_request, not_found, seller_must_reconnect'),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), rule: z.string() })).optional().describe('Validation problems, one per field'),
    request_id: z.string().describe('Also in the x-request-id header and in every log line of the request'),
    mp: z.object({ status: z.number(), code: z.string().optional(), request_id: z.string().optional() }).optional()
      .describe("Mercado Pago's side, when an MP answer caused the error (quote its request_id to MP support)"),
  }),
}).describe('The one error shape of every gateway error');

export const charge = z.object({
  id: z.string(),
  status: z.enum(['unknown', 'pending', 'approved', 'partially_refunded', 'refunded', 'expired', 'canceled', 'failed']),
  amount: z.string().describe("Decimal string in the seller's currency"),
  currency: z.string(),
  description: z.string().nullable(),
  external_reference: z.string().nullable(),
  mode: z.string(),
  qr_data: z.string().nullable().describe('EMVCo payload to render as a QR (null while the status is unknown)'),
  qr_png_url: z.string().nullable(),
  qr_svg_url: z.string().nullable(),
  expires_at: nullableIso,
  mp_order_id: z.string().nullable(),
  mp_payment_id: z.string().nullable(),
  refunded_amount: z.string(),
  review_reason: z.string().nullable().describe('Set when MP reported something that did not match (amount, reference, POS)'),
  failure: z.object({ message: z.string(), mp_request_id: z.string().nullable().optional() }).nullable(),
  version: z.number().int().describe('Grows with every change; the SSE event id'),
  created_at: iso,
  updated_at: iso,
});

export const chargeEvent = z.object({ version: z.number().int(), type: z.string(), data: z.unknown(), created_at: iso });
export const chargeEvents = z.object({ charge, events: z.array(chargeEvent) }).describe('The events after ?after= (long-poll answer)');

export const refundRequested = z.object({
  charge, refund: z.object({ id: z.string().describe("Mercado Pago's refund id"), status: z.string(), amount: z.string() }),
});

export const seller = z.object({
  id: z.string(), mp_user_id: z.number(), nickname: z.string(), site_id: z.string(), currency: z.string(),
  status: z.enum(['connected', 'disconnected']), disconnected_reason: z.string().nullable(), live_mode: z.boolean(),
  token_expires_at: iso, token_refreshed_at: iso, created_at: iso,
});
export const store = z.object({ id: z.string(), external_id: z.string(), name: z.string(), mp_store_id: z.string().nullable(), created_at: iso });
export const pos = z.object({
  id: z.string(), external_id: z.string(), name: z.string(), store_id: z.string(), mp_pos_id: z.number().nullable(), flow: z.string(),
  qr: z.unknown(), created_at: iso,
});
export const terminalPos = z.object({
  id: z.string(), external_id: z.string(), name: z.string(), flow: z.string(),
  store: z.object({ id: z.string(), external_id: z.string(), name: z.string() }).nullable(),
  seller: z.object({ nickname: z.string(), site_id: z.string(), currency: z.string() }).describe("The seller's site and currency: how the terminal formats amounts"),
  now: iso.describe("The gateway's clock (embedded: the sandbox's virtual one), for countdowns to a charge's expires_at"),
});
export const newDeviceKey = z.object({ id: z.string(), key: z.string().describe('Shown here only; stored hashed'), hint: z.string(), pos_id: z.string() });
export const deviceKey = z.object({ id: z.string(), hint: z.string(), label: z.string().nullable(), created_at: iso, last_used_at: nullableIso, revoked_at: nullableIso });
export const paired = z.object({ device_key: z.string().describe('Shown here only; stored hashed'), id: z.string(), hint: z.string(), pos_id: z.string() });
export const pairingCode = z.object({ code: z.string().describe('Typed once by the terminal at POST /api/pair'), expires_at: iso });
export const webhookReceipt = z.object({ received: z.literal(true), duplicate: z.boolean() });

export const list = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) });
