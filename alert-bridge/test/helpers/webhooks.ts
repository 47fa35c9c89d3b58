/** Webhook bodies shaped like Alertmanager 0.25's (see shared/fixtures/alertmanager-0.25/), for tests to vary. */

export const ZERO_TIME = '0001-01-01T00:00:00Z';
export const STARTS_AT = '2026-11-22T12:28:40.309Z';

export interface TestAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  [extra: string]: unknown;
}

export function testAlert(overrides: Partial<TestAlert> = {}): TestAlert {
  return {
    status: 'firing',
    labels: { alertname: 'HostDiskUsage', instance: 'web1:9110', job: 'node', severity: 'warning', mountpoint: '/' },
    annotations: { summary: 'Disk / above threshold' },
    startsAt: STARTS_AT,
    endsAt: ZERO_TIME,
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: '661dbb5ef0d6aec9',
    ...overrides,
  };
}

export function testWebhook(alerts: TestAlert[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiver: 'bridge',
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'HostDiskUsage' },
    commonLabels: { alertname: 'HostDiskUsage' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="HostDiskUsage"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

/** Ten filesystems on one host from one rule evaluation: every label but mountpoint shared, one startsAt. */
export function tenFilesystems(): TestAlert[] {
  return Array.from({ length: 10 }, (_, i) =>
    testAlert({ labels: { alertname: 'HostDiskUsage', instance: 'web1:9110', job: 'node', severity: 'warning', mountpoint: `/srv/${i}` } }),
  );
}
