import { escape } from 'influx';
import { TAG_KEYS, type Tags } from './schema.js';
import { nanosToRfc3339 } from './timestamp.js';

// InfluxQL text. Identifiers are fixed or come from configuration and go through the influx package's
// escape.quoted; every value (tag values from the caller, times) is a bound parameter ($p0, $p1...,
// InfluxDB >= 1.5), so no user input is ever part of the statement text. Bound parameters also avoid
// the influx package's string-literal escaping, which does not escape backslashes.

/** Parameters shared by the statements of one request. */
export class Parameters {
  readonly values: Record<string, string> = {};
  private next = 0;

  /** Binds a value and returns its placeholder. */
  bind(value: string): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }
}

/** A half-open range of point times, either end open when undefined. */
export interface TimeRange {
  readonly from?: bigint;
  readonly to?: bigint;
}

export const measurementIn = (retentionPolicy: string, measurement: string): string => `${escape.quoted(retentionPolicy)}.${escape.quoted(measurement)}`;

function timeConditions(range: TimeRange, params: Parameters): string[] {
  const conditions: string[] = [];
  if (range.from !== undefined) conditions.push(`time >= ${params.bind(nanosToRfc3339(range.from))}`);
  if (range.to !== undefined) conditions.push(`time < ${params.bind(nanosToRfc3339(range.to))}`);
  return conditions;
}

/** `"tag" = $p` for each tag given; an empty value matches the series that lack the tag. */
function tagConditions(tags: Tags, params: Parameters): string[] {
  return TAG_KEYS.filter((key) => tags[key] !== undefined).map((key) => `${escape.quoted(key)} = ${params.bind(tags[key] as string)}`);
}

/** Whole records, newest point first; `limit` undefined reads the whole range. */
export function selectRecords(
  from: string,
  tags: Tags,
  range: TimeRange,
  limit: number | undefined,
  params: Parameters,
): string {
  const conditions = [...tagConditions(tags, params), ...timeConditions(range, params)];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const limitClause = limit === undefined ? '' : ` LIMIT ${checkedLimit(limit)}`;
  return `SELECT * FROM ${from}${where} ORDER BY time DESC${limitClause}`;
}

/** The ids and times of one series' points (all its tags given; '' for one it lacks) in the range. */
export function selectOccupied(from: string, series: Tags, range: TimeRange, params: Parameters): string {
  const conditions = [...tagConditions(series, params), ...timeConditions(range, params)];
  return `SELECT ${escape.quoted('id')} FROM ${from} WHERE ${conditions.join(' AND ')}`;
}

/** The newest point of the measurement, whatever its series. */
export const selectNewestTime = (from: string): string => `SELECT ${escape.quoted('id')} FROM ${from} ORDER BY time DESC LIMIT 1`;

function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`bad LIMIT ${limit}`);
  return limit;
}

const DURATION = /^(INF|(\d+(ns|u|µ|ms|s|m|h|d|w))+)$/;

export function createRetentionPolicy(name: string, database: string, duration: string): string {
  if (!DURATION.test(duration)) throw new RangeError(`not an InfluxQL duration: ${JSON.stringify(duration)}`);
  return `CREATE RETENTION POLICY ${escape.quoted(name)} ON ${escape.quoted(database)} DURATION ${duration} REPLICATION 1 DEFAULT`;
}

export const createDatabase = (database: string): string => `CREATE DATABASE ${escape.quoted(database)}`;
export const showRetentionPolicies = (database: string): string => `SHOW RETENTION POLICIES ON ${escape.quoted(database)}`;
export const isDuration = (text: string): boolean => DURATION.test(text);
