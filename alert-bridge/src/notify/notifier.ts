import type { NotificationRecord } from '../history/record.js';

/** One alert group of one webhook: what a chat message is about. */
export interface AlertGroupNotification {
  readonly groupKey: string;
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly commonAnnotations: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /**
   * Every record of the webhook, new to the history or not: a notifier with a queue of its own knows
   * what it has already been given (a crash between storing and queueing must still notify on
   * Alertmanager's retry), so each notifier makes sure it notifies a record once.
   */
  readonly records: readonly NotificationRecord[];
  /** The ids of the records the history did not have before this webhook. */
  readonly newRecordIds: readonly string[];
}

/**
 * Where notifications go: notify/log, or notify/telegram through the durable delivery queue
 * (delivery/). `enqueue` is called after the records are stored and before the webhook is
 * acknowledged; an implementation with delivery guarantees persists its queue there, and delivers
 * afterwards. A rejection makes the webhook answer 5xx, and Alertmanager retries.
 */
export interface Notifier {
  enqueue(notifications: readonly AlertGroupNotification[]): Promise<void>;
  /** Messages accepted but not yet delivered (the bridge's queue-depth metric). */
  queueDepth(): number;
  close(): Promise<void>;
}
