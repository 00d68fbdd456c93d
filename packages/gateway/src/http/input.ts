// The gateway's one validation kit: zod schemas at the edge. A body is bounded (size, then JSON nesting through
// the schema's own shape), parsed strictly (an unknown field is an error, not ignored), and every problem is
// reported with its field path and rule, so nothing unvalidated reaches a service or the database.
import type { Context } from 'hono';
import { z } from 'zod';
import { GatewayError, type FieldProblem } from '../errors.ts';

export { z };

/** Largest JSON body the gateway reads, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The raw body, refused with a 413 past MAX_BODY_BYTES. */
export async function boundedText(c: Context): Promise<string> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new GatewayError(413, 'body_too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  return text;
}

export async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  const text = await boundedText(c);
  let raw: unknown = {};
  if (text.trim() !== '') {
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
      throw new GatewayError(415, 'unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new GatewayError(400, 'invalid_json', `the body is not valid JSON: ${(e as Error).message}`);
    }
  }
  return parse(schema, raw);
}

export function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new GatewayError(400, 'invalid_request', summary(r.error.issues), { fields: r.error.issues.map(problem) });
}

function problem(i: z.core.$ZodIssue): FieldProblem {
  const field = i.path.length ? i.path.map(String).join('.') : i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys.join(', ') : 'body';
  return { field, rule: i.message };
}

function summary(issues: z.core.$ZodIssue[]): string {
  const first = problem(issues[0]);
  return `${first.field}: ${first.rule}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`;
}

/** External ids as Mercado Pago takes them for stores and POS. */
export const externalId = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only');

/** A query without its empty fields: a GET form sends an untouched select or date as `name=`, meaning no filter. */
export function filledIn(q: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}
