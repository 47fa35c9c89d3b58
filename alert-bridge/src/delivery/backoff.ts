/** The first retry waits about this long; each further one twice as long, up to MAX_RETRY_DELAY_MS. */
export const BASE_RETRY_DELAY_MS = 1000;
/** A Telegram outage of any length is waited out, checking at least once a minute. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Exponential backoff with "equal jitter": half fixed, half random, so that many chats retrying after
 * one outage do not all come back in the same second.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, BASE_RETRY_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
