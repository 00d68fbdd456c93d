// Creates that MP does not deduplicate by idempotency key (legacy QR orders, stores, POS) are sent with
// `retry: 'if-not-processed'`, so an ambiguous failure (timeout, dropped connection, 5xx) comes back here
// instead of being resent blindly, which left two orders per call. It is settled by looking the resource
// up by the caller's own name for it (external_id, external_reference): found, it is returned; where MP
// refuses a duplicate anyway (a unique external_id) the create is resent; otherwise OutcomeUnknownError
// says what may exist and how to check.
import { MercadoPagoError, NotFoundError, OutcomeUnknownError } from '../errors.ts';
import { mayHaveBeenProcessed } from '../transport/retry.ts';

export interface Recovery<T> {
  /** `POST /pos`, for messages. */
  operation: string;
  /** What may have been created: `a POS with external_id "CAJA1"`. */
  resource: string;
  /** How a person checks, for when the outcome stays unknown. */
  howToCheck: string;
  /** Find what the call may have created; undefined when it is not there. Absent: MP offers no way to look. */
  find?: () => Promise<T | undefined>;
  /**
   * MP's "already exists" answer, where the external id is unique: resending after a look-up that found
   * nothing is then safe, and that answer after our own ambiguous attempt sends us looking again.
   */
  isDuplicate?: (e: MercadoPagoError) => boolean;
  /** Resends allowed (only with `isDuplicate`). Default 1. */
  resends?: number;
}

export async function createOnce<T>(create: () => Promise<T>, r: Recovery<T>): Promise<T> {
  let first: MercadoPagoError | undefined;
  for (let resends = 0; ; resends++) {
    let failure: unknown;
    try {
      return await create();
    } catch (e) {
      failure = e;
    }
    const ambiguous = mayHaveBeenProcessed(failure);
    const duplicate = first !== undefined && failure instanceof MercadoPagoError && r.isDuplicate?.(failure) === true;
    if (!ambiguous && !duplicate) throw failure;
    first ??= failure as MercadoPagoError;
    const unknown = (detail?: string, lookupError?: unknown) =>
      new OutcomeUnknownError({ operation: r.operation, resource: r.resource, howToCheck: r.howToCheck, originalError: first!, detail, lookupError });
    if (!r.find) throw unknown();
    let found: T | undefined;
    try {
      found = await r.find();
    } catch (e) {
      throw unknown(`looking it up failed too (${e instanceof Error ? e.message : String(e)})`, e);
    }
    if (found !== undefined) return found;
    if (!r.isDuplicate || resends >= (r.resends ?? 1)) throw unknown('a look-up right after found none');
  }
}

/** undefined for MP's 404 (nothing there), the value otherwise. */
export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}
