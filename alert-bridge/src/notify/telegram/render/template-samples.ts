import type { NotificationRecord } from '../../../history/record.js';
import type { AlertGroupNotification } from '../../notifier.js';

/**
 * Alerts a template is tried on when it loads: one with every field and values that break HTML that
 * is not escaped, and one with every optional field missing.
 */

const HOSTILE = `<b>&amp;lt; & "quoted" 'single' *bold* _it_ [link](x) \`code\` 🔥</b>`;
const ZERO_TIME = '0001-01-01T00:00:00Z';

function sampleRecord(status: 'firing' | 'resolved', full: boolean): NotificationRecord {
  const labels: Record<string, string> = full
    ? { alertname: `Sample${HOSTILE}`, instance: `host${HOSTILE}:9100`, severity: 'critical', job: HOSTILE, mountpoint: '/data' }
    : { alertname: 'SampleBare' };
  return {
    id: `sample-${status}-${full ? 'full' : 'bare'}`,
    status,
    alertname: labels.alertname ?? '',
    instance: labels.instance ?? '',
    severity: labels.severity ?? '',
    fingerprint: '0123456789abcdef',
    startsAt: '2026-11-22T12:28:40.309Z',
    endsAt: status === 'resolved' && full ? '2026-11-22T14:31:02.309Z' : ZERO_TIME,
    generatorURL: full ? 'http://prometheus:9090/graph?g0.expr=up%3D%3D0&g0.tab=1' : '',
    labels,
    annotations: full
      ? { summary: HOSTILE, description: `${HOSTILE}\n${HOSTILE}`, value: '93.4 > 90', runbook_url: 'https://runbooks.example/a?b=1&c="2"', dashboard: HOSTILE }
      : { runbook_url: 'javascript:alert(1)' },
    receiver: 'telegram',
    groupKey: `{}:{alertname="${labels.alertname ?? ''}"}`,
    externalURL: full ? 'http://alertmanager:9093' : '',
    receivedAt: '2026-11-22T14:31:03.000Z',
  };
}

export const SAMPLE_RECORDS: readonly NotificationRecord[] = [
  sampleRecord('firing', true),
  sampleRecord('firing', false),
  sampleRecord('resolved', true),
  sampleRecord('resolved', false),
];

export const SAMPLE_GROUP: AlertGroupNotification = {
  groupKey: '{}:{alertname="Sample"}',
  receiver: 'telegram',
  status: 'firing',
  groupLabels: { alertname: `Sample${HOSTILE}` },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  records: SAMPLE_RECORDS,
  newRecordIds: SAMPLE_RECORDS.map((record) => record.id),
};

export const SAMPLE_NOW = new Date('2026-11-22T14:31:40.000Z');
