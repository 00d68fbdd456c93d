// ISO-8601 durations as MP uses them (`expiration_time` of the Orders API: `PT15M`, `PT1H30M`, `P1DT2H`,
// `PT30.5S`). The one parser of the client: the CLI and the gateway read expirations with it. Years, months
// and weeks are refused (their length in ms depends on the calendar, and MP's range is PT30S…PT3600H).

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/;

/**
 * Milliseconds of an ISO-8601 duration with days, hours, minutes and seconds (seconds may carry up to nine
 * decimals, after `.` or `,` as ISO allows; rounded to the millisecond), or undefined when malformed.
 */
export function isoDurationMs(value: string): number | undefined {
  const m = ISO_DURATION.exec(value);
  // `P` and `PT` alone match the pattern but name no duration.
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [, d = '0', h = '0', mi = '0', s = '0', frac = ''] = m;
  const whole = ((Number(d) * 24 + Number(h)) * 60 + Number(mi)) * 60 + Number(s);
  const fraction = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const ms = whole * 1000 + fraction;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** `isoDurationMs` that throws a RangeError naming the value. */
export function parseIsoDuration(value: string): number {
  const ms = isoDurationMs(value);
  if (ms === undefined) throw new RangeError(`"${value}" is not an ISO 8601 duration (e.g. PT15M, PT1H30M, PT90S, PT30.5S, P1DT2H)`);
  return ms;
}
