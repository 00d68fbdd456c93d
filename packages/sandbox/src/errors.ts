// One error type for the whole sandbox, carrying the exact body MP would send. Routes throw it; the app's
// onError writes it. Two wire shapes exist (spec §12.2): the classic one and the Orders API one.

export interface ClassicCause { code: string | number; description: string; data: unknown }
export interface ClassicErrorBody { message: string; error: string; status: number; cause: ClassicCause[] }
export interface OrdersErrorBody { errors: { code: string; message: string; details: string[] }[] }
export type ErrorShape = 'classic' | 'orders';

export class MpError extends Error {
  readonly status: number;
  readonly body: ClassicErrorBody | OrdersErrorBody | Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: MpError['body'], message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'MpError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Classic shape: `{message, error, status, cause}`. */
export function classicError(status: number, error: string, message: string, cause: ClassicCause[] = []): MpError {
  return new MpError(status, { message, error, status, cause }, message);
}

/** Orders API shape: `{errors:[{code, message, details}]}`. */
export function ordersError(status: number, code: string, message: string, details: string[] = []): MpError {
  return new MpError(status, { errors: [{ code, message, details }] }, message);
}

export function mpError(shape: ErrorShape, status: number, code: string, message: string, details: string[] = []): MpError {
  return shape === 'orders'
    ? ordersError(status, code, message, details)
    : classicError(status, code, message, details.map((d) => ({ code, description: d, data: null })));
}

/** The error shape a client of `path` parses: the Orders one under /v1/orders, the classic one elsewhere. */
export function shapeOf(path: string): ErrorShape {
  return path === '/v1/orders' || path.startsWith('/v1/orders/') ? 'orders' : 'classic';
}

/** 404 for a path MP does not have: loud, in MP's shape (never a silent success). */
export function unknownPath(method: string, path: string): MpError {
  const message = `Resource ${method} ${path} not found.`;
  return shapeOf(path) === 'orders'
    ? ordersError(404, 'not_found', message, [message])
    : classicError(404, 'not_found', message);
}
