import type { TelegramDestination } from '../config/telegram.js';
import type { AlertGroupNotification, Notifier } from '../notify/notifier.js';
import { parseDestinationKey } from './destination.js';
import type { Outbox } from './outbox.js';
import type { DeliveryWorker } from './worker.js';

/** Delivery states and button bindings are kept as long as the InfluxDB history's default retention (400 days). */
export const OUTBOX_RETENTION_MS = 400 * 86_400_000;
const PRUNE_EVERY_MS = 86_400_000;

/** Splits a group by where its alerts go; alerts that go nowhere are left out (they are only stored). */
export type RouteGroup = (group: AlertGroupNotification) => { destination: TelegramDestination; group: AlertGroupNotification }[];

/**
 * A Notifier with delivery guarantees: enqueue commits the groups to the outbox (fsynced) before the
 * webhook is acknowledged, then wakes the worker that delivers them. Every record of the webhook is
 * offered, not only those new to the history: the outbox itself knows what each destination already
 * has, so a crash between storing and queueing, followed by Alertmanager's retry, still notifies.
 */
export class QueuedNotifier implements Notifier {
  #pruning: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly worker: DeliveryWorker,
    private readonly route: RouteGroup,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Resumes delivery of what the outbox holds, and forgets delivery states older than the history keeps. */
  start(): void {
    this.worker.start();
    const prune = () => this.outbox.prune(new Date(this.now().getTime() - OUTBOX_RETENTION_MS));
    prune();
    this.#pruning = setInterval(prune, PRUNE_EVERY_MS).unref();
  }

  async enqueue(notifications: readonly AlertGroupNotification[]): Promise<void> {
    const woken = this.outbox.enqueue(notifications.flatMap(this.route), this.now());
    for (const key of woken) this.worker.wake(parseDestinationKey(key));
  }

  queueDepth(): number {
    return this.outbox.depth();
  }

  async close(): Promise<void> {
    clearInterval(this.#pruning);
    await this.worker.close();
    this.outbox.close();
  }
}
