// Telegram's flood limits for bots (core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
// about one message per second into a chat, with short bursts tolerated; at most 20 messages a minute
// into a group; about 30 messages a second overall. Over a limit the Bot API answers 429 with
// parameters.retry_after in whole seconds, and the message is not sent.

export interface RateLimits {
  /** Sustained messages per second into one chat. */
  perChatPerSecond: number;
  /** Messages one chat takes at once before perChatPerSecond applies (a token bucket's size). */
  perChatBurst: number;
  /** Messages per sliding minute into one group or supergroup (chat id < 0). */
  perGroupPerMinute: number;
  /** Messages per sliding second across all chats. */
  globalPerSecond: number;
}

// A burst of 2 tolerates a client that spaces messages by a second but whose requests arrive with some
// jitter, and still catches one that sends three at once.
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perChatPerSecond: 1,
  perChatBurst: 2,
  perGroupPerMinute: 20,
  globalPerSecond: 30,
};

export type LimitName = 'chat' | 'group' | 'global';

export interface RateLimitViolation {
  chatId: number;
  method: string;
  limit: LimitName;
  retryAfter: number;
  at: Date;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Admits or refuses one message at a time; a refused message consumes nothing. */
export class FloodControl {
  private readonly buckets = new Map<number, Bucket>();
  private readonly groupSends = new Map<number, number[]>();
  private globalSends: number[] = [];

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {
    for (const [key, value] of Object.entries(limits)) {
      if (!(typeof value === 'number' && value > 0)) throw new Error(`rate limit ${key} must be a positive number, got ${value}`);
    }
  }

  /** Undefined when the message may go out (and it is counted), else the limit hit and the seconds to wait. */
  admit(chatId: number): { limit: LimitName; retryAfter: number } | undefined {
    const now = this.now();
    const bucket = this.refill(chatId, now);
    this.globalSends = this.globalSends.filter((at) => at > now - 1000);
    const group = chatId < 0 ? (this.groupSends.get(chatId) ?? []).filter((at) => at > now - 60_000) : undefined;
    if (group) this.groupSends.set(chatId, group);

    if (bucket.tokens < 1) {
      return { limit: 'chat', retryAfter: seconds(((1 - bucket.tokens) / this.limits.perChatPerSecond) * 1000) };
    }
    if (group && group.length >= this.limits.perGroupPerMinute) {
      return { limit: 'group', retryAfter: seconds(group[group.length - this.limits.perGroupPerMinute]! + 60_000 - now) };
    }
    if (this.globalSends.length >= this.limits.globalPerSecond) {
      return { limit: 'global', retryAfter: seconds(this.globalSends[this.globalSends.length - this.limits.globalPerSecond]! + 1000 - now) };
    }
    bucket.tokens -= 1;
    group?.push(now);
    this.globalSends.push(now);
    return undefined;
  }

  private refill(chatId: number, now: number): Bucket {
    const bucket = this.buckets.get(chatId) ?? { tokens: this.limits.perChatBurst, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.limits.perChatBurst, bucket.tokens + elapsed * this.limits.perChatPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(chatId, bucket);
    return bucket;
  }
}

/** Telegram's retry_after is a whole number of seconds, at least 1. */
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
