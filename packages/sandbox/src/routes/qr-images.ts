// The POS QR image links (spec §5.2): `/instore/merchant/qr/{pos_id}/{hash}.png`, `template_{hash}.png`,
// `template_{hash}.pdf`. Public like MP's (no token): the unguessable hash is the secret.
import { Hono } from 'hono';
import type { Env } from '../http.ts';
import type { SandboxState } from '../state.ts';
import { classicError } from '../errors.ts';
import { posQrPayload } from '../catalog/pos.ts';
import { qrPng, qrTemplatePdf, qrTemplatePng } from '../catalog/qr-image.ts';

const FILE = /^(template_)?([0-9a-f]{8,64})\.(png|pdf)$/;

export function qrImageRoutes(state: SandboxState): Hono<Env> {
  const app = new Hono<Env>();

  app.get('/instore/merchant/qr/:posId/:file', async (c) => {
    const posId = c.req.param('posId');
    const m = FILE.exec(c.req.param('file'));
    const pos = /^\d{1,15}$/.test(posId) ? state.pos.get(Number(posId)) : undefined;
    // A wrong hash looks exactly like an unknown POS: the link is the only credential.
    if (!m || !pos || m[2] !== pos.qr_hash || (m[3] === 'pdf' && !m[1])) {
      throw classicError(404, 'not_found', `QR image ${c.req.path} not found.`);
    }
    const payload = posQrPayload(state, pos);
    const headers = { 'cache-control': 'no-store' };
    if (m[3] === 'pdf') {
      const store = state.stores.get(pos.store_id);
      const lines = [pos.name, ...(store ? [store.name] : []), 'Escanea y paga con Mercado Pago'];
      const pdf = qrTemplatePdf(payload, { title: 'Mercado Pago', lines });
      return c.body(new Uint8Array(pdf), 200, { ...headers, 'content-type': 'application/pdf' });
    }
    const png = m[1] ? await qrTemplatePng(payload) : await qrPng(payload);
    return c.body(new Uint8Array(png), 200, { ...headers, 'content-type': 'image/png' });
  });

  return app;
}
