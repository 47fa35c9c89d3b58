import type { NotificationRecord } from '../../src/history/record.js';
import type { AlertGroupNotification } from '../../src/notify/notifier.js';
import { makeRecord } from '../history/records.js';

/** A group notification of these records, all new to the history. */
export function groupOf(records: readonly NotificationRecord[], groupKey = '{}:{alertname="HostHighCpu"}'): AlertGroupNotification {
  return {
    groupKey,
    receiver: 'telegram',
    status: records.some((record) => record.status === 'firing') ? 'firing' : 'resolved',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    records,
    newRecordIds: records.map((record) => record.id),
  };
}

/** `count` firing records on distinct hosts. */
export function hosts(count: number, prefix = 'web'): NotificationRecord[] {
  return Array.from({ length: count }, (_, i) => makeRecord({ alertname: 'HostHighCpu', instance: `${prefix}${i}:9110`, severity: 'warning' }));
}
