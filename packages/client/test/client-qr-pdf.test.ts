// The printable QR (renderQrPdf) read back as a PDF reader would: the header, the cross-reference table whose
// offsets land on their objects, the content stream's length, one rectangle per dark module — and those
// rectangles, painted into a bitmap, decode with a QR reader to the payload they came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import jsQRModule from 'jsqr';
import { DEFAULT_PDF_CAPTION, renderQrPdf } from '../src/index.ts';

const jsQR = jsQRModule.default;
const VECTOR = '00020101021243650016COM.MERCADOLIBRE020130636cd8fce34-5045-43f2-96ff-ab36b717bbad5204000053039865802BR5909Test Test6009SAO PAULO62070503***63045742';

/** The objects as the xref table places them; fails when an offset does not point at "<n> 0 obj". */
function readPdf(pdf: Buffer): { objects: Map<number, string>; trailer: string } {
  const s = pdf.toString('latin1');
  assert.ok(s.startsWith('%PDF-1.4\n'), 'starts with the PDF 1.4 header');
  assert.ok(s.endsWith('%%EOF\n'));
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)?.[1]);
  assert.equal(s.slice(startxref, startxref + 5), 'xref\n', 'startxref points at the xref table');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(s.slice(startxref))!.map(Number);
  assert.equal(first, 0);
  const table = s.slice(startxref).split('\n').slice(2, 2 + count!);
  assert.equal(table[0], '0000000000 65535 f ');
  const objects = new Map<number, string>();
  table.slice(1).forEach((entry, i) => {
    assert.match(entry, /^\d{10} 00000 n $/, 'each entry 20 bytes with its end of line');
    const at = Number(entry.slice(0, 10));
    const head = `${i + 1} 0 obj\n`;
    assert.equal(s.slice(at, at + head.length), head, `xref entry ${i + 1} points at its object`);
    objects.set(i + 1, s.slice(at + head.length, s.indexOf('\nendobj\n', at)));
  });
  const trailer = s.slice(s.indexOf('trailer\n'), s.indexOf('startxref'));
  assert.match(trailer, new RegExp(`/Size ${count}\\b`));
  return { objects, trailer };
}

function contentOf(objects: Map<number, string>): string {
  const stream = [...objects.values()].find((o) => o.includes('\nstream\n'))!;
  const length = Number(/\/Length (\d+)/.exec(stream)![1]);
  const body = stream.slice(stream.indexOf('\nstream\n') + 8, stream.lastIndexOf('\nendstream'));
  assert.equal(body.length, length, '/Length is the stream\'s byte count');
  return body;
}

test('renderQrPdf: a valid one-page PDF 1.4 whose rectangles are the dark modules, and decode back to the payload', async () => {
  const pdf = await renderQrPdf(VECTOR, { title: 'Sucursal Centro · Caja 1' });
  const { objects, trailer } = readPdf(pdf);
  assert.match(trailer, /\/Root 1 0 R/);
  assert.match(objects.get(1)!, /\/Type \/Catalog/);
  assert.match(objects.get(2)!, /\/Count 1/);
  assert.match(objects.get(3)!, /\/MediaBox \[0 0 595 842\]/);
  assert.match(objects.get(4)!, /\/BaseFont \/Helvetica-Bold/);
  const content = contentOf(objects);
  const rects = [...content.matchAll(/^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$/gm)].map((m) => m.slice(1).map(Number));
  const qr = QRCode.create(VECTOR, { errorCorrectionLevel: 'M' });
  const dark = qr.modules.data.reduce((n, b) => n + (b ? 1 : 0), 0);
  assert.equal(rects.length, dark, 'one rectangle per dark module');
  // Paint them at 4 px per module (plus white around) and read the bitmap as a QR reader does.
  const unit = rects[0]![2]!;
  const minX = Math.min(...rects.map((r) => r[0]!)) - 4 * unit;
  const maxY = Math.max(...rects.map((r) => r[1]!)) + 5 * unit;
  const side = (qr.modules.size + 8) * 4;
  const px = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x, y] of rects) {
    const c0 = Math.round((x! - minX) / unit) * 4, r0 = Math.round((maxY - y! - unit) / unit) * 4;
    for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) px.fill(0, (r * side + c) * 4, (r * side + c) * 4 + 3);
  }
  assert.equal(jsQR(px, side, side)?.data, VECTOR, 'the drawn code decodes to the payload');
  assert.match(content, /BT \/F1 22 Tf [\d.]+ [\d.]+ Td \(Sucursal Centro \\267 Caja 1\) Tj ET/, 'the title, · in WinAnsi');
  assert.match(content, /\(Escane\\341 para pagar con Mercado Pago\) Tj/, 'the caption, á as an octal escape');
  assert.equal(DEFAULT_PDF_CAPTION, 'Escaneá para pagar con Mercado Pago');
  assert.ok([...pdf.subarray(15)].every((b) => b < 0x80), 'ASCII after the binary-marker comment');
});

test('renderQrPdf: text with PDF delimiters is escaped, letters outside WinAnsi become "?"', async () => {
  const pdf = await renderQrPdf('hello', { title: 'Caja (1) \\ 北', caption: 'Pagá – ya' });
  const content = contentOf(readPdf(pdf).objects);
  assert.match(content, /\(Caja \\\(1\\\) \\\\ \?\) Tj/);
  assert.match(content, /\(Pag\\341 \\226 ya\) Tj/);
});
