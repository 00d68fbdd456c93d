// A stored timestamp (a Date from the driver, or its text) as the ISO-8601 string every answer carries; a null
// (never happened) stays null. One helper for every service view.
export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}
