// Sites, currencies and amount precision (spec §10.3).

export type SiteId = 'MLA' | 'MLB' | 'MLM' | 'MLC' | 'MCO' | 'MPE' | 'MLU';

export interface Site {
  id: SiteId;
  country2: string;
  country3: string;
  currency: string;
  /** ISO 4217 numeric code (EMVCo tag 53). */
  currencyNumeric: string;
  /** Decimal places MP accepts for amounts in this site's currency. */
  decimals: 0 | 2;
  /** UTC offset used for classic timestamps (`…-03:00`). */
  utcOffset: string;
  city: string;
  /** A bounding box for store coordinates: [minLat, maxLat, minLng, maxLng]. */
  bounds: [number, number, number, number];
  documentType: string;
  documentNumber: string;
}

export const SITES: Record<SiteId, Site> = {
  MLA: { id: 'MLA', country2: 'AR', country3: 'ARG', currency: 'ARS', currencyNumeric: '032', decimals: 2, utcOffset: '-03:00', city: 'BUENOS AIRES', bounds: [-55.1, -21.7, -73.6, -53.6], documentType: 'DNI', documentNumber: '12345678' },
  MLB: { id: 'MLB', country2: 'BR', country3: 'BRA', currency: 'BRL', currencyNumeric: '986', decimals: 2, utcOffset: '-03:00', city: 'SAO PAULO', bounds: [-33.8, 5.3, -74.0, -34.7], documentType: 'CPF', documentNumber: '12345678909' },
  MLM: { id: 'MLM', country2: 'MX', country3: 'MEX', currency: 'MXN', currencyNumeric: '484', decimals: 2, utcOffset: '-06:00', city: 'CIUDAD DE MEXICO', bounds: [14.5, 32.8, -118.5, -86.7], documentType: 'RFC', documentNumber: '123456789' },
  MLC: { id: 'MLC', country2: 'CL', country3: 'CHL', currency: 'CLP', currencyNumeric: '152', decimals: 0, utcOffset: '-04:00', city: 'SANTIAGO', bounds: [-56.0, -17.5, -75.8, -66.4], documentType: 'RUT', documentNumber: '123456789' },
  MCO: { id: 'MCO', country2: 'CO', country3: 'COL', currency: 'COP', currencyNumeric: '170', decimals: 0, utcOffset: '-05:00', city: 'BOGOTA', bounds: [-4.3, 13.5, -81.8, -66.8], documentType: 'CC', documentNumber: '123456789' },
  MPE: { id: 'MPE', country2: 'PE', country3: 'PER', currency: 'PEN', currencyNumeric: '604', decimals: 2, utcOffset: '-05:00', city: 'LIMA', bounds: [-18.4, 0.0, -81.4, -68.6], documentType: 'DNI', documentNumber: '123456789' },
  MLU: { id: 'MLU', country2: 'UY', country3: 'URY', currency: 'UYU', currencyNumeric: '858', decimals: 2, utcOffset: '-03:00', city: 'MONTEVIDEO', bounds: [-35.0, -30.0, -58.5, -53.0], documentType: 'CI', documentNumber: '12345678' },
};

export const SITE_IDS = Object.keys(SITES) as SiteId[];

export function isSiteId(v: unknown): v is SiteId {
  return typeof v === 'string' && Object.hasOwn(SITES, v);
}
