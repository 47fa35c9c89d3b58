import { utcInstant } from '../../rfc3339.js';
import type { AlertStatus, NotificationRecord } from '../record.js';
import { eventTime } from '../store.js';

/** One row of the notifications table, as better-sqlite3 binds and returns it. */
export interface NotificationRow {
  readonly id: string;
  readonly event_time: string;
  readonly status: string;
  readonly alertname: string;
  readonly instance: string;
  readonly severity: string;
  readonly fingerprint: string;
  readonly starts_at: string;
  readonly ends_at: string;
  readonly generator_url: string;
  readonly labels: string;
  readonly annotations: string;
  readonly receiver: string;
  readonly group_key: string;
  readonly external_url: string;
  readonly received_at: string;
}

export function rowFromRecord(record: NotificationRecord): NotificationRow {
  return {
    id: record.id,
    event_time: utcInstant(eventTime(record)),
    status: record.status,
    alertname: record.alertname,
    instance: record.instance,
    severity: record.severity,
    fingerprint: record.fingerprint,
    starts_at: record.startsAt,
    ends_at: record.endsAt,
    generator_url: record.generatorURL,
    labels: JSON.stringify(record.labels),
    annotations: JSON.stringify(record.annotations),
    receiver: record.receiver,
    group_key: record.groupKey,
    external_url: record.externalURL,
    received_at: record.receivedAt,
  };
}

export function recordFromRow(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    status: row.status as AlertStatus,
    alertname: row.alertname,
    instance: row.instance,
    severity: row.severity,
    fingerprint: row.fingerprint,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    generatorURL: row.generator_url,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    receiver: row.receiver,
    groupKey: row.group_key,
    externalURL: row.external_url,
    receivedAt: row.received_at,
  };
}
