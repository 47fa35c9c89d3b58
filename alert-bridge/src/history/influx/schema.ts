import type { AlertStatus, NotificationRecord } from '../record.js';
import { eventTime } from '../store.js';
import { isExactTagValue, type Point } from './line-protocol.js';
import { InfluxStoreError } from './errors.js';
import { pointTime, rfc3339ToNanos } from './timestamp.js';

// One measurement, one point per record.
//
// Tags are only what the history API filters on: alertname, instance, severity, status. InfluxDB 1.x
// indexes every tag value and every tag set (series); `max-values-per-tag` (100,000) caps the values of
// one tag key and `max-series-per-database` (1,000,000) the series. Here the values per key are at most
// the number of hosts (instance: 5,000), of rules (alertname: tens to hundreds), of severities and two
// statuses, and a series exists per (rule, host, severity, status) that ever fired: 5,000 hosts x 50
// rules x 2 = 500,000 at the very worst, and months of history add points to those series, not series.
// Everything unbounded (id, fingerprint, the label and annotation sets, times, URLs) is a field, which
// InfluxDB does not index.

export const MEASUREMENT = 'notifications';
export const TAG_KEYS = ['alertname', 'instance', 'severity', 'status'] as const;
export type TagKey = (typeof TAG_KEYS)[number];

/**
 * A tag value as stored. The few values line protocol cannot carry (line breaks, a backslash before a
 * delimiter or at the end) are stored with those characters replaced; the exact values then go to the
 * `exactTags` field, and queries compare the exact value after InfluxDB has selected by the stored one.
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

/** The series a record belongs to, as one string (tag values in TAG_KEYS order). */
export const seriesKey = (tags: Readonly<Record<TagKey, string>>): string => JSON.stringify(TAG_KEYS.map((k) => tags[k]));

export const eventNanos = (record: NotificationRecord): bigint => rfc3339ToNanos(eventTime(record));

export function toPoint(record: NotificationRecord, slot: number): Point {
  const tags = recordTags(record);
  const fields: Record<string, string> = {
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
  };
  if (tags.alertname !== record.alertname || tags.instance !== record.instance || tags.severity !== record.severity) {
    fields.exactTags = JSON.stringify({ alertname: record.alertname, instance: record.instance, severity: record.severity });
  }
  return { measurement: MEASUREMENT, tags, fields, time: pointTime(eventNanos(record), slot) };
}

/** A row of `SELECT *` (columns by name, missing tags and fields as null) back to the record. */
export function fromRow(row: Readonly<Record<string, unknown>>): NotificationRecord {
  const text = (key: string): string => {
    const value = row[key];
    if (value === null || value === undefined) return '';
    if (typeof value !== 'string') throw new TypeError(`column ${key} is not a string`);
    return value;
  };
  const exact = row.exactTags ? (JSON.parse(text('exactTags')) as Record<'alertname' | 'instance' | 'severity', string>) : undefined;
  const status = text('status');
  if (status !== 'firing' && status !== 'resolved') throw new TypeError(`unknown status ${JSON.stringify(status)}`);
  return {
    id: text('id'),
    status: status satisfies AlertStatus,
    alertname: exact?.alertname ?? text('alertname'),
    instance: exact?.instance ?? text('instance'),
    severity: exact?.severity ?? text('severity'),
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
