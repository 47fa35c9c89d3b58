import type { User } from 'node-telegram-bot-api';
import type { ChatStore, ChatType } from './chats.js';
import type { ParsedEntity } from './html.js';
import { badRequest } from './params.js';
import type { UpdateQueue } from './updates.js';

// What people do in Telegram, turned into the Update objects the Bot API would queue for the bot.

export interface UserMessageInput {
  chatId: number;
  fromId: number;
  text: string;
  /** Defaults to private for a positive chat id, supergroup for a negative one. */
  chatType?: ChatType;
  /** A forum topic; marks the chat as a forum. */
  messageThreadId?: number;
  firstName?: string;
  username?: string;
}

export interface EditedMessageInput extends UserMessageInput {
  /** The user's earlier message, as returned in its update. */
  messageId: number;
}

export interface ButtonPressInput {
  chatId: number;
  fromId: number;
  /** A message the bot sent with an inline keyboard. */
  messageId: number;
  /** The pressed button's callback_data. */
  data: string;
  firstName?: string;
  username?: string;
}

const EXPIRED_QUERY = 'query is too old and response timeout expired or query ID is invalid';

/** bot_command entities where Telegram finds them (tdlib's match_bot_commands): "/cmd" or "/cmd@SomeBot" between non-word characters. */
export function botCommandEntities(text: string): ParsedEntity[] {
  const pattern = /(?<![\p{L}\p{N}_/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/<>@])/gu;
  return [...text.matchAll(pattern)].map((match) => ({ type: 'bot_command', offset: match.index, length: match[0].length }));
}

export class UserActions {
  private lastQueryId = 0;
  private readonly unansweredQueries = new Set<string>();

  constructor(
    private readonly chats: ChatStore,
    private readonly updates: UpdateQueue,
  ) {}

  /** Queues a message update; returns its update_id. */
  sendMessage(input: UserMessageInput): number {
    const { from, chatId } = this.participants(input);
    this.chats.chat(chatId, { type: input.chatType, user: from, forum: input.messageThreadId !== undefined });
    const message = this.chats.addUserMessage(chatId, input.messageThreadId, from, userText(input.text));
    return this.updates.add('message', (update_id) => ({ update_id, message }));
  }

  /** Queues an edited_message update for an earlier sendMessage; returns its update_id. */
  editMessage(input: EditedMessageInput): number {
    const { chatId } = this.participants(input);
    const edited_message = this.chats.editUserMessage(chatId, input.messageId, userText(input.text));
    return this.updates.add('edited_message', (update_id) => ({ update_id, edited_message }));
  }

  /** Queues a callback_query update for a button the bot's message has (or had); returns its update_id. */
  pressButton(input: ButtonPressInput): number {
    const { from, chatId } = this.participants(input);
    const stored = this.chats.findBotMessage(chatId, input.messageId);
    if (!stored) throw new Error(`the bot sent no message ${input.messageId} in chat ${chatId}, so there is no button to press`);
    const offered = [stored.current, ...stored.history].flatMap((version) =>
      version.replyMarkup && 'inline_keyboard' in version.replyMarkup ? version.replyMarkup.inline_keyboard.flat() : [],
    );
    if (!offered.some((button) => button.callback_data === input.data)) {
      const known = offered.map((button) => JSON.stringify(button.callback_data ?? button.text)).join(', ') || 'none';
      throw new Error(`message ${input.messageId} in chat ${chatId} never had a button with callback_data ${JSON.stringify(input.data)} (it had: ${known})`);
    }
    const id = String(4_000_000_000_000 + ++this.lastQueryId);
    this.unansweredQueries.add(id);
    const message = this.chats.toMessage(stored);
    const chat_instance = String(BigInt(chatId) * 7919n - 3_700_000_000_000n);
    return this.updates.add('callback_query', (update_id) => ({
      update_id,
      callback_query: { id, from, message, chat_instance, data: input.data },
    }));
  }

  /** answerCallbackQuery: each query is answered once. */
  answerQuery(id: string | undefined): void {
    if (id === undefined || !this.unansweredQueries.delete(id)) throw badRequest(EXPIRED_QUERY);
  }

  private participants(input: { chatId: number; fromId: number; firstName?: string; username?: string }): { from: User; chatId: number } {
    if (!Number.isSafeInteger(input.chatId) || input.chatId === 0) throw new Error(`chatId must be a non-zero integer, got ${input.chatId}`);
    if (!Number.isSafeInteger(input.fromId) || input.fromId <= 0) throw new Error(`fromId must be a positive integer, got ${input.fromId}`);
    const from: User = { id: input.fromId, is_bot: false, first_name: input.firstName ?? `User ${input.fromId}`, language_code: 'en' };
    if (input.username) from.username = input.username;
    return { from, chatId: input.chatId };
  }
}

function userText(text: string): { html: string; text: string; entities: ParsedEntity[] } {
  if (text === '') throw new Error('a user message needs text');
  return { html: text, text, entities: botCommandEntities(text) };
}
