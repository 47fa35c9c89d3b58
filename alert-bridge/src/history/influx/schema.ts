import type { AlertStatus, NotificationRecord } from '../record.js';
import { eventTime } from '../store.js';
import { isExactTagValue, type Point } from './line-protocol.js';
import { InfluxStoreError } from './errors.js';
import { pointTime, rfc3339ToNanos } from './timestamp.js';

// Two measurements, each with one point per record, written together with the same time and fields:
//  - `notifications`, tagged alertname, instance, severity, status: for pages filtered by instance or
//    alertname (a few series per host, a few per host the rule fired on), and for Grafana;
//  - `notifications_timeline`, tagged status alone, with severity also as a field: for every other page.
// Why: InfluxDB 1.x decodes a block (up to 1,000 points) per series and field a query touches, so a
// fleet-wide page over `notifications` reads from every (rule, host, status) series; and the fewer the
// series, the shorter the time each block spans. Measured in bench/bridge-history.ts over 500,000 records
// (2,000 hosts, 20 rules): a page an hour deep took about 380 ms over all four tags, 300 ms over a
// measurement without instance (40 series), 40 ms over two series. Twice the points, for pages that stay
// fast however many hosts there are.
//
// Cardinality. InfluxDB 1.x indexes every tag value and every series; `max-values-per-tag` (100,000)
// caps the values of one tag key and `max-series-per-database` (1,000,000) the series. The values of a
// key are at most the hosts (instance: 5,000), the rules (alertname: tens to hundreds), the severities
// and two statuses. A series exists per (rule, host, severity, status) that ever fired: 5,000 hosts x
// 50 rules x 2 = 500,000 at the very worst, plus two for the timeline; months of history add points to
// those series, not series. Everything unbounded (id, fingerprint, the label and annotation sets, times,
// URLs) is a field, which InfluxDB does not index.

export const MEASUREMENT = 'notifications';
export const TIMELINE_MEASUREMENT = 'notifications_timeline';
export const TAG_KEYS = ['alertname', 'instance', 'severity', 'status'] as const;
export type TagKey = (typeof TAG_KEYS)[number];
export type Tags = Readonly<Partial<Record<TagKey, string>>>;

/**
 * A tag value as stored. The few values line protocol cannot carry (line breaks, a backslash before a
 * delimiter or at the end) are stored with those characters replaced; queries compare the exact value
 * (from the `exactTags` field) after InfluxDB has selected by the stored one.
 */
export const storedTagValue = (value: string): string =>
  isExactTagValue(value) ? value : value.replace(/[\r\n]/g, ' ').replace(/\\/g, '/');

export function recordTags(record: NotificationRecord): Record<TagKey, string> {
  return {
    alertname: storedTagValue(record.alertname),
    instance: storedTagValue(record.instance),
    severity: storedTagValue(record.severity),
    status: record.status,
  };
}

/** A record's tags in the timeline measurement. */
export const timelineTags = ({ status }: Tags): Tags => ({ status });

/** A series as one string (the tag values in TAG_KEYS order, null for a key it does not have). */
export const seriesKey = (tags: Tags): string => JSON.stringify(TAG_KEYS.map((k) => tags[k] ?? null));

export const eventNanos = (record: NotificationRecord): bigint => rfc3339ToNanos(eventTime(record));

/** The record's two points (see above), at the given slot of its event millisecond. */
export function toPoints(record: NotificationRecord, slot: number): [Point, Point] {
  const tags = recordTags(record);
  const fields = {
    id: record.id,
    fingerprint: record.fingerprint,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    generatorURL: record.generatorURL,
    labels: JSON.stringify(record.labels),
    annotations: JSON.stringify(record.annotations),
    receiver: record.receiver,
    groupKey: record.groupKey,
    externalURL: record.externalURL,
    receivedAt: record.receivedAt,
    // The exact values: a tag may hold a replaced one, and the timeline has status as its only tag.
    exactTags: JSON.stringify({ alertname: record.alertname, instance: record.instance, severity: record.severity }),
  };
  const time = pointTime(eventNanos(record), slot);
  return [
    { measurement: MEASUREMENT, tags, fields, time },
    // severity as a field too, so a timeline page can be filtered by it (few values: a short scan).
    { measurement: TIMELINE_MEASUREMENT, tags: timelineTags(tags) as Record<string, string>, fields: { ...fields, severity: tags.severity }, time },
  ];
}

/** The per-host point alone (bench/bridge-lib uses it; the store writes both, see toPoints). */
export const toPoint = (record: NotificationRecord, slot: number): Point => toPoints(record, slot)[0];

/** A row of `SELECT *` (columns by name, missing tags and fields as null) back to the record. */
export function fromRow(row: Readonly<Record<string, unknown>>): NotificationRecord {
  const text = (key: string): string => {
    const value = row[key];
    if (value === null || value === undefined) return '';
    if (typeof value !== 'string') throw new TypeError(`column ${key} is not a string`);
    return value;
  };
  const exact = JSON.parse(text('exactTags')) as Record<'alertname' | 'instance' | 'severity', unknown>;
  if (typeof exact.alertname !== 'string' || typeof exact.instance !== 'string' || typeof exact.severity !== 'string') {
    throw new TypeError('exactTags lacks alertname, instance or severity');
  }
  const status = text('status');
  if (status !== 'firing' && status !== 'resolved') throw new TypeError(`unknown status ${JSON.stringify(status)}`);
  return {
    id: text('id'),
    status: status satisfies AlertStatus,
    alertname: exact.alertname,
    instance: exact.instance,
    severity: exact.severity,
    fingerprint: text('fingerprint'),
    startsAt: text('startsAt'),
    endsAt: text('endsAt'),
    generatorURL: text('generatorURL'),
    labels: JSON.parse(text('labels')) as Record<string, string>,
    annotations: JSON.parse(text('annotations')) as Record<string, string>,
    receiver: text('receiver'),
    groupKey: text('groupKey'),
    externalURL: text('externalURL'),
    receivedAt: text('receivedAt'),
  };
}

/** InfluxDB's RFC 3339 time column (queries ask for no epoch, so nanoseconds survive JSON). */
export function parseRowTime(value: unknown): bigint {
  if (typeof value !== 'string') throw new InfluxStoreError('bad_response', `time column is ${typeof value}`);
  return rfc3339ToNanos(value);
}
