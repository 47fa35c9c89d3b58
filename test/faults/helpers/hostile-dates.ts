/**
 * Date-times sorted by hand into valid RFC 3339 (section 5.6: lower-case t and z, any offset up to
 * 23:59, a leap second, years 0000 to 9999) and not, so a test knows the answer without asking the
 * bridge's own parser. Anything else a fuzzer makes is of unknown validity; only the invariants apply.
 */
export const VALID_DATES: readonly string[] = [
  '2026-11-22T12:28:40.309Z',
  '0001-01-01T00:00:00Z',
  '2026-11-22T12:28:40.123456789+02:00',
  '2026-11-22T12:28:40.1Z',
  '2024-02-29T23:59:59Z',
  '2000-02-29T00:00:00-05:30',
  '2026-11-22t12:28:40z',
  '1970-01-01T00:00:00-23:59',
  '2016-12-31T23:59:60Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2262-04-11T23:47:16.854775807Z',
  '1677-09-21T00:12:43.145224192Z',
  '2300-01-01T00:00:00Z',
  '1600-06-15T08:00:00+08:00',
];

/**
 * Texts RFC 3339's grammar allows whose instant, in UTC, falls outside the years 0000-9999. The bridge
 * may refuse them (it does) or store them, but not store them wrongly, as it once did: sorted as the
 * oldest, matching every since, with cursors it then refused. Their validity is unknown here.
 */
export const OUT_OF_RANGE_DATES: readonly string[] = ['9999-12-31T23:59:59.999999999-00:01', '0000-01-01T00:00:00+00:01'];

export const INVALID_DATES: readonly string[] = [
  '',
  'now',
  '2026-02-30T00:00:00Z',
  '2025-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2026-11-22T24:00:00Z',
  '2026-11-22T12:60:00Z',
  '2026-11-22T12:28:61Z',
  '2026-11-22 12:28:40Z',
  '2026-11-22T12:28:40',
  '2026-11-22',
  '2026-11-22T12:28:40.1234567891Z',
  '2026-11-22T12:28:40.Z',
  '2026-11-22T12:28:40+24:00',
  '2026-11-22T12:28:40+02:60',
  '2026-11-22T12:28:40+0200',
  '+2026-11-22T12:28:40Z',
  '-0001-01-01T00:00:00Z',
  '12026-11-22T12:28:40Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-11-00T00:00:00Z',
  '1795484357',
  '２０２６-11-22T12:28:40Z',
  '2026-11-22T12:28:40Z ',
  ' 2026-11-22T12:28:40Z',
  '2026-11-22T12:28:40Z\u0000',
  '2026-11-22T12:28:40UTC',
];

/**
 * The verdict on a date field: valid, invalid, or unknown for texts in neither list. Not a string
 * is invalid whatever it holds.
 */
export function dateVerdict(value: unknown): Verdict {
  if (typeof value !== 'string') return 'invalid';
  if (VALID_DATES.includes(value)) return 'valid';
  if (INVALID_DATES.includes(value)) return 'invalid';
  return 'unknown';
}

export type Verdict = 'valid' | 'invalid' | 'unknown';

/** valid and valid is valid; any invalid makes invalid; otherwise unknown. */
export function both(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  return verdicts.includes('unknown') ? 'unknown' : 'valid';
}
