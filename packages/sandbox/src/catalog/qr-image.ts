// The printable images of a POS's static QR (spec §5.2 `qr.image`, `qr.template_image`, `qr.template_document`):
// PNGs through `qrcode`, and a one-page PDF written by hand (vector modules + Helvetica captions) so the
// sandbox needs no PDF library.
import QRCode from 'qrcode';

/** `qr.image`: the bare code. */
export function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
}

/** `qr.template_image`: the printable variant, larger and with a wide quiet zone (no brand artwork). */
export function qrTemplatePng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 10, scale: 12 });
}

/** Text for a WinAnsi-encoded PDF string: Latin-1 only, with `\`, `(`, `)` escaped. */
function pdfText(s: string): string {
  return s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').replace(/[\\()]/g, (ch) => `\\${ch}`);
}

const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();

export interface PdfCaption { title: string; lines: string[] }

/**
 * A one-page A6 PDF: a blue header with the title, the QR as filled rectangles (one per horizontal run of
 * dark modules) and caption lines under it. Every operator is on its own line.
 */
export function qrTemplatePdf(payload: string, caption: PdfCaption): Buffer {
  const W = 298, H = 420, margin = 30, header = 56;
  const modules = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
  const n = modules.size;
  const quiet = 4;
  const s = Math.floor(((W - 2 * margin) / (n + 2 * quiet)) * 100) / 100;
  const qrSide = s * (n + 2 * quiet);
  const left = (W - qrSide) / 2 + quiet * s;
  const top = H - header - 12 - quiet * s;

  const ops: string[] = [];
  // Header band in Mercado Pago blue, title in white.
  ops.push('0 0.62 0.89 rg', `0 ${H - header} ${W} ${header} re`, 'f');
  ops.push('1 1 1 rg', 'BT', '/F2 20 Tf', `${margin} ${H - 36} Td`, `(${pdfText(caption.title)}) Tj`, 'ET');
  // The code: black modules on the white page.
  ops.push('0 0 0 rg');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules.get(r, c)) { c++; continue; }
      const start = c;
      while (c < n && modules.get(r, c)) c++;
      ops.push(`${fmt(left + start * s)} ${fmt(top - (r + 1) * s)} ${fmt((c - start) * s)} ${fmt(s)} re`);
    }
  }
  ops.push('f');
  let y = top - n * s - quiet * s - 18;
  for (const [i, line] of caption.lines.entries()) {
    ops.push('BT', `/${i === 0 ? 'F2' : 'F1'} ${i === 0 ? 14 : 11} Tf`, `${margin} ${fmt(y)} Td`, `(${pdfText(line)}) Tj`, 'ET');
    y -= i === 0 ? 18 : 15;
  }
  const content = ops.join('\n') + '\n';

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${W} ${H}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
  ];
  // Header with a binary comment so tools treat the file as binary.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  // Each xref entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, type, CR LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n\r\n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}
