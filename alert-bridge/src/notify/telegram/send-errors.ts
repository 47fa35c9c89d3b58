import { TelegramApiError, isAbortError, isTransientError } from 'node-telegram-bot-api';
import type { SendOutcome } from '../../delivery/sender.js';

/**
 * What a failed Bot API call means for delivery. 429 and 5xx, network failures and timeouts pass;
 * any other answer of Telegram's (400 chat not found, 403 bot blocked, a message it cannot parse)
 * will be the same on every retry. Anything unrecognised is retried: losing an alert is worse.
 */
export function classifySendError(error: unknown): Extract<SendOutcome, { ok: false }> {
  if (error instanceof TelegramApiError) {
    const reason = `Telegram answered ${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429) return { ok: false, retry: true, retryAfterMs: (error.retryAfter ?? 1) * 1000, reason };
    return { ok: false, retry: isTransientError(error), reason };
  }
  if (isAbortError(error)) return { ok: false, retry: true, reason: 'cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, retry: true, reason: isTransientError(error) ? message : `unexpected error: ${message}` };
}
