import type { InlineKeyboardMarkup, Message } from 'node-telegram-bot-api';
import type { TelegramBotDeps } from './deps.js';

/** Where an answer goes: the chat and forum topic of the message it answers, as a reply in groups. */
export interface ReplyTarget {
  readonly chatId: string;
  readonly threadId?: number;
  /** In groups the answer quotes the command, so that people see whose question it answers. */
  readonly replyTo?: number;
}

export function targetOf(message: Pick<Message, 'chat' | 'message_id' | 'message_thread_id' | 'is_topic_message'>): ReplyTarget {
  const chatId = String(message.chat.id);
  return {
    chatId,
    ...(message.is_topic_message && message.message_thread_id !== undefined ? { threadId: message.message_thread_id } : {}),
    ...(message.chat.type === 'private' ? {} : { replyTo: message.message_id }),
  };
}

type Sender = Pick<TelegramBotDeps, 'api' | 'limits'>;

/** Sends an HTML message, after waiting its turn under Telegram's limits like every message the bridge sends. */
export async function sendHtml(deps: Sender, target: ReplyTarget, html: string, keyboard?: InlineKeyboardMarkup, signal?: AbortSignal): Promise<Message> {
  await deps.limits.acquire(target.chatId, signal);
  return deps.api.sendMessage(
    {
      chat_id: target.chatId,
      ...(target.threadId === undefined ? {} : { message_thread_id: target.threadId }),
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(target.replyTo === undefined ? {} : { reply_parameters: { message_id: target.replyTo, allow_sending_without_reply: true } }),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    },
    signal,
  );
}

/** Replaces a message's text (and its buttons: none unless given), under the same limits as a new message. */
export async function editHtml(
  deps: Sender,
  where: { chatId: string; messageId: number },
  html: string,
  keyboard?: InlineKeyboardMarkup,
  signal?: AbortSignal,
): Promise<void> {
  await deps.limits.acquire(where.chatId, signal);
  await deps.api.editMessageText(
    {
      chat_id: where.chatId,
      message_id: where.messageId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(keyboard ? { reply_markup: keyboard } : {}),
    },
    signal,
  );
}

/**
 * Stops the button's spinner; `text`, when given, shows as a short notice (Telegram takes at most 200
 * characters), or as a dialog to dismiss with `alert`.
 */
export async function answerButton(
  deps: Pick<TelegramBotDeps, 'api'>,
  queryId: string,
  text?: string,
  options: { alert?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  const notice = text === undefined ? {} : { text: text.length > 200 ? `${text.slice(0, 199)}…` : text, ...(options.alert ? { show_alert: true } : {}) };
  await deps.api.answerCallbackQuery({ callback_query_id: queryId, ...notice }, options.signal);
}
