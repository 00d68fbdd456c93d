// Mercado Pago sites and their currencies (spec §10.3). Currency is never sent in QR orders: it follows
// the seller's site.

export type SiteId = 'MLA' | 'MLB' | 'MLM' | 'MLC' | 'MCO' | 'MPE' | 'MLU';

export interface Site {
  id: SiteId;
  /** ISO 3166 alpha-2 (EMVCo tag 58). */
  country: string;
  currency: string;
  /** ISO 4217 numeric (EMVCo tag 53). */
  currencyNumeric: string;
  /** Decimal places MP accepts: 0 for CLP and COP. */
  decimals: 0 | 2;
}

export const SITES: Readonly<Record<SiteId, Site>> = Object.freeze({
  MLA: { id: 'MLA', country: 'AR', currency: 'ARS', currencyNumeric: '032', decimals: 2 },
  MLB: { id: 'MLB', country: 'BR', currency: 'BRL', currencyNumeric: '986', decimals: 2 },
  MLM: { id: 'MLM', country: 'MX', currency: 'MXN', currencyNumeric: '484', decimals: 2 },
  MLC: { id: 'MLC', country: 'CL', currency: 'CLP', currencyNumeric: '152', decimals: 0 },
  MCO: { id: 'MCO', country: 'CO', currency: 'COP', currencyNumeric: '170', decimals: 0 },
  MPE: { id: 'MPE', country: 'PE', currency: 'PEN', currencyNumeric: '604', decimals: 2 },
  MLU: { id: 'MLU', country: 'UY', currency: 'UYU', currencyNumeric: '858', decimals: 2 },
});

export function isSiteId(v: unknown): v is SiteId {
  return typeof v === 'string' && Object.hasOwn(SITES, v);
}

export function getSite(id: SiteId | string): Site {
  if (!isSiteId(id)) throw new RangeError(`unknown site_id "${id}" (expected one of ${Object.keys(SITES).join(', ')})`);
  return SITES[id];
}
