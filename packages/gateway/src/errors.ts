// The gateway's one error type and its one wire shape: `{"error": {"code", "message", "fields"?, "request_id",
// "mp"?}}`. A Mercado Pago error maps in here and only here, keeping MP's request id (what MP support asks for).
import { MercadoPagoError } from '@cobro/client';

export interface FieldProblem { field: string; rule: string }

export class GatewayError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[] | undefined;
  /** Mercado Pago's side of the failure, when one caused it: safe to show (no tokens). */
  readonly mp: { status: number; code: string | undefined; request_id: string | undefined } | undefined;

  /** Extra top-level members of the body (e.g. the `charge` as it stands after a refused cancel). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, opts: { fields?: FieldProblem[]; cause?: unknown; extra?: Record<string, unknown> } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'GatewayError';
    this.status = status;
    this.code = code;
    this.fields = opts.fields;
    this.extra = opts.extra;
    const mp = opts.cause instanceof MercadoPagoError ? opts.cause : undefined;
    this.mp = mp && { status: mp.status ?? 0, code: mp.code, request_id: mp.requestId };
  }

  body(requestId: string): Record<string, unknown> {
    return {
      error: {
        code: this.code, message: this.message,
        ...(this.fields && { fields: this.fields }), request_id: requestId, ...(this.mp && { mp: this.mp }),
      },
      ...this.extra,
    };
  }
}

export const notFound = (what: string): GatewayError => new GatewayError(404, 'not_found', `${what} not found`);

/** A Mercado Pago failure as the gateway reports it: 4xx stay the caller's problem, the rest are 502. */
export function fromMpError(err: unknown, doing: string): GatewayError {
  if (!(err instanceof MercadoPagoError)) return new GatewayError(502, 'mercadopago_unreachable', `${doing}: Mercado Pago could not be reached`, { cause: err });
  const status = err.status ?? 0;
  if (status === 401 || status === 403) return new GatewayError(409, 'seller_must_reconnect', `${doing}: Mercado Pago refused the seller's credentials (${err.message}); the seller must connect again`, { cause: err });
  if (status >= 400 && status < 500) return new GatewayError(422, 'mercadopago_rejected', `${doing}: ${err.message}`, { cause: err });
  return new GatewayError(502, 'mercadopago_error', `${doing}: Mercado Pago answered ${status || 'no status'}`, { cause: err });
}
