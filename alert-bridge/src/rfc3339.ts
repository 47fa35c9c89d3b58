/**
 * RFC 3339 date-times as Alertmanager writes them (Go's time.RFC3339Nano: up to nine fraction digits,
 * `Z` or a numeric offset) whose instant falls in years 0000 to 9999 UTC, and one canonical form of
 * the instant they name.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** UTC, nine fraction digits: `2026-11-22T12:28:40.309000000Z`. Fixed width, so text order is time order. */
export const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function fields(text: string): number[] | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && !leapYear ? 28 : DAYS_IN_MONTH[month - 1];
  // Second 60 is a leap second, which RFC 3339 allows and Go folds into the next minute.
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 60) return undefined;
  const offsetHours = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinutes = match[11] === undefined ? 0 : Number(match[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const sign = match[9] === '-' ? -1 : 1;
  const parts = [year, month, day, hour, minute, second, sign * (offsetHours * 60 + offsetMinutes)];
  // An offset can carry 0000-01-01 or 9999-12-31 out of four-digit years in UTC, where the fixed-width
  // canonical form (and so the order of the stores' keys and cursors) would no longer hold.
  const utcYear = toUtcDate(parts).getUTCFullYear();
  return utcYear >= 0 && utcYear <= 9999 ? parts : undefined;
}

function toUtcDate([year, month, day, hour, minute, second, offset]: number[]): Date {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999 (Alertmanager's zero time is year 1).
  date.setUTCFullYear(year as number, (month as number) - 1, day);
  date.setUTCHours(hour as number, (minute as number) - (offset as number), second, 0);
  return date;
}

export function isRfc3339(text: string): boolean {
  return fields(text) !== undefined;
}

/**
 * The instant as UTC with nanoseconds, so that one instant written two ways ("…+02:00", "…Z", ".5" or
 * ".500") is one value. Throws a RangeError for text that is not RFC 3339.
 */
export function utcInstant(text: string): string {
  const parts = fields(text);
  if (!parts) throw new RangeError(`not an RFC 3339 date-time: ${JSON.stringify(text)}`);
  const date = toUtcDate(parts);
  const fraction = (RFC3339.exec(text)?.[7] ?? '').padEnd(9, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
}
