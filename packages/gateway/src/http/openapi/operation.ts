// One documented operation, and the parameters and answers the operation lists share. Kept apart from
// operations.ts so each area's list (ops-*.ts) can use them without importing the whole document.
import { z } from '../input.ts';
import { idempotencyKeyHeader } from '../routes/charges.ts';

export type Security = 'deviceKey' | 'adminKey' | 'metricsToken';

export interface Param { name: string; in: 'path' | 'query' | 'header'; schema: z.ZodType; required?: boolean; description?: string }

export interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  id: string;
  tag: string;
  summary: string;
  description?: string;
  security?: Security;
  params?: Param[];
  body?: { schema: z.ZodType; example: unknown; description?: string };
  /** By status; `type` is the content type (JSON when a schema is given without one). */
  responses: Record<string, { description: string; schema?: z.ZodType; type?: string }>;
}

export const id = (name: string, description: string): Param => ({ name, in: 'path', schema: z.string().min(1), required: true, description });
export const chargeId = id('id', "The charge's id (chg_…)");
export const sellerId = id('seller', "The seller's id (sel_…)");
export const posId = id('pos', "The POS's id (pos_…)");
export const idempotency: Param = { name: 'Idempotency-Key', in: 'header', schema: idempotencyKeyHeader, required: true, description: 'Reuse it when retrying the same request: the same key returns the same result; with another body it is a 409' };
export const json = (description: string, schema: z.ZodType) => ({ description, schema });

export const html = (what: string) => ({ description: `HTML: ${what}`, type: 'text/html' });
export const seeOther = (to: string) => ({ description: `See Other: ${to}` });
const SESSION = 'Needs the admin session cookie (GET without one: 303 to /admin); a form POST also needs its `_csrf` field (401 without a session, 403 with a wrong or missing token).';

/** An admin page or form behind the session cookie; path parameters named {seller}, {pos}, {key}, {id} are described. */
export function sessionOp(method: 'get' | 'post', path: string, opId: string, summary: string, responses: Operation['responses'], extra: Param[] = []): Operation {
  const params = [sellerId, posId, id('key', "The key's id (dk_…)"), id('id', 'The id')].filter((p) => path.includes(`{${p.name}}`));
  return { method, path, id: opId, tag: 'Pages', summary, description: SESSION, ...((params.length || extra.length) && { params: [...params, ...extra] }), responses };
}
