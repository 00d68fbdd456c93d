// A POS's printed (static) QR, for the admin to download and print: Mercado Pago makes it with the POS (the create
// answer's `qr` links, mirrored in pos.qr) and gives its EMVCo payload as `qr_code` on GET /pos/{id}. The gateway
// reads that payload from MP on each download (it never changes for a POS, and a download is rare), so what is
// printed is exactly what MP will recognise; the images are drawn here with the client's renderers.
import { renderQrPdf, renderQrPng } from '@cobro/client';
import { GatewayError, fromMpError } from '../errors.ts';
import type { ProvisioningService } from './provisioning.ts';
import type { SellersService } from './sellers.ts';

export interface PosQr { data: string; posName: string; storeName: string | undefined; externalId: string }

export interface PosQrFile { body: Uint8Array; type: string; filename: string }

export class PosQrService {
  constructor(private readonly d: { provisioning: ProvisioningService; sellers: SellersService }) {
    Object.freeze(this);
  }

  /** The POS's QR payload; a 404 for a POS not this seller's, or one Mercado Pago gave no QR. */
  async qr(sellerId: string, posId: string): Promise<PosQr> {
    const pos = await this.d.provisioning.pos(sellerId, posId); // 404 for another seller's POS
    const none = () => new GatewayError(404, 'not_found', `POS ${pos.name} has no QR on Mercado Pago`);
    if (pos.qr === null || pos.mp_pos_id === null) throw none();
    const { mp } = await this.d.sellers.clientFor(sellerId);
    const mpPos = await mp.pos.get(pos.mp_pos_id).catch((e) => { throw fromMpError(e, 'reading the POS on Mercado Pago'); });
    if (!mpPos.qr_code) throw none();
    const store = (await this.d.provisioning.stores(sellerId)).find((s) => s.id === pos.store_id);
    return { data: mpPos.qr_code, posName: pos.name, storeName: store?.name, externalId: pos.external_id };
  }

  async png(sellerId: string, posId: string): Promise<PosQrFile> {
    const qr = await this.qr(sellerId, posId);
    return { body: new Uint8Array(await renderQrPng(qr.data, { scale: 12, margin: 4 })), type: 'image/png', filename: `qr-${qr.externalId}.png` };
  }

  /** A page to print and stick on the counter: the store and POS name above the code. */
  async pdf(sellerId: string, posId: string): Promise<PosQrFile> {
    const qr = await this.qr(sellerId, posId);
    const title = qr.storeName ? `${qr.storeName} · ${qr.posName}` : qr.posName;
    return { body: new Uint8Array(await renderQrPdf(qr.data, { title })), type: 'application/pdf', filename: `qr-${qr.externalId}.pdf` };
  }
}
