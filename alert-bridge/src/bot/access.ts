import type { Message, User } from 'node-telegram-bot-api';
import type { TelegramConfig } from '../config/telegram.js';
import { escapeHtml } from '../notify/telegram/render/index.js';
import type { TelegramBotDeps } from './deps.js';
import { sendHtml, targetOf } from './replies.js';

/** Commands and buttons work only in these chats: TELEGRAM_ALLOWED_CHAT_IDS, the alert chat and every route's. */
export function isAllowedChat(config: TelegramConfig, chatId: string): boolean {
  return config.allowedChatIds.has(chatId);
}

/** TELEGRAM_ALLOWED_USER_IDS, when set, narrows who may silence and unsilence, on top of the chat allow-list. */
export function maySilence(config: TelegramConfig, user: User | undefined): boolean {
  if (config.allowedUserIds === undefined) return true;
  return user !== undefined && config.allowedUserIds.has(String(user.id));
}

export const SILENCE_NOT_ALLOWED = 'Sorry, you may not silence alerts: only the people in TELEGRAM_ALLOWED_USER_IDS may.';

const refusedKey = (chatId: string): string => `refused:${chatId}`;

/**
 * A command from a chat that is not allowed gets one polite refusal, ever, and nothing else: the
 * refusal is recorded (durably, before it is sent) so that a stranger's chat, or a group the bot was
 * added to by mistake, is not answered again. It names the chat id, which is what an admin needs.
 */
export async function refuseChatOnce(deps: TelegramBotDeps, message: Message): Promise<boolean> {
  const chatId = String(message.chat.id);
  if (deps.outbox.readBotState(refusedKey(chatId)) !== undefined) return false;
  deps.outbox.writeBotState(refusedKey(chatId), (deps.now?.() ?? new Date()).toISOString());
  await sendHtml(
    deps,
    targetOf(message),
    'Sorry, this bot answers only in the chats it is set up for. ' +
      `To use it here, add this chat's id, <code>${escapeHtml(chatId)}</code>, to TELEGRAM_ALLOWED_CHAT_IDS.`,
  );
  return true;
}
