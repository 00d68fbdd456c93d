// EMVCo TLV + CRC (spec §11 vector), MP-specific fields, and rendering that a QR reader decodes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { crc16, decodeMpQr, decodeTlv, encodeTlv, hasValidCrc, renderQrPng, renderQrSvg, renderQrTerminal, tlv, withCrc } from '../src/index.ts';

// jsqr is CommonJS whose exports object is also its `default`; typed as an ES default export.
const jsQR = jsQRModule.default;

const VECTOR = '00020101021243650016COM.MERCADOLIBRE020130636cd8fce34-5045-43f2-96ff-ab36b717bbad5204000053039865802BR5909Test Test6009SAO PAULO62070503***63045742';

test('CRC16/CCITT-FALSE of the spec vector is 5742', () => {
  assert.equal(crc16(VECTOR.slice(0, -4)), '5742');
  assert.equal(crc16('123456789'), '29B1'); // the CRC catalogue's check value
  assert.equal(hasValidCrc(VECTOR), true);
  assert.equal(hasValidCrc(VECTOR.replace('Test Test', 'Test Tesu')), false);
});

test('decodeMpQr reads the dynamic code: in-store order id, merchant, currency', () => {
  const qr = decodeMpQr(VECTOR);
  assert.equal(qr.initiation, '12');
  assert.equal(qr.inStoreOrderId, 'cd8fce34-5045-43f2-96ff-ab36b717bbad');
  assert.equal(qr.posId, undefined);
  assert.equal(qr.merchantName, 'Test Test');
  assert.equal(qr.city, 'SAO PAULO');
  assert.equal(qr.currencyNumeric, '986');
  assert.equal(qr.country, 'BR');
  assert.equal(qr.amount, undefined);
  const mp = qr.fields.find((f) => f.tag === '43')!;
  assert.deepEqual(mp.children, [
    { tag: '00', value: 'COM.MERCADOLIBRE' }, { tag: '02', value: '3' }, { tag: '06', value: 'cd8fce34-5045-43f2-96ff-ab36b717bbad' },
  ]);
});

test('encode → decode round trip, and a static POS code gives the POS id', () => {
  const fields = [
    { tag: '00', value: '01' }, { tag: '01', value: '11' },
    { tag: '43', value: '', children: [{ tag: '00', value: 'com.mercadolibre' }, { tag: '01', value: 'https://mpago.la/pos/2711382' }] },
    { tag: '52', value: '9700' }, { tag: '53', value: '032' }, { tag: '58', value: 'AR' }, { tag: '59', value: 'FULL NAME' }, { tag: '60', value: 'CITY LEGAL' },
  ];
  const payload = withCrc(encodeTlv(fields));
  assert.ok(hasValidCrc(payload));
  const qr = decodeMpQr(payload);
  assert.equal(qr.posId, 2711382);
  assert.equal(qr.posUrl, 'https://mpago.la/pos/2711382');
  assert.equal(qr.initiation, '11');
  // The vector re-encodes to itself.
  assert.equal(withCrc(encodeTlv(decodeTlv(VECTOR).filter((f) => f.tag !== '63'))), VECTOR);
});

test('malformed payloads are refused with the reason', () => {
  assert.throws(() => decodeMpQr('hello'), /must start with 000201/);
  assert.throws(() => decodeMpQr(VECTOR.slice(0, -8)), /missing CRC/);
  assert.throws(() => decodeMpQr(VECTOR.slice(0, -4) + '0000'), /bad CRC: expected 5742/);
  assert.throws(() => decodeTlv('0005ab'), /malformed EMVCo field at offset 0/);
  assert.throws(() => tlv('1', 'x'), /two digits/);
  assert.throws(() => tlv('59', 'x'.repeat(100)), /limit is 99/);
});

test('PNG renders a code that a QR reader decodes to the same payload', async () => {
  const png = await renderQrPng(VECTOR);
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const img = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
  assert.equal(found?.data, VECTOR);
});

test('SVG and terminal renderings', async () => {
  const svg = await renderQrSvg(VECTOR);
  assert.match(svg, /^<svg[^>]+viewBox/);
  const term = await renderQrTerminal(VECTOR);
  assert.ok(term.split('\n').length > 20);
  assert.match(term, /[█▀▄]/);
});
