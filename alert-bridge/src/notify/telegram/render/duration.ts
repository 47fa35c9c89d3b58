import { isRfc3339, utcInstant } from '../../../rfc3339.js';

/**
 * Durations as a chat reader wants them: the two largest units, "45s", "5m", "2h 3m", "3d 4h". Seconds
 * only under a minute, since alerts are evaluated every 15 s or more.
 */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** Milliseconds since the epoch of an RFC 3339 time, or undefined for anything else. */
export function instantMs(time: string): number | undefined {
  if (!isRfc3339(time)) return undefined;
  // utcInstant keeps nanoseconds; Date.parse reads the canonical UTC form to the millisecond.
  return Date.parse(utcInstant(time).slice(0, 23) + 'Z');
}

/** Alertmanager's zero time, "0001-01-01T00:00:00Z", stands for "not yet" in endsAt. */
export function isZeroTime(time: string): boolean {
  const ms = instantMs(time);
  return ms === undefined || new Date(ms).getUTCFullYear() <= 1;
}

/** From `from` to `to` in words, or '' when either is not a time. */
export function durationBetween(from: string, to: string | Date): string {
  const start = instantMs(from);
  const end = typeof to === 'string' ? instantMs(to) : to.getTime();
  if (start === undefined || end === undefined || Number.isNaN(end)) return '';
  return formatDuration(end - start);
}

/** "2026-11-22 12:28 UTC": minutes are what a reader compares with their own clock. */
export function formatTime(time: string): string {
  const ms = instantMs(time);
  if (ms === undefined) return time;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
