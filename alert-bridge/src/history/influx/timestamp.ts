import { createHash } from 'node:crypto';

// Point timestamps. InfluxDB 1.x identifies a point by (measurement, tag set, time): writing the same
// three again overwrites the fields. So the time of a record's point is derived from the record alone:
//
//   point time = (event time truncated to the millisecond) + slot,   slot in [0, 1e6) nanoseconds
//
// where the slot starts at a hash of the record's id. A redelivery derives the same time and finds its
// own point there; ten filesystems of one host from one rule evaluation (same series, same startsAt)
// get ten different slots. Two ids hashing to one slot in one series and millisecond (about 5e-5 for
// ten such alerts) are told apart when appending: the writer sees the occupied slot and takes the next
// free one (linear probing, wrapping inside the millisecond), so a point never leaves its millisecond.
// Within a millisecond the point order is arbitrary; queries order by the exact event time and the id.

export const NS_PER_MS = 1_000_000n;
/** InfluxDB 1.x stores int64 nanoseconds and reserves the two extremes. */
const MIN_TIME = -9_223_372_036_854_775_806n;
const MAX_TIME = 9_223_372_036_854_775_806n;

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?([Zz]|[+-]\d\d:\d\d)$/;

/** Nanoseconds since the epoch of an RFC 3339 time, keeping all nine fractional digits Go can send. */
export function rfc3339ToNanos(time: string): bigint {
  const match = RFC3339.exec(time);
  if (!match) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(time)}`);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const wholeSeconds = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${zone.toUpperCase()}`);
  if (Number.isNaN(wholeSeconds)) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(time)}`);
  return BigInt(wholeSeconds) * NS_PER_MS + BigInt(fraction.padEnd(9, '0'));
}

/** RFC 3339 in UTC with nine fractional digits: InfluxQL's time literal, exact to the nanosecond. */
export function nanosToRfc3339(nanos: bigint): string {
  const ms = floorDiv(nanos, NS_PER_MS);
  const subMs = nanos - ms * NS_PER_MS;
  const iso = new Date(Number(ms)).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  return `${iso.slice(0, 23)}${String(subMs).padStart(6, '0')}Z`;
}

export const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

/** The millisecond a time falls in, as the first nanosecond of it. */
export const millisecondOf = (nanos: bigint): bigint => floorDiv(nanos, NS_PER_MS) * NS_PER_MS;

/** Where an id's probing starts inside its millisecond: 48 bits of SHA-256, modulo 1e6. */
export function firstSlot(id: string): number {
  return Number(createHash('sha256').update(id).digest().readUIntBE(0, 6) % 1_000_000);
}

/** The point time for a record whose event time is eventNanos, at the given slot of its millisecond. */
export function pointTime(eventNanos: bigint, slot: number): bigint {
  if (!Number.isInteger(slot) || slot < 0 || slot >= 1_000_000) throw new RangeError(`slot out of range: ${slot}`);
  const time = millisecondOf(eventNanos) + BigInt(slot);
  if (time < MIN_TIME || time > MAX_TIME) throw new RangeError(`time outside what InfluxDB 1.x stores: ${eventNanos} ns`);
  return time;
}

/** The slot a point time occupies inside its millisecond. */
export const slotOf = (time: bigint): number => Number(time - millisecondOf(time));

/** The next slot to try after a collision, wrapping inside the millisecond. */
export const nextSlot = (slot: number): number => (slot + 1) % 1_000_000;
