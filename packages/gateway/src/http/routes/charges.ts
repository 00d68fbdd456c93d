// The charge API for terminals: every route is scoped to the device key's POS and seller (a charge of another
// POS is a 404, never a 403 that would confirm it exists).
import { Hono } from 'hono';
import { renderQrPng, renderQrSvg } from '@cobro/client';
import type { AppEnv } from '../env.ts';
import { body, z } from '../input.ts';
import { GatewayError } from '../../errors.ts';
import type { ChargesService } from '../../services/charges.ts';

const decimal = z.string().max(20).regex(/^\s*[0-9.,-]+\s*$/, 'a decimal string such as "1234.50"');
export const chargeInput = z.strictObject({
  amount: decimal,
  description: z.string().min(1).max(150).optional(),
  items: z.array(z.strictObject({ title: z.string().min(1).max(150), unit_price: decimal, quantity: z.number().int().min(1).max(10_000) })).min(1).max(50).optional(),
  mode: z.enum(['static', 'dynamic', 'hybrid']).optional(),
  external_reference: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only').optional(),
});
/** The terminal's key for one logical request, reused on every retry of it. */
export const idempotencyKeyHeader = z.string().regex(/^[\x21-\x7e]{1,255}$/, '1-255 visible characters');
export const refundInput = z.strictObject({ amount: decimal.optional() });

function idempotencyKey(header: string | undefined): string {
  if (!header || !idempotencyKeyHeader.safeParse(header).success) {
    throw new GatewayError(400, 'invalid_request', 'the Idempotency-Key header is required (1-255 visible characters): reuse it when retrying the same request', { fields: [{ field: 'Idempotency-Key', rule: 'required header' }] });
  }
  return header;
}

export function chargeRoutes(d: { charges: ChargesService }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/charges', async (c) => {
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const input = await body(c, chargeInput);
    const { charge, created } = await d.charges.create(c.get('device'), key, input);
    if (charge.status === 'failed') return c.json({ ...charge, error: { code: 'mercadopago_rejected', message: charge.failure?.message } }, 422);
    return c.json(charge, created ? 201 : 200);
  });
  app.get('/charges/:id', async (c) => c.json(await d.charges.get(c.get('device'), c.req.param('id'))));
  app.post('/charges/:id/cancel', async (c) => c.json(await d.charges.cancel(c.get('device'), c.req.param('id'))));
  app.post('/charges/:id/refunds', async (c) => {
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const { amount } = await body(c, refundInput);
    return c.json(await d.charges.refund(c.get('device'), c.req.param('id'), key, amount), 202);
  });
  app.get('/charges/:id/qr.svg', async (c) => {
    const ch = await d.charges.get(c.get('device'), c.req.param('id'));
    if (!ch.qr_data) throw new GatewayError(404, 'not_found', 'this charge has no QR yet');
    return c.body(await renderQrSvg(ch.qr_data), 200, { 'content-type': 'image/svg+xml' });
  });
  app.get('/charges/:id/qr.png', async (c) => {
    const ch = await d.charges.get(c.get('device'), c.req.param('id'));
    if (!ch.qr_data) throw new GatewayError(404, 'not_found', 'this charge has no QR yet');
    return c.body(new Uint8Array(await renderQrPng(ch.qr_data)), 200, { 'content-type': 'image/png' });
  });
  return app;
}
