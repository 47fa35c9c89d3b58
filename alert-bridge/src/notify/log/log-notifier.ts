import type { Logger } from 'pino';
import type { AlertGroupNotification, Notifier } from '../notifier.js';

/**
 * Writes one info line per alert group to the log, and delivers nothing else: the notifier without a
 * Telegram bot token, for running the bridge as a history only. Nothing is queued.
 */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async enqueue(notifications: readonly AlertGroupNotification[]): Promise<void> {
    for (const group of notifications) {
      // Nothing is queued here, so the history decides: a redelivery logs nothing twice.
      const fresh = new Set(group.newRecordIds);
      const records = group.records.filter((record) => fresh.has(record.id));
      if (records.length === 0) continue;
      this.logger.info(
        {
          notifier: 'log',
          receiver: group.receiver,
          groupKey: group.groupKey,
          status: group.status,
          groupLabels: group.groupLabels,
          alerts: records.map((record) => ({
            id: record.id,
            status: record.status,
            alertname: record.alertname,
            instance: record.instance,
            severity: record.severity,
            summary: record.annotations.summary,
          })),
        },
        'notification',
      );
    }
  }

  queueDepth(): number {
    return 0;
  }

  async close(): Promise<void> {}
}
