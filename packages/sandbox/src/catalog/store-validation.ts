// Field rules of a store body (spec §4.1) with MP's error keys (spec §4.4). Create and update share them;
// update takes every field as optional and merges `location` onto the stored one.
import { classicError, type MpError } from '../errors.ts';
import { isObject } from '../http.ts';
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
/** Alphanumeric, up to 60 characters (spec §4.1). */
export const STORE_EXTERNAL_ID = /^[A-Za-z0-9]{1,60}$/;

const bad = (key: string, message: string): MpError => classicError(400, key, message);

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
    if (!FIELDS.has(k)) throw bad('UNKNOWN_FIELD', `Unknown field: ${k}.`);
  }
  const out: StoreInput = {};
  if (body.name !== undefined || mode === 'create') {
    if (!nonEmptyString(body.name)) throw bad('INVALID_NAME', 'name is required and must be a non-empty string.');
    out.name = body.name;
  }
  if (body.external_id !== undefined) {
    if (typeof body.external_id !== 'string' || !STORE_EXTERNAL_ID.test(body.external_id)) {
      throw bad('INVALID_EXTERNAL_ID', 'external_id must be alphanumeric and up to 60 characters.');
    }
    out.external_id = body.external_id;
  }
  if (body.business_hours !== undefined) out.business_hours = parseBusinessHours(body.business_hours);
  if (body.location !== undefined || mode === 'create') out.location = parseLocation(body.location, current);
  return out;
}

function parseBusinessHours(v: unknown): Record<string, BusinessInterval[]> {
  if (!isObject(v)) throw bad('INVALID_BUSINESS_HOURS', 'business_hours must be an object keyed by day.');
  const out: Record<string, BusinessInterval[]> = {};
  for (const [day, intervals] of Object.entries(v)) {
    if (!DAYS.includes(day)) throw bad('INVALID_DAY', `Invalid day: ${day}. Use monday … sunday.`);
    if (!Array.isArray(intervals) || intervals.length > MAX_INTERVALS_PER_DAY) {
      throw bad('INVALID_BUSINESS_HOURS', `business_hours.${day} must be an array of up to ${MAX_INTERVALS_PER_DAY} intervals.`);
    }
    const parsed = intervals.map((i) => parseInterval(day, i));
    const sorted = [...parsed].sort((a, b) => a.open.localeCompare(b.open));
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k].open < sorted[k - 1].close) throw bad('INVALID_BUSINESS_HOURS', `business_hours.${day} has overlapping intervals.`);
    }
    out[day] = parsed;
  }
  return out;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function parseInterval(day: string, i: unknown): BusinessInterval {
  if (!isObject(i) || Object.keys(i).some((k) => k !== 'open' && k !== 'close') ||
      typeof i.open !== 'string' || typeof i.close !== 'string' || !HHMM.test(i.open) || !HHMM.test(i.close)) {
    throw bad('INVALID_BUSINESS_HOURS', `business_hours.${day} intervals must be {"open":"HH:MM","close":"HH:MM"} (24 h).`);
  }
  if (i.open >= i.close) throw bad('INVALID_BUSINESS_HOURS', `business_hours.${day}: open must be before close.`);
  return { open: i.open, close: i.close };
}

/** Validates the sent fields; on update they are merged onto `current` so the result is always complete. */
function parseLocation(v: unknown, current?: StoreLocation): StoreLocation {
  if (!isObject(v)) throw bad('INVALID_LOCATION', 'location is required and must be an object.');
  const known = new Set<string>([...LOCATION_STRINGS.map(([k]) => k), 'latitude', 'longitude']);
  for (const k of Object.keys(v)) {
    if (!known.has(k)) throw bad('UNKNOWN_FIELD', `Unknown field: location.${k}.`);
  }
  const loc: StoreLocation = { ...current };
  for (const [field, key, required] of LOCATION_STRINGS) {
    const value = v[field];
    if (value === undefined) {
      if (required && loc[field] === undefined) throw bad(key, `location.${field} is required.`);
      continue;
    }
    if (!nonEmptyString(value)) throw bad(key, `location.${field} must be a non-empty string.`);
    (loc as Record<string, unknown>)[field] = value;
  }
  for (const [field, key, max] of [['latitude', 'INVALID_LATITUDE', 90], ['longitude', 'INVALID_LONGITUDE', 180]] as const) {
    const value = v[field];
    if (value === undefined) {
      if (loc[field] === undefined) throw bad(key, `location.${field} is required.`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > max) {
      throw bad(key, `location.${field} must be a number between -${max} and ${max}.`);
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
    throw bad('BAD_REQUEST', `The coordinates (${lat}, ${lng}) are outside ${site.country3} (site ${site.id}).`);
  }
}
