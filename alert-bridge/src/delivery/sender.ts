import type { TelegramDestination } from '../config/telegram.js';
import type { OutgoingPart } from './outbox.js';

/**
 * How one attempt went. The sender only classifies (STYLE habit 4); the delivery worker decides:
 * `retry` false is final for that message (its records become failed), true is tried again, after
 * `retryAfterMs` when the other side said how long to wait.
 */
export type SendOutcome =
  | { readonly ok: true; readonly messageId: number }
  | { readonly ok: false; readonly retry: boolean; readonly retryAfterMs?: number; readonly reason: string };

/** A chat service the delivery queue sends rendered messages through (notify/telegram). */
export interface MessageSender {
  /** Resolves when the destination may take one more message under the service's rate limits. */
  ready(destination: TelegramDestination, signal: AbortSignal): Promise<void>;
  /** The destination's sustained rate: a backlog that would take long to drain becomes a digest. */
  messagesPerMinute(destination: TelegramDestination): number;
  send(destination: TelegramDestination, part: OutgoingPart, signal: AbortSignal): Promise<SendOutcome>;
}
