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
  /** The records of this group that were new to the history: redeliveries notify nobody twice. */
  readonly records: readonly NotificationRecord[];
}

/**
 * Where notifications go: notify/log (this issue) and notify/telegram (next). `enqueue` is called
 * after the records are stored and before the webhook is acknowledged; an implementation with
 * delivery guarantees persists its queue there, and delivers afterwards.
 */
export interface Notifier {
  enqueue(notifications: readonly AlertGroupNotification[]): Promise<void>;
  /** Messages accepted but not yet delivered (the bridge's queue-depth metric). */
  queueDepth(): number;
  close(): Promise<void>;
}
