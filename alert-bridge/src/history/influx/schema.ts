import type { NotificationRecord } from '../record.js';
import { eventTime } from '../store.js';
import { InfluxStoreError } from './errors.js';
import { isExactTagValue, type Point } from './line-protocol.js';
import { pointTime, rfc3339ToNanos } from './timestamp.js';

// Three measurements, each with one point per record, written together with the same time:
//  - `notifications`, tagged alertname, instance, severity, status: pages filtered by instance, and
//    whoever counts one host's alerts in Grafana;
//  - `notifications_by_alertname`, tagged alertname, status: pages filtered by alertname;
//  - `notifications_timeline`, tagged status: every other page, and the duplicate check (occupancy.ts).
// Why three: InfluxDB 1.x decodes a block (up to 1,000 points) per series and field a query touches, and
// the fewer the series, the shorter the time a block spans. Measured with influxd 1.6 on 2 CPUs over
// 500,000 records (2,000 hosts, 20 rules, 30 days): a page 15 days deep cost about 380 ms over all four
// tags (80,000 series), 300 ms without instance (40 series), 40 ms over two series; a page of one rule
// over its 4,000 per-host series, 50 to 190 ms.
//
// Fields: `id` alone (the duplicate check reads only it), `record`, the whole record as JSON (labels and
// annotations as they came, exact tag values included: a tag may hold a replaced value, see
// storedTagValue), and `severity` where it is no tag, to filter by (few values: a short scan). One JSON
// field instead of one field per property: InfluxDB keeps and reads every field apart, and this costs it
// about 40 % less CPU per record written (46 against 73 ms per 1,000 records, two measurements each) and
// fewer blocks per page read.
//
// Cardinality. InfluxDB 1.x indexes every tag value and every series; `max-values-per-tag` (100,000)
// caps the values of one tag key and `max-series-per-database` (1,000,000) the series. The values of a
// key are at most the hosts (instance: 5,000), the rules (alertname: tens to hundreds), the severities
// and two statuses. A series exists per (rule, host, severity, status) that ever fired: 5,000 hosts x
// 50 rules x 2 = 500,000 at the very worst, plus rules x 2 and 2 for the other measurements; months of
// history add points to those series, not series. Everything unbounded (id, fingerprint, the label and
// annotation sets, times, URLs) is in fields, which InfluxDB does not index.

export const MEASUREMENT = 'notifications';
export const BY_ALERTNAME_MEASUREMENT = 'notifications_by_alertname';
export const TIMELINE_MEASUREMENT = 'notifications_timeline';
export const TAG_KEYS = ['alertname', 'instance', 'severity', 'status'] as const;
export type TagKey = (typeof TAG_KEYS)[number];
/** Tag values by key, and `severity` as a field where it is no tag: what a query filters on. */
export type Tags = Readonly<Partial<Record<TagKey, string>>>;

/**
 * A tag value as stored. The few values line protocol cannot carry (line breaks, a backslash before a
 * delimiter or at the end) are stored with those characters replaced; queries compare the exact value
 * (from the record) after InfluxDB has selected by the stored one.
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

/** The record's three points (see above), at the given slot of its event millisecond. */
export function toPoints(record: NotificationRecord, slot: number): [Point, Point, Point] {
  const tags = recordTags(record);
  const time = pointTime(eventNanos(record), slot);
  const fields = { id: record.id, record: JSON.stringify(recordFields(record)) };
  const withSeverity = { ...fields, severity: tags.severity };
  return [
    { measurement: MEASUREMENT, tags, fields, time },
    { measurement: BY_ALERTNAME_MEASUREMENT, tags: { alertname: tags.alertname, status: tags.status }, fields: withSeverity, time },
    { measurement: TIMELINE_MEASUREMENT, tags: { status: tags.status }, fields: withSeverity, time },
  ];
}

/** The record's own properties, whatever else the object carries. */
function recordFields(r: NotificationRecord): NotificationRecord {
  return {
    id: r.id,
    status: r.status,
    alertname: r.alertname,
    instance: r.instance,
    severity: r.severity,
    fingerprint: r.fingerprint,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    generatorURL: r.generatorURL,
    labels: r.labels,
    annotations: r.annotations,
    receiver: r.receiver,
    groupKey: r.groupKey,
    externalURL: r.externalURL,
    receivedAt: r.receivedAt,
  };
}

/** The per-host point alone (bench/bridge-lib uses it; the store writes all three, see toPoints). */
export const toPoint = (record: NotificationRecord, slot: number): Point => toPoints(record, slot)[0];

/** A row of `SELECT *` back to the record it holds. */
export function fromRow(row: Readonly<Record<string, unknown>>): NotificationRecord {
  if (typeof row.record !== 'string') throw new TypeError('row without a record field');
  const record = JSON.parse(row.record) as NotificationRecord;
  if (typeof record?.id !== 'string' || (record.status !== 'firing' && record.status !== 'resolved')) {
    throw new TypeError('record field is not a notification record');
  }
  return record;
}

/** InfluxDB's RFC 3339 time column (queries ask for no epoch, so nanoseconds survive JSON). */
export function parseRowTime(value: unknown): bigint {
  if (typeof value !== 'string') throw new InfluxStoreError('bad_response', `time column is ${typeof value}`);
  return rfc3339ToNanos(value);
}
