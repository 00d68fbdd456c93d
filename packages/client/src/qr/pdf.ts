// Render a QR payload as a one-page printable PDF (A4): a title line, the code, a caption. The code is drawn as
// vector rectangles, one per dark module, so it prints sharp at any size and needs no image codec; the text uses
// the standard Type1 fonts every PDF reader has (Helvetica), so nothing is embedded. The file is plain PDF 1.4
// with a correct cross-reference table, ASCII apart from the binary-marker comment (non-ASCII letters of the
// text are written as octal escapes in WinAnsiEncoding, the fonts' standard encoding in every reader).
import type QRCodeModule from 'qrcode';
import type { RenderOptions } from './render.ts';

const loadQrcode = async (): Promise<typeof QRCodeModule> => (await import('qrcode')).default;

export interface PdfOptions extends Omit<RenderOptions, 'scale'> {
  /** The line above the code, e.g. the store and POS name. */
  title?: string;
  /** The line below the code. Default: "Escaneá para pagar con Mercado Pago". */
  caption?: string;
}

export const DEFAULT_PDF_CAPTION = 'Escaneá para pagar con Mercado Pago';

/** A4 portrait, in points. */
const PAGE = { w: 595, h: 842 } as const;
/** The code's side on paper (quiet zone included): 12.7 cm, easily scanned from a counter. */
const QR_SIDE = 360;
const QR_TOP = 700;

export async function renderQrPdf(payload: string, options: PdfOptions = {}): Promise<Buffer> {
  const margin = options.margin ?? 2;
  const qr = (await loadQrcode()).create(payload, { errorCorrectionLevel: options.errorCorrectionLevel ?? 'M' });
  const n = qr.modules.size;
  const unit = QR_SIDE / (n + 2 * margin);
  const left = (PAGE.w - QR_SIDE) / 2;
  const ops: string[] = ['q', '0 g'];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      const x = left + (col + margin) * unit;
      const y = QR_TOP - (row + margin + 1) * unit; // PDF's y grows upwards; row 0 is the top
      ops.push(`${num(x)} ${num(y)} ${num(unit)} ${num(unit)} re`);
    }
  }
  ops.push('f', 'Q');
  const title = options.title?.trim();
  if (title) ops.push(text('F1', 22, QR_TOP + 40, title));
  ops.push(text('F2', 16, QR_TOP - QR_SIDE - 36, options.caption ?? DEFAULT_PDF_CAPTION));
  return pdfDocument(ops.join('\n'), title || 'QR');
}

const num = (v: number): string => String(Math.round(v * 1000) / 1000);

/** One centred line: the width from Helvetica's metrics (bold is close enough to centre by). */
function text(font: 'F1' | 'F2', size: number, y: number, s: string): string {
  const bytes = winAnsi(s);
  const width = bytes.reduce((w, b) => w + charWidth(b), 0) * size / 1000 * (font === 'F1' ? 1.06 : 1);
  const x = Math.max(36, (PAGE.w - width) / 2);
  return `BT /${font} ${size} Tf ${num(x)} ${num(y)} Td (${literal(bytes)}) Tj ET`;
}

/** WinAnsiEncoding: Latin-1 as is, the typographic few of 0x80–0x9F, anything else a "?". */
const WIN_ANSI_EXTRA: Record<string, number> = { '€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97 };

function winAnsi(s: string): number[] {
  return [...s.normalize('NFC')].map((ch) => {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
    return WIN_ANSI_EXTRA[ch] ?? 0x3f;
  });
}

/** A PDF literal string, ASCII only: ( ) \ escaped, bytes past 0x7e as octal escapes. */
function literal(bytes: number[]): string {
  return bytes.map((b) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b > 0x7e ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b))).join('');
}

// Helvetica's advance widths (per 1000 em) for 0x20–0x7e, from its AFM; other letters take their base letter's
// width closely enough for centring a line.
const HELVETICA = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
  667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584];

const charWidth = (b: number): number => (b >= 0x20 && b <= 0x7e ? HELVETICA[b - 0x20]! : 556);

/** The objects, each at the byte offset the xref table gives; every byte here is < 0x100 (latin1). */
function pdfDocument(content: string, title: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.w} ${PAGE.h}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title (${literal(winAnsi(title))}) /Producer (cobro) >>`,
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
