// Render a QR payload (e.g. Orders `type_response.qr_data`) for a screen, a printer or a terminal.
// The dynamic QR image is the integrator's job (spec §11): MP only serves images for static POS codes.
// qrcode is loaded on first use: it costs start-up that only apps which draw QR images should pay.
import type QRCodeModule from 'qrcode';

const loadQrcode = async (): Promise<typeof QRCodeModule> => (await import('qrcode')).default;

export interface RenderOptions {
  /** Quiet-zone modules. Default 2. */
  margin?: number;
  /** PNG/SVG pixels per module. Default 8. */
  scale?: number;
  /** Error correction. Default 'M'. */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
}

function opts(o: RenderOptions) {
  return { margin: o.margin ?? 2, scale: o.scale ?? 8, errorCorrectionLevel: o.errorCorrectionLevel ?? 'M' } as const;
}

export async function renderQrPng(payload: string, options: RenderOptions = {}): Promise<Buffer> {
  return (await loadQrcode()).toBuffer(payload, { ...opts(options), type: 'png' });
}

export async function renderQrSvg(payload: string, options: RenderOptions = {}): Promise<string> {
  return (await loadQrcode()).toString(payload, { ...opts(options), type: 'svg' });
}

/** Block characters for a terminal; `small` halves the height. */
export async function renderQrTerminal(payload: string, options: RenderOptions & { small?: boolean } = {}): Promise<string> {
  return (await loadQrcode()).toString(payload, { errorCorrectionLevel: opts(options).errorCorrectionLevel, type: 'terminal', small: options.small ?? true });
}
