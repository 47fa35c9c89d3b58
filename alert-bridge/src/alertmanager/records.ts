import { createHash } from 'node:crypto';
import type { AlertStatus, NotificationRecord } from '../history/record.js';
import { utcInstant } from '../rfc3339.js';
import type { WebhookAlert, WebhookBody } from './webhook-schema.js';

/**
 * The identity of one state of one alert: sha256 over the status, the instant of startsAt and the
 * label set sorted by name, as 32 hex digits (128 bits).
 *
 * - Not the fingerprint alone: Alertmanager's fingerprint is a 64-bit FNV hash of the labels only, the
 *   same for the firing and the resolution and for every later firing of that label set.
 * - Not endsAt: a firing's endsAt moves with every re-evaluation, and two Alertmanager replicas may
 *   resolve by timeout at slightly different times; one firing has one resolution.
 * - startsAt as an instant, so "+02:00" and "Z" spellings of one time are one alert.
 * Redeliveries, repeat_interval reminders and a second replica therefore map to the same id, and ten
 * filesystems alerting from one rule evaluation (labels differ in `mountpoint`) to ten ids.
 */
export function recordId(status: AlertStatus, startsAt: string, labels: Readonly<Record<string, string>>): string {
  const sortedLabels = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return createHash('sha256')
    .update(JSON.stringify([status, utcInstant(startsAt), sortedLabels]))
    .digest('hex')
    .slice(0, 32);
}

function recordFromAlert(body: WebhookBody, alert: WebhookAlert, receivedAt: string): NotificationRecord {
  return {
    id: recordId(alert.status, alert.startsAt, alert.labels),
    status: alert.status,
    alertname: alert.labels.alertname ?? '',
    instance: alert.labels.instance ?? '',
    severity: alert.labels.severity ?? '',
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    generatorURL: alert.generatorURL,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    receiver: body.receiver,
    groupKey: body.groupKey,
    externalURL: body.externalURL,
    receivedAt,
  };
}

/** One record per alert of a validated webhook body, in the body's order; receivedAt is an RFC 3339 time. */
export function recordsFromWebhook(body: WebhookBody, receivedAt: string): NotificationRecord[] {
  return body.alerts.map((alert) => recordFromAlert(body, alert, receivedAt));
}
