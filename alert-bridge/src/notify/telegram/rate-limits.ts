import { RateLimiter, TokenBucket } from 'node-telegram-bot-api';

/** Telegram's documented limits for bots: per chat, per group chat, and overall. */
export const TELEGRAM_LIMITS = { perChatPerSecond: 1, perGroupPerMinute: 20, globalPerSecond: 30 } as const;

/** Groups, supergroups and channels have negative ids; users positive ones. */
const isGroup = (chatId: string): boolean => chatId.startsWith('-');

/**
 * The library's rate limiter (global and per chat) plus its token bucket for the per-group minute
 * limit, which the library does not know. Every message the bridge sends, alert or command answer,
 * waits here first, so the bot stays within Telegram's limits instead of collecting 429s.
 */
export class TelegramRateLimits {
  readonly #limiter = new RateLimiter({ global: TELEGRAM_LIMITS.globalPerSecond, perChat: TELEGRAM_LIMITS.perChatPerSecond });
  readonly #groups = new Map<string, TokenBucket>();

  async acquire(chatId: string, signal?: AbortSignal): Promise<void> {
    if (isGroup(chatId)) {
      let bucket = this.#groups.get(chatId);
      if (!bucket) {
        bucket = new TokenBucket(TELEGRAM_LIMITS.perGroupPerMinute / 60);
        this.#groups.set(chatId, bucket);
      }
      await bucket.take(signal);
    }
    await this.#limiter.acquire(chatId, signal);
  }

  messagesPerMinute(chatId: string): number {
    return isGroup(chatId) ? TELEGRAM_LIMITS.perGroupPerMinute : TELEGRAM_LIMITS.perChatPerSecond * 60;
  }
}
