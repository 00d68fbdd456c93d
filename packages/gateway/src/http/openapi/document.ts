// The OpenAPI 3.1 document, built once from OPERATIONS with zod 4's own `z.toJSONSchema` (JSON Schema 2020-12,
// which is OpenAPI 3.1's dialect). Not @hono/zod-openapi: it wants every route rewritten as createRoute() with
// its own validator and error hook, beside the input kit (http/input.ts) that already bounds bodies, refuses
// unknown fields and names each field — two validation paths for one edge. Here the routes keep the one kit and
// this document reads the very schema objects they parse with.
import { z } from '../input.ts';
import { OPERATIONS, type Operation, type Param } from './operations.ts';
import * as r from './responses.ts';

const COMPONENTS: [string, z.ZodType][] = [
  ['Error', r.errorBody], ['Charge', r.charge], ['ChargeEvents', r.chargeEvents], ['Seller', r.seller], ['Store', r.store], ['Pos', r.pos],
];

type Json = Record<string, unknown>;

function inline(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** A component's $ref, or the schema written out. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const ref = COMPONENTS.find(([, s]) => s === schema);
  return ref ? { $ref: `#/components/schemas/${ref[0]}` } : inline(schema, io);
}

function parameter(p: Param): Json {
  return { name: p.name, in: p.in, required: p.required ?? p.in === 'path', ...(p.description && { description: p.description }), schema: jsonSchema(p.schema, 'input') };
}

const ERROR = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function responses(op: Operation): Json {
  const out: Json = {};
  for (const [status, res] of Object.entries(op.responses)) {
    const type = res.type ?? (res.schema ? 'application/json' : undefined);
    const content: Json = {};
    if (type) content[type] = res.schema && type === 'application/json' ? { schema: jsonSchema(res.schema, 'output') } : {};
    // The events route answers JSON too (with ?wait=).
    if (type === 'text/event-stream' && res.schema) content['application/json'] = { schema: jsonSchema(res.schema, 'output') };
    out[status] = { description: res.description, ...(type && { content }) };
  }
  if (op.body && !out['400']) out['400'] = ERROR('Invalid request: `error.fields` names each field and rule');
  if (op.security && !out['401']) out['401'] = ERROR('Missing or wrong credentials');
  if (op.params?.some((p) => p.in === 'path') && !out['404']) out['404'] = ERROR('Not found (or not this caller\'s)');
  out.default = ERROR('Any other error, in the one error shape');
  return out;
}

function operation(op: Operation): Json {
  return {
    operationId: op.id, tags: [op.tag], summary: op.summary, ...(op.description && { description: op.description }),
    ...(op.security && { security: [{ [op.security]: [] }] }),
    ...(op.params && { parameters: op.params.map(parameter) }),
    ...(op.body && {
      requestBody: {
        required: op.body.schema.safeParse(undefined).success ? false : true, ...(op.body.description && { description: op.body.description }),
        content: { 'application/json': { schema: jsonSchema(op.body.schema, 'input'), example: op.body.example } },
      },
    }),
    responses: responses(op),
  };
}

let built: Json | undefined;

export function openApiDocument(): Json {
  if (built) return built;
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  built = {
    openapi: '3.1.0',
    info: {
      title: 'cobro gateway', version: '0.1.0',
      description: 'The integrator\'s multi-tenant backend for Mercado Pago QR payments: terminals call /api with their device key, the integrator administers sellers, stores, POS and keys at /admin/api. Every response carries x-request-id; every error has one JSON shape.',
    },
    tags: [{ name: 'Charges' }, { name: 'Terminal' }, { name: 'Admin' }, { name: 'Sellers' }, { name: 'Mercado Pago' }, { name: 'Operations' }],
    paths,
    components: {
      schemas: Object.fromEntries(COMPONENTS.map(([name, s]) => [name, inline(s, 'output')])),
      securitySchemes: {
        deviceKey: { type: 'http', scheme: 'bearer', description: "A terminal's device key (cbk_…): every call is scoped to its POS and seller" },
        adminKey: { type: 'http', scheme: 'bearer', description: 'The integrator\'s admin API key (COBRO_ADMIN_PASSWORD, or admin-api.key in the data folder)' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, only when it is set' },
      },
    },
  };
  return built;
}
