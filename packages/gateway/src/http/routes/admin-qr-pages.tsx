// The seller page's QR downloads: each POS's printed QR as a PNG or a one-page PDF, behind the admin session (no
// session: back to the log-in). Another seller's POS, or a POS without a QR, is a 404.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env.ts';
import type { AdminKit } from './admin-kit.ts';
import type { AdminPageDeps } from './admin-pages.tsx';
import { PosQrService, type PosQrFile } from '../../services/pos-qr.ts';

export function adminQrPages(kit: AdminKit, d: AdminPageDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const qr = new PosQrService(d);
  const download = (make: (seller: string, pos: string) => Promise<PosQrFile>) => kit.page(async (c: Context) => {
    const f = await make(c.req.param('seller')!, c.req.param('pos')!);
    return c.body(f.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': f.type, 'content-disposition': `attachment; filename="${f.filename}"`,
      'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff',
    });
  });
  app.get('/admin/sellers/:seller/pos/:pos/qr.png', download((s, p) => qr.png(s, p)));
  app.get('/admin/sellers/:seller/pos/:pos/qr.pdf', download((s, p) => qr.pdf(s, p)));
  return app;
}
