import type { Logger } from 'pino';
import { groupNotification } from './alertmanager/group.js';
import { recordsFromWebhook } from './alertmanager/records.js';
import type { WebhookBody } from './alertmanager/webhook-schema.js';
import type { NotificationRecord } from './history/record.js';
import type { AppendResult, HistoryStore } from './history/store.js';
import type { BridgeMetrics } from './metrics.js';
import type { Notifier } from './notify/notifier.js';

export interface IntakeDeps {
  readonly store: HistoryStore;
  readonly notifier: Notifier;
  readonly metrics: BridgeMetrics;
  readonly logger: Logger;
  /** How long a webhook waits for the store before answering 503 (Alertmanager waits at least 10 s). */
  readonly storeTimeoutMs: number;
}

/** The store failed or did not confirm in time: nothing is acknowledged, and Alertmanager retries. */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? {} : { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The notifier refused the notifications: the records are stored, the webhook is not acknowledged. */
export class NotifierUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the notifier did not accept the notifications', { cause });
    this.name = 'NotifierUnavailableError';
  }
}

async function storeThenEnqueue(body: WebhookBody, records: readonly NotificationRecord[], deps: IntakeDeps): Promise<AppendResult> {
  const stopTimer = deps.metrics.storeWriteSeconds.startTimer();
  let result: AppendResult;
  try {
    result = await deps.store.append(records);
    stopTimer({ outcome: 'ok' });
  } catch (error) {
    stopTimer({ outcome: 'error' });
    throw new StoreUnavailableError('the history store failed; nothing was acknowledged', error);
  }
  if (records.length > 0) {
    try {
      await deps.notifier.enqueue([groupNotification(body, records, result.insertedIds)]);
    } catch (error) {
      throw new NotifierUnavailableError(error);
    }
  }
  return result;
}

/**
 * Store, then hand the new records to the notifier, then acknowledge (STYLE habit 5). A store that
 * does not confirm within storeTimeoutMs gets a StoreUnavailableError, but the write goes on: should
 * it land after all, its new records still reach the notifier, since Alertmanager's retry will find
 * them stored and notify nobody.
 */
export async function storeAndNotify(body: WebhookBody, receivedAt: string, deps: IntakeDeps): Promise<AppendResult> {
  const records = recordsFromWebhook(body, receivedAt);
  const work = storeThenEnqueue(body, records, deps);
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new StoreUnavailableError(`the history store did not confirm within ${deps.storeTimeoutMs} ms; nothing was acknowledged`));
    }, deps.storeTimeoutMs);
  });
  try {
    const result = await Promise.race([work, timeout]);
    deps.metrics.alerts.inc({ outcome: 'stored' }, result.inserted);
    deps.metrics.alerts.inc({ outcome: 'duplicate' }, result.duplicates);
    return result;
  } catch (error) {
    deps.metrics.alerts.inc({ outcome: 'failed' }, records.length);
    if (timedOut) {
      work.then(
        (late) => deps.logger.warn({ stored: late.inserted, duplicates: late.duplicates }, 'a webhook answered 503 after the timeout was stored after all'),
        (late: unknown) => deps.logger.error({ err: late }, 'a webhook answered 503 after the timeout failed'),
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
