// EMVCo Merchant-Presented-Mode payloads as Mercado Pago prints them (spec §11): TLV fields `TTLLvalue`,
// templates nested, ending in `6304` + CRC-16/CCITT-FALSE computed over everything up to and including `6304`.
// The amount is never in the code: tag 43 points at the order (sub 06) or the POS (sub 01).

export interface EmvField {
  tag: string;
  value: string;
  /** Sub-fields of templates (tags 26–51, 62). */
  children?: EmvField[];
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection), 4 uppercase hex digits. */
export function crc16(payload: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(payload, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function isTemplate(tag: string): boolean {
  const n = Number(tag);
  return (n >= 26 && n <= 51) || n === 62;
}

/** One TLV; lengths are in characters (MP payloads are ASCII), max 99. */
export function tlv(tag: string, value: string): string {
  if (!/^\d\d$/.test(tag)) throw new RangeError(`EMVCo tag must be two digits, got "${tag}"`);
  if (value.length > 99) throw new RangeError(`EMVCo field ${tag} is ${value.length} characters; the limit is 99`);
  return tag + String(value.length).padStart(2, '0') + value;
}

/** Encode fields (children, when given, replace the value). */
export function encodeTlv(fields: EmvField[]): string {
  return fields.map((f) => tlv(f.tag, f.children ? encodeTlv(f.children) : f.value)).join('');
}

/** Decode TLVs; templates are parsed one level deeper. Throws SyntaxError on malformed input. */
export function decodeTlv(payload: string, nested = true): EmvField[] {
  const out: EmvField[] = [];
  let i = 0;
  while (i < payload.length) {
    const tag = payload.slice(i, i + 2);
    const lenText = payload.slice(i + 2, i + 4);
    const len = Number(lenText);
    if (!/^\d\d$/.test(tag) || !/^\d\d$/.test(lenText) || i + 4 + len > payload.length) {
      throw new SyntaxError(`malformed EMVCo field at offset ${i}`);
    }
    const value = payload.slice(i + 4, i + 4 + len);
    const field: EmvField = { tag, value };
    if (nested && isTemplate(tag)) {
      try {
        field.children = decodeTlv(value, false);
      } catch {
        // Not every template value is itself TLV in the wild; keep the raw value.
      }
    }
    out.push(field);
    i += 4 + len;
  }
  return out;
}

/** Append `6304` and its CRC. */
export function withCrc(body: string): string {
  const s = `${body}6304`;
  return s + crc16(s);
}

/** True when the payload ends in a correct `6304xxxx` CRC. */
export function hasValidCrc(payload: string): boolean {
  const at = payload.length - 8;
  return at >= 0 && payload.slice(at, at + 4) === '6304' && payload.slice(at + 4).toUpperCase() === crc16(payload.slice(0, at + 4));
}

export interface MpQr {
  /** `11` static, `12` dynamic. */
  initiation: string | undefined;
  /** Legacy/dynamic in-store order UUID (tag 43, sub 06). */
  inStoreOrderId: string | undefined;
  /** `https://mpago.la/pos/<id>` (tag 43, sub 01) of a static POS code. */
  posUrl: string | undefined;
  posId: number | undefined;
  merchantName: string | undefined;
  city: string | undefined;
  /** ISO 4217 numeric (tag 53). */
  currencyNumeric: string | undefined;
  /** Alpha-2 (tag 58). */
  country: string | undefined;
  /** Tag 54 (MP never sets it; other issuers may). */
  amount: string | undefined;
  fields: EmvField[];
}

/** Decode and check a Mercado Pago QR payload; throws SyntaxError with the reason when invalid. */
export function decodeMpQr(payload: string): MpQr {
  const p = payload.trim();
  if (!p.startsWith('000201')) throw new SyntaxError('not an EMVCo payload (must start with 000201)');
  const at = p.length - 8;
  if (at < 0 || p.slice(at, at + 4) !== '6304') throw new SyntaxError('missing CRC field 63 at the end');
  const expected = crc16(p.slice(0, at + 4));
  if (p.slice(at + 4).toUpperCase() !== expected) throw new SyntaxError(`bad CRC: expected ${expected}, got ${p.slice(at + 4)}`);
  const fields = decodeTlv(p);
  const get = (tag: string) => fields.find((f) => f.tag === tag)?.value;
  const mp = fields.find((f) => f.tag === '43')?.children;
  const sub = (tag: string) => mp?.find((f) => f.tag === tag)?.value;
  const posUrl = sub('01');
  const pos = posUrl ? /\/pos\/(\d+)\/?$/.exec(posUrl) : null;
  return {
    initiation: get('01'),
    inStoreOrderId: sub('06'),
    posUrl,
    posId: pos ? Number(pos[1]) : undefined,
    merchantName: get('59'),
    city: get('60'),
    currencyNumeric: get('53'),
    country: get('58'),
    amount: get('54'),
    fields,
  };
}
