import type { Api } from 'node-telegram-bot-api';
import type { TelegramDestination } from '../../config/telegram.js';
import type { OutgoingPart } from '../../delivery/outbox.js';
import type { MessageSender, SendOutcome } from '../../delivery/sender.js';
import { silenceKeyboard } from '../../bot/silence-buttons.js';
import type { TelegramRateLimits } from './rate-limits.js';
import { classifySendError } from './send-errors.js';

/** Sends rendered alert messages with sendMessage, in HTML parse mode, under Telegram's rate limits. */
export class TelegramSender implements MessageSender {
  constructor(
    private readonly api: Api,
    private readonly limits: TelegramRateLimits,
  ) {}

  ready(destination: TelegramDestination, signal: AbortSignal): Promise<void> {
    return this.limits.acquire(destination.chatId, signal);
  }

  messagesPerMinute(destination: TelegramDestination): number {
    return this.limits.messagesPerMinute(destination.chatId);
  }

  async send(destination: TelegramDestination, part: OutgoingPart, signal: AbortSignal): Promise<SendOutcome> {
    try {
      const message = await this.api.sendMessage(
        {
          chat_id: destination.chatId,
          ...(destination.threadId === undefined ? {} : { message_thread_id: destination.threadId }),
          text: part.text,
          parse_mode: 'HTML',
          // The links are to Prometheus, Alertmanager and runbooks: previews of them would only add noise.
          link_preview_options: { is_disabled: true },
          ...(part.silenceToken ? { reply_markup: silenceKeyboard(part.silenceToken) } : {}),
        },
        signal,
      );
      return { ok: true, messageId: message.message_id };
    } catch (error) {
      return classifySendError(error);
    }
  }
}
