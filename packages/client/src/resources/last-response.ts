// Typed access to the response metadata `RequestSender.send` attaches (non-enumerably) to every object it
// returns: status, headers, x-request-id (quote it to MP support), the idempotency key sent, attempts made.
import type { ResponseMeta } from '../request.ts';

export function lastResponse(value: unknown): ResponseMeta | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as { lastResponse?: ResponseMeta }).lastResponse;
}
