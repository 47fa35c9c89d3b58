import { createHash } from 'node:crypto';
import type { AlertStatus, NotificationRecord } from '../../src/history/record.js';
import { eventTime } from '../../src/history/store.js';

// Record factory and the reference order for the HistoryStore contract (contract.ts). Ids here are the
// test's own (sha256 of labels, startsAt and status); stores must treat them as opaque strings.

export const ZERO_TIME = '0001-01-01T00:00:00Z';

// Times are recent (yesterday, UTC) so that stores with a retention period keep them.
const yesterday = new Date(Date.now() - 86_400_000);
/** Yesterday's date, UTC, as YYYY-MM-DD: build times as `${DAY}T10:00:00.000Z`. */
export const DAY = yesterday.toISOString().slice(0, 10);
/** The day before DAY. */
export const DAY_BEFORE = new Date(Date.parse(DAY) - 86_400_000).toISOString().slice(0, 10);
/** The default startsAt. */
export const BASE = `${DAY}T10:00:00.000Z`;

export interface RecordSpec {
  readonly alertname?: string;
  /** '' leaves the alert without an `instance` label. */
  readonly instance?: string;
  /** '' leaves the alert without a `severity` label. */
  readonly severity?: string;
  readonly status?: AlertStatus;
  readonly startsAt?: string;
  /** Defaults to the zero time while firing, to startsAt + 5 min when resolved. */
  readonly endsAt?: string;
  /** Labels besides alertname, instance and severity. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly receivedAt?: string;
  readonly receiver?: string;
  readonly generatorURL?: string;
  readonly groupKey?: string;
  readonly externalURL?: string;
  /** Overrides the derived id (to build records whose id order differs from their time order). */
  readonly id?: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function makeRecord(spec: RecordSpec = {}): NotificationRecord {
  const alertname = spec.alertname ?? 'HostDown';
  const instance = spec.instance ?? 'host-1:9110';
  const severity = spec.severity ?? 'critical';
  const status = spec.status ?? 'firing';
  const startsAt = spec.startsAt ?? BASE;
  const labels: Record<string, string> = { alertname, ...spec.labels };
  if (instance !== '') labels.instance = instance;
  if (severity !== '') labels.severity = severity;
  const sortedLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const endsAt = spec.endsAt ?? (status === 'firing' ? ZERO_TIME : new Date(Date.parse(startsAt) + 300_000).toISOString());
  return {
    id: spec.id ?? sha256(JSON.stringify([sortedLabels, startsAt, status])),
    status,
    alertname,
    instance,
    severity,
    fingerprint: sha256(JSON.stringify(sortedLabels)).slice(0, 16),
    startsAt,
    endsAt,
    generatorURL: spec.generatorURL ?? 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    labels,
    annotations: spec.annotations ?? { summary: `${alertname} on ${instance}` },
    receiver: spec.receiver ?? 'telegram',
    groupKey: spec.groupKey ?? `{}:{alertname="${alertname}"}`,
    externalURL: spec.externalURL ?? 'http://alertmanager:9093',
    receivedAt: spec.receivedAt ?? `${DAY}T10:00:01.234Z`,
  };
}

/** Adds ms milliseconds to an RFC 3339 time; the result is UTC with milliseconds. */
export const plusMs = (time: string, ms: number): string => new Date(Date.parse(time) + ms).toISOString();

/**
 * An RFC 3339 time as nanoseconds since the epoch, keeping all nine fractional digits that Go's
 * RFC3339Nano can carry (Alertmanager forwards Prometheus' nanosecond startsAt).
 */
export function rfc3339Nanos(time: string): bigint {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(time);
  if (!match) throw new Error(`not RFC 3339: ${time}`);
  const [, seconds = '', fraction = '', zone = ''] = match;
  const wholeMs = Date.parse(`${seconds}${zone.toUpperCase()}`);
  return BigInt(wholeMs) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

/** The order every store must return: event time, newest first, then id, greatest first. */
export function newestFirst(a: NotificationRecord, b: NotificationRecord): number {
  const ta = rfc3339Nanos(eventTime(a));
  const tb = rfc3339Nanos(eventTime(b));
  if (ta !== tb) return ta > tb ? -1 : 1;
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0;
}

export const sortedNewestFirst = (records: readonly NotificationRecord[]): NotificationRecord[] =>
  [...records].sort(newestFirst);

/** `count` records of one rule over `hosts` hosts, event times one second apart going back from `newest`. */
export function manyRecords(count: number, newest = `${DAY}T12:00:00.000Z`, hosts = 5): NotificationRecord[] {
  return Array.from({ length: count }, (_, i) =>
    makeRecord({
      instance: `host-${i % hosts}:9110`,
      startsAt: plusMs(newest, -1000 * Math.floor(i / 3)),
      labels: { mountpoint: `/data/${i}` },
    }),
  );
}
