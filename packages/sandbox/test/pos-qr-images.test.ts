import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import jsqr from 'jsqr';
import { decodeMpQr } from '../src/index.ts';
import { createPos, createStore, newSandbox, seller } from './stores-fixtures.ts';

// jsqr is CommonJS with an ES-style `default` in its types; under NodeNext the function is at `.default`.
const jsQR = jsqr.default;

async function posWithQr(seed: string) {
  const sb = newSandbox(seed);
  const a = await seller(sb);
  await createStore(a);
  const p = await createPos(a);
  const detail = (await a.call('GET', `/pos/${p.id}`)).body;
  return { sb, a, p, detail };
}

function decodePng(buf: Buffer): string | undefined {
  const png = PNG.sync.read(buf);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

test('qr.image and qr.template_image are PNGs (no token needed) that decode to GET /pos/{id}.qr_code', async () => {
  const { sb, p, detail } = await posWithQr('qr-png');
  for (const url of [p.qr.image, p.qr.template_image]) {
    const res = await sb.fetch(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers.get('content-type'), 'image/png');
    const payload = decodePng(Buffer.from(await res.arrayBuffer()));
    assert.equal(payload, detail.qr_code);
    assert.equal(decodeMpQr(payload!).posId, p.id);
  }
});

/** The xref table: offset of every object, read from `startxref`. */
function parseXref(pdf: Buffer): { offsets: number[]; size: number } {
  const text = pdf.toString('latin1');
  const start = Number(/startxref\s+(\d+)\s+%%EOF$/.exec(text)?.[1]);
  assert.ok(Number.isInteger(start), 'startxref');
  assert.equal(text.slice(start, start + 4), 'xref');
  const head = /^xref\n(\d+) (\d+)\n/.exec(text.slice(start));
  assert.ok(head, 'xref subsection header');
  const [first, count] = [Number(head[1]), Number(head[2])];
  assert.equal(first, 0);
  const entries = start + head[0].length;
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const entry = text.slice(entries + i * 20, entries + (i + 1) * 20);
    const m = /^(\d{10}) (\d{5}) ([nf])\r\n$/.exec(entry);
    assert.ok(m, `xref entry ${i} is 20 bytes: ${JSON.stringify(entry)}`);
    if (i > 0) offsets.push(Number(m[1]));
  }
  const size = Number(/\/Size (\d+)/.exec(text.slice(start))?.[1]);
  return { offsets, size };
}

/** Paints the page's filled rectangles (the only drawing the template uses) and reads the QR back. */
function rasterizePdf(pdf: Buffer, scale = 3): string | undefined {
  const text = pdf.toString('latin1');
  const box = /\/MediaBox \[0 0 (\d+) (\d+)\]/.exec(text)!;
  const W = Number(box[1]) * scale, H = Number(box[2]) * scale;
  const stream = text.slice(text.indexOf('stream\n') + 7, text.indexOf('endstream'));
  const img = new Uint8ClampedArray(W * H * 4).fill(255);
  let color = [0, 0, 0];
  let pending: number[][] = [];
  for (const line of stream.split('\n')) {
    const rg = /^([\d.]+) ([\d.]+) ([\d.]+) rg$/.exec(line);
    const re = /^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$/.exec(line);
    if (rg) color = [rg[1], rg[2], rg[3]].map((v) => Math.round(Number(v) * 255));
    else if (re) pending.push(re.slice(1).map(Number));
    else if (line === 'f') {
      for (const [x, y, w, h] of pending) {
        const x0 = Math.round(x * scale), x1 = Math.round((x + w) * scale);
        const y0 = H - Math.round((y + h) * scale), y1 = H - Math.round(y * scale);
        for (let py = Math.max(0, y0); py < Math.min(H, y1); py++) {
          for (let px = Math.max(0, x0); px < Math.min(W, x1); px++) img.set([...color, 255], (py * W + px) * 4);
        }
      }
      pending = [];
    }
  }
  return jsQR(img, W, H)?.data;
}

test('qr.template_document is a valid PDF: header, %%EOF, correct xref offsets, and the QR drawn in it', async () => {
  const { sb, p, detail } = await posWithQr('qr-pdf');
  const res = await sb.fetch(p.qr.template_document);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.toString('latin1').trimEnd().endsWith('%%EOF'));
  const { offsets, size } = parseXref(pdf);
  assert.equal(size, offsets.length + 1);
  offsets.forEach((off, i) => {
    assert.equal(pdf.subarray(off, off + `${i + 1} 0 obj`.length).toString('latin1'), `${i + 1} 0 obj`, `object ${i + 1}`);
  });
  // The content stream's /Length is its exact byte length.
  const text = pdf.toString('latin1');
  const len = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
  const body = text.indexOf('stream\n') + 7;
  assert.equal(text.slice(body + len, body + len + 9), 'endstream');
  // Helvetica caption with the POS name.
  assert.match(text, /\/BaseFont \/Helvetica\b/);
  assert.ok(text.includes(`(${p.name}) Tj`));
  assert.equal(rasterizePdf(pdf), detail.qr_code);
});

test('POS and store names with PDF-special and non-Latin characters stay valid', async () => {
  const sb = newSandbox('qr-pdf-names');
  const a = await seller(sb);
  await createStore(a, { name: 'Peña (centro) \\ 東京' });
  const p = await createPos(a, { name: 'Caja (1) Ñandú' });
  const pdf = Buffer.from(await (await sb.fetch(p.qr.template_document)).arrayBuffer());
  const text = pdf.toString('latin1');
  assert.ok(text.includes('(Caja \\(1\\) \xd1and\xfa) Tj'));
  assert.ok(text.includes('(Pe\xf1a \\(centro\\) \\\\ ??) Tj'));
  const { offsets } = parseXref(pdf);
  offsets.forEach((off, i) => assert.equal(pdf.subarray(off, off + 7).toString('latin1'), `${i + 1} 0 obj`));
});

test('unknown POS, wrong hash or wrong file name → 404 in the classic shape', async () => {
  const { sb, p } = await posWithQr('qr-404');
  const hash = /\/([0-9a-f]+)\.png$/.exec(p.qr.image)![1];
  const base = p.qr.image.slice(0, p.qr.image.lastIndexOf('/'));
  const other = `${'0'.repeat(hash.length)}`;
  for (const url of [
    `${base}/${other}.png`,
    `${base}/template_${other}.pdf`,
    `${base}/${hash}.pdf`,
    `${base}/${hash}.gif`,
    base.replace(`/${p.id}`, '/12345678') + `/${hash}.png`,
    base.replace(`/${p.id}`, '/abc') + `/${hash}.png`,
  ]) {
    const res = await sb.fetch(url);
    assert.equal(res.status, 404, url);
    const body = await res.json() as Record<string, unknown>;
    assert.equal(body.error, 'not_found');
    assert.equal(body.status, 404);
  }
});

test('the printed QR follows store and seller: qr_code carries the store city and the site currency', async () => {
  const sb = newSandbox('qr-city');
  const a = await seller(sb, { site_id: 'MLB' });
  await createStore(a, { location: { street_number: '10', street_name: 'Rua X', city_name: 'Campinas', state_name: 'SP', latitude: -22.9, longitude: -47.06 } });
  const p = await createPos(a, { category: 5611203 });
  const g = (await a.call('GET', `/pos/${p.id}`)).body;
  const qr = decodeMpQr(g.qr_code);
  assert.equal(qr.fields.find((f) => f.tag === '60')?.value, 'CAMPINAS');
  assert.equal(qr.fields.find((f) => f.tag === '53')?.value, '986');
  assert.equal(g.site, 'MLB');
  const png = decodePng(Buffer.from(await (await sb.fetch(p.qr.image)).arrayBuffer()));
  assert.equal(png, g.qr_code);
});
