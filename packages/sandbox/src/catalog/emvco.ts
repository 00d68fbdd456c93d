// EMVCo Merchant-Presented-Mode payloads as Mercado Pago prints them (spec §11): TLV fields, CRC-16/CCITT-FALSE
// over everything up to and including "6304".
import type { Site } from '../sites.ts';

/** CRC-16/CCITT-FALSE of each byte value: one lookup per byte instead of eight shifts (every dynamic order's QR). */
const CRC_TABLE = Uint16Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

export function crc16(s: string): string {
  let crc = 0xffff;
  // A payload is ASCII but for names and cities: read its characters as bytes, and encode only otherwise.
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
  if (ascii) {
    crc = crcOfAscii(crc, s);
  } else {
    for (const byte of Buffer.from(s, 'utf8')) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[(crc >> 8) ^ byte];
  }
  return crcHex(crc);
}

/** The CRC after `crc` of the characters of `s`, each a byte (ASCII only). */
function crcOfAscii(crc: number, s: string): number {
  for (let i = 0; i < s.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[(crc >> 8) ^ s.charCodeAt(i)];
  return crc;
}

const HEX_UPPER = '0123456789ABCDEF';

/** Four upper-case hex digits, as `crc.toString(16).toUpperCase().padStart(4, '0')`. */
function crcHex(crc: number): string {
  return HEX_UPPER[crc >> 12] + HEX_UPPER[(crc >> 8) & 15] + HEX_UPPER[(crc >> 4) & 15] + HEX_UPPER[crc & 15];
}

export function tlv(tag: string, value: string): string {
  const len = Buffer.byteLength(value, 'utf8');
  if (len > 99) throw new RangeError(`EMVCo field ${tag} is ${len} bytes; the limit is 99`);
  return tag + String(len).padStart(2, '0') + value;
}

export function withCrc(body: string): string {
  const s = body + '6304';
  // Joined, not `+`: one flat string, as a dynamic order keeps its payload for life (a rope would keep its
  // header and the CRC's own string too).
  return [s, crc16(s)].join('');
}

export interface EmvField { tag: string; value: string; children?: EmvField[] }

/** Parse TLVs; templates 26–51 and 62 are parsed one level deeper. Throws on malformed input. */
export function parseTlv(s: string, nested = true): EmvField[] {
  const out: EmvField[] = [];
  let i = 0;
  while (i < s.length) {
    const tag = s.slice(i, i + 2);
    const len = Number(s.slice(i + 2, i + 4));
    if (!/^\d\d$/.test(tag) || !/^\d\d$/.test(s.slice(i + 2, i + 4)) || i + 4 + len > s.length) {
      throw new SyntaxError(`malformed EMVCo field at offset ${i}`);
    }
    const value = s.slice(i + 4, i + 4 + len);
    const n = Number(tag);
    const field: EmvField = { tag, value };
    if (nested && ((n >= 26 && n <= 51) || n === 62)) field.children = parseTlv(value, false);
    out.push(field);
    i += 4 + len;
  }
  return out;
}

export interface MpQr {
  /** `11` static, `12` dynamic. */
  initiation: string;
  /** In-store order UUID (tag 43, sub-tag 06) of a dynamic code. */
  inStoreOrderId?: string;
  /** POS id from `https://mpago.la/pos/<id>` (tag 43, sub-tag 01) of a static code. */
  posId?: number;
  fields: EmvField[];
}

/** Decode and check an MP QR payload; throws with the reason when invalid. */
export function decodeMpQr(payload: string): MpQr {
  if (!/^000201/.test(payload)) throw new SyntaxError('not an EMVCo payload (must start with 000201)');
  const crcAt = payload.length - 8;
  if (payload.slice(crcAt, crcAt + 4) !== '6304') throw new SyntaxError('missing CRC field 63');
  const expected = crc16(payload.slice(0, crcAt + 4));
  if (payload.slice(crcAt + 4).toUpperCase() !== expected) throw new SyntaxError(`bad CRC: expected ${expected}`);
  const fields = parseTlv(payload);
  const get = (tag: string) => fields.find((f) => f.tag === tag);
  const mp = get('43');
  const sub = (t: string) => mp?.children?.find((f) => f.tag === t)?.value;
  const link = sub('01');
  const posMatch = link ? /\/pos\/(\d+)$/.exec(link) : null;
  return {
    initiation: get('01')?.value ?? '',
    inStoreOrderId: sub('06'),
    posId: posMatch ? Number(posMatch[1]) : undefined,
    fields,
  };
}

/** Tails already built, by site, merchant and city: a seller's orders all share one (Unicode normalisation is
 *  most of a QR's cost). Bounded: emptied when it fills. */
const tails = new Map<string, string>();

/** The last tail asked for: a seller's orders in a row ask for the same one, found without building its key. */
const lastTail = { site: undefined as Site | undefined, merchantName: '', city: '', tail: '' };

function merchantTail(site: Site, merchantName: string, city: string): string {
  const last = lastTail;
  if (last.site === site && last.merchantName === merchantName && last.city === city) return last.tail;
  const key = `${site.id}\n${merchantName}\n${city}`;
  let tail = tails.get(key);
  if (tail === undefined) {
    if (tails.size >= 1000) tails.clear();
    tails.set(key, (tail = buildTail(site, merchantName, city)));
  }
  last.site = site; last.merchantName = merchantName; last.city = city; last.tail = tail;
  return tail;
}

function buildTail(site: Site, merchantName: string, city: string): string {
  const clean = (s: string, n: number) => s.normalize('NFD').replace(/[^\x20-\x7e]/g, '').slice(0, n) || 'MERCADO PAGO';
  return tlv('52', '0000') + tlv('53', site.currencyNumeric) + tlv('58', site.country2) +
    tlv('59', clean(merchantName, 25)) + tlv('60', clean(city, 15)) + tlv('62', tlv('05', '***'));
}

/** Dynamic code: tag 43 carries the in-store order UUID. */
export function dynamicQr(site: Site, inStoreOrderId: string, merchantName: string, city = site.city): string {
  const tail = merchantTail(site, merchantName, city);
  // Every order's UUID is 36 ASCII characters: the payload up to it is then always DYNAMIC_HEAD, whose CRC is
  // computed once, and the rest is ASCII (a tail keeps only printable ASCII): the CRC goes on from there.
  if (inStoreOrderId.length === 36 && PRINTABLE_36.test(inStoreOrderId)) {
    const crc = crcOfAscii(crcOfAscii(crcOfAscii(DYNAMIC_HEAD_CRC, inStoreOrderId), tail), '6304');
    // Joined, not `+`: one flat string (as withCrc).
    return [DYNAMIC_HEAD, inStoreOrderId, tail, '6304', crcHex(crc)].join('');
  }
  const mp = tlv('00', 'COM.MERCADOLIBRE') + tlv('02', '3') + tlv('06', inStoreOrderId);
  return withCrc(tlv('00', '01') + tlv('01', '12') + tlv('43', mp) + tail);
}

/** What a dynamic payload holds before a 36-character UUID (tag 43 of 65 bytes, its sub-tag 06 of 36). */
const DYNAMIC_HEAD = tlv('00', '01') + tlv('01', '12') + '4365' + tlv('00', 'COM.MERCADOLIBRE') + tlv('02', '3') + '0636';
const DYNAMIC_HEAD_CRC = crcOfAscii(0xffff, DYNAMIC_HEAD);
const PRINTABLE_36 = /^[\x20-\x7e]{36}$/;

/** Static POS code: tag 43 links to the POS. */
export function staticPosQr(site: Site, posId: number, merchantName: string, city = site.city): string {
  const mp = tlv('00', 'com.mercadolibre') + tlv('01', `https://mpago.la/pos/${posId}`);
  return withCrc(tlv('00', '01') + tlv('01', '11') + tlv('43', mp) + merchantTail(site, merchantName, city));
}
