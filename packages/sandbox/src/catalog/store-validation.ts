// Field rules of a store body (spec §4.1) with MP's error keys (spec §4.4). Create and update share them;
// update takes every field as optional and merges `location` onto the stored one.
import { isObject } from '../http.ts';
import { classicFieldError } from '../kit/validation.ts';
import type { BusinessInterval, StoreLocation } from '../model.ts';
import type { Site } from '../sites.ts';

export interface StoreInput {
  name?: string;
  external_id?: string;
  business_hours?: Record<string, BusinessInterval[]>;
  location?: StoreLocation;
}

const FIELDS = new Set(['name', 'external_id', 'business_hours', 'location']);
export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** CONFLICT (spec §4.1): the create reference allows four intervals a day, the yaml and PUT say two. Four covers both. */
export const MAX_INTERVALS_PER_DAY = 4;
/** Create/update: any text up to 60 characters (spec §14: `store_123` is accepted; the reference gives create no
 *  external_id error). Only the search filter is checked as alphanumeric (spec §4.3 INVALID_EXTERNAL_ID). */
export const STORE_EXTERNAL_ID_MAX = 60;
export const STORE_SEARCH_EXTERNAL_ID = /^[A-Za-z0-9]{1,60}$/;

const bad = classicFieldError;

/** String fields of `location`, with the key MP answers when one is wrong. */
const LOCATION_STRINGS: [keyof StoreLocation, string, boolean][] = [
  ['street_name', 'INVALID_STREET_NAME', true],
  ['street_number', 'INVALID_STREET_NUMBER', true],
  ['city_name', 'INVALID_CITY_NAME', true],
  ['state_name', 'INVALID_STATE_NAME', true],
  ['reference', 'INVALID_REFERENCE', false],
  ['zip_code', 'INVALID_ZIP_CODE', false],
];

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

export function parseStoreBody(body: Record<string, unknown>, mode: 'create' | 'update', current?: StoreLocation): StoreInput {
  for (const k of Object.keys(body)) {
    if (!FIELDS.has(k)) throw bad(k, 'is not a field of a store', 'UNKNOWN_FIELD');
  }
  const out: StoreInput = {};
  if (body.name !== undefined || mode === 'create') {
    if (!nonEmptyString(body.name)) throw bad('name', 'is required and must be a non-empty string', 'INVALID_NAME');
    out.name = body.name;
  }
  if (body.external_id !== undefined) {
    const v = body.external_id;
    if (typeof v !== 'string' || v.trim() === '' || v.length > STORE_EXTERNAL_ID_MAX) {
      throw bad('external_id', `must be a non-empty string of up to ${STORE_EXTERNAL_ID_MAX} characters`, 'INVALID_EXTERNAL_ID');
    }
    out.external_id = v;
  }
  if (body.business_hours !== undefined) out.business_hours = parseBusinessHours(body.business_hours);
  if (body.location !== undefined || mode === 'create') out.location = parseLocation(body.location, current);
  return out;
}

function parseBusinessHours(v: unknown): Record<string, BusinessInterval[]> {
  if (!isObject(v)) throw bad('business_hours', 'must be an object keyed by day', 'INVALID_BUSINESS_HOURS');
  const out: Record<string, BusinessInterval[]> = {};
  for (const [day, intervals] of Object.entries(v)) {
    if (!DAYS.includes(day)) throw bad(`business_hours.${day}`, 'is not a day (use monday … sunday)', 'INVALID_DAY');
    if (!Array.isArray(intervals) || intervals.length > MAX_INTERVALS_PER_DAY) {
      throw bad(`business_hours.${day}`, `must be an array of up to ${MAX_INTERVALS_PER_DAY} intervals`, 'INVALID_BUSINESS_HOURS');
    }
    // No order or overlap rule: MP gives none, and a night shift (22:00–02:00) closes "before" it opens.
    out[day] = intervals.map((i) => parseInterval(day, i));
  }
  return out;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function parseInterval(day: string, i: unknown): BusinessInterval {
  if (!isObject(i) || Object.keys(i).some((k) => k !== 'open' && k !== 'close') ||
      typeof i.open !== 'string' || typeof i.close !== 'string' || !HHMM.test(i.open) || !HHMM.test(i.close)) {
    throw bad(`business_hours.${day}[]`, 'must be {"open":"HH:MM","close":"HH:MM"} (24 h)', 'INVALID_BUSINESS_HOURS');
  }
  return { open: i.open, close: i.close };
}

/** Validates the sent fields; on update they are merged onto `current` so the result is always complete. */
function parseLocation(v: unknown, current?: StoreLocation): StoreLocation {
  if (!isObject(v)) throw bad('location', 'is required and must be an object', 'INVALID_LOCATION');
  const known = new Set<string>([...LOCATION_STRINGS.map(([k]) => k), 'latitude', 'longitude']);
  for (const k of Object.keys(v)) {
    if (!known.has(k)) throw bad(`location.${k}`, 'is not a field of a store location', 'UNKNOWN_FIELD');
  }
  const loc: StoreLocation = { ...current };
  for (const [field, key, required] of LOCATION_STRINGS) {
    const value = v[field];
    if (value === undefined) {
      if (required && loc[field] === undefined) throw bad(`location.${field}`, 'is required', key);
      continue;
    }
    if (!nonEmptyString(value)) throw bad(`location.${field}`, 'must be a non-empty string', key);
    (loc as Record<string, unknown>)[field] = value;
  }
  for (const [field, key, max] of [['latitude', 'INVALID_LATITUDE', 90], ['longitude', 'INVALID_LONGITUDE', 180]] as const) {
    const value = v[field];
    if (value === undefined) {
      if (loc[field] === undefined) throw bad(`location.${field}`, 'is required', key);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > max) {
      throw bad(`location.${field}`, `must be a number between -${max} and ${max}`, key);
    }
    loc[field] = value;
  }
  return loc;
}

/** Coordinates must fall inside the seller's country (spec §4.1); MP answers BAD_REQUEST. */
export function checkInsideSite(loc: StoreLocation, site: Site): void {
  const [minLat, maxLat, minLng, maxLng] = site.bounds;
  const lat = loc.latitude!, lng = loc.longitude!;
  if (lat < minLat || lat > maxLat || lng < minLng || lng > maxLng) {
    throw bad('location', `(${lat}, ${lng}) must be inside ${site.country3}, the country of site ${site.id}`, 'BAD_REQUEST');
  }
}
