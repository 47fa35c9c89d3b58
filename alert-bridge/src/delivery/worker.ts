import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { TelegramDestination } from '../config/telegram.js';
import type { AlertGroupNotification } from '../notify/notifier.js';
import { retryDelayMs } from './backoff.js';
import { destinationKey } from './destination.js';
import type { Batch, Outbox, OutgoingPart, QueuedGroup, SilenceBinding } from './outbox.js';
import type { MessageSender } from './sender.js';

/** A rendered message before the outbox has stored it (and made its Silence binding). */
export interface PartDraft extends Omit<OutgoingPart, 'silenceToken'> {
  /** The alerts this message's Silence buttons stand for; none: no buttons. */
  readonly silence?: SilenceBinding['records'];
}

/** Renders queued groups: one group in full, or many as a digest. Never throws for alert data. */
export type Compose = (groups: readonly AlertGroupNotification[], kind: Batch['kind'], now: Date) => PartDraft[];

export type MessageOutcome = 'sent' | 'failed' | 'retried';

export interface DeliveryWorkerOptions {
  readonly outbox: Outbox;
  readonly sender: MessageSender;
  readonly compose: Compose;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** A backlog that would take longer than this to send group by group is sent as one digest. */
  readonly digestAfterMs?: number;
  /** Called for every attempt, for the bridge's metrics. */
  readonly onMessage?: (outcome: MessageOutcome) => void;
}

export const DEFAULT_DIGEST_AFTER_MS = 15_000;
/** At most this many queued groups go into one digest; the rest wait for the next. */
const MAX_DIGEST_GROUPS = 1000;

/**
 * Drains the outbox: per destination one loop, strictly in queue order, one message at a time, each
 * sent only when the sender's rate limits allow. The loop decides what to send only once a slot is
 * free, so that a backlog that built up meanwhile is seen whole and, when it would take longer than
 * digestAfterMs to drain, sent as a digest (every alert, compactly) instead of an hour of messages.
 *
 * A failure that may pass (network, 5xx, 429) is retried, after retry_after or a growing backoff, for
 * as long as it takes: later messages of that destination wait, so order is kept. A final refusal
 * (a chat that does not exist) marks that message's records failed and the queue moves on.
 */
export class DeliveryWorker {
  readonly #running = new Map<string, Promise<void>>();
  readonly #wakeAgain = new Set<string>();
  readonly #stop = new AbortController();
  readonly #now: () => Date;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Resumes every destination that has something queued (after a restart). */
  start(): void {
    for (const destination of this.options.outbox.destinations()) this.wake(destination);
  }

  /** Something was queued for `destination`. */
  wake(destination: TelegramDestination): void {
    if (this.#stop.signal.aborted) return;
    const key = destinationKey(destination);
    if (this.#running.has(key)) {
      this.#wakeAgain.add(key);
      return;
    }
    const run = this.#drain(destination)
      .catch((error: unknown) => {
        if (!this.#stop.signal.aborted) this.options.logger.error({ err: error, destination: key }, 'delivery loop failed; it resumes at the next wake');
      })
      .finally(() => {
        this.#running.delete(key);
        if (this.#wakeAgain.delete(key)) this.wake(destination);
      });
    this.#running.set(key, run);
  }

  /** Stops after the messages in flight; what is queued stays queued for the next start. */
  async close(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled(this.#running.values());
  }

  async #drain(destination: TelegramDestination): Promise<void> {
    const { outbox, sender } = this.options;
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      if (!outbox.openBatch(destination) && outbox.waiting(destination, 1).length === 0) return;
      await sender.ready(destination, signal);
      const batch = outbox.openBatch(destination) ?? this.#nextBatch(destination);
      if (!batch) return;
      await this.#sendNextPart(batch, signal);
    }
  }

  #nextBatch(destination: TelegramDestination): Batch | undefined {
    const { outbox, sender, compose } = this.options;
    const waiting = outbox.waiting(destination, MAX_DIGEST_GROUPS);
    if (waiting.length === 0) return undefined;
    const backlogMs = (waiting.length * 60_000) / sender.messagesPerMinute(destination);
    const digest = waiting.length > 1 && backlogMs > (this.options.digestAfterMs ?? DEFAULT_DIGEST_AFTER_MS);
    const groups: QueuedGroup[] = digest ? waiting : waiting.slice(0, 1);
    const now = this.#now();
    const kind = digest ? 'digest' : 'group';
    return outbox.createBatch(destination, kind, groups, compose(groups.map((queued) => queued.group), kind, now), now);
  }

  async #sendNextPart(batch: Batch, signal: AbortSignal): Promise<void> {
    const { outbox, sender, logger, onMessage } = this.options;
    const index = batch.nextPart;
    const outcome = await sender.send(batch.destination, batch.parts[index] as OutgoingPart, signal);
    const destination = destinationKey(batch.destination);
    if (outcome.ok) {
      outbox.partSent(batch, index, outcome.messageId, this.#now());
      onMessage?.('sent');
      return;
    }
    if (signal.aborted) return;
    if (!outcome.retry) {
      outbox.partFailed(batch, index, outcome.reason, this.#now());
      onMessage?.('failed');
      logger.warn({ destination, reason: outcome.reason }, 'a message was refused for good; its alerts are marked failed');
      return;
    }
    outbox.attemptFailed(batch, index, outcome.reason, this.#now());
    onMessage?.('retried');
    const waitMs = outcome.retryAfterMs ?? retryDelayMs(batch.attempts + 1);
    logger.warn({ destination, reason: outcome.reason, attempt: batch.attempts + 1, retryInMs: waitMs }, 'delivery failed; retrying');
    await sleep(waitMs, undefined, { signal }).catch(() => {});
  }
}
