/** One state of one alert as Alertmanager delivered it: its firing, or its resolution. */
export type AlertStatus = 'firing' | 'resolved';

export interface NotificationRecord {
  /**
   * Deterministic identity of this alert state (labels, startsAt, status), so that a redelivered
   * webhook, a repeat_interval reminder or a second Alertmanager replica maps to the same record.
   */
  readonly id: string;
  readonly status: AlertStatus;
  readonly alertname: string;
  /** The `instance` label, '' when the alert has none. */
  readonly instance: string;
  /** The `severity` label, '' when the alert has none. */
  readonly severity: string;
  readonly fingerprint: string;
  /** RFC 3339 as Alertmanager sent it. */
  readonly startsAt: string;
  /** RFC 3339; Alertmanager's zero time "0001-01-01T00:00:00Z" while firing. */
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly receiver: string;
  readonly groupKey: string;
  readonly externalURL: string;
  /** When the bridge first stored this state, RFC 3339 with milliseconds. */
  readonly receivedAt: string;
}
