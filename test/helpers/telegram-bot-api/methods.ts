import type { BotCommand, BotCommandScope, User } from 'node-telegram-bot-api';
import type { Changes } from './changes.js';
import type { ChatStore } from './chats.js';
import { messageText } from './message-text.js';
import { BotApiError, badRequest, type Params } from './params.js';
import type { FloodControl, RateLimitViolation } from './rate-limits.js';
import { validateReplyMarkup } from './reply-markup.js';
import type { UpdateQueue } from './updates.js';
import type { UserActions } from './user-actions.js';

export interface FakeCallbackAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
  cacheTime?: number;
  at: Date;
}

export interface BotState {
  bot: User;
  chats: ChatStore;
  updates: UpdateQueue;
  users: UserActions;
  changes: Changes;
  flood: FloodControl | undefined;
  violations: RateLimitViolation[];
  callbackAnswers: FakeCallbackAnswer[];
  /** setMyCommands' lists by commandsKey(scope, language_code). */
  commands: Map<string, BotCommand[]>;
}

export interface MethodContext {
  params: Params;
  /** Aborts when the client goes away, so a held getUpdates stops waiting. */
  signal: AbortSignal;
}

export type MethodHandler = (context: MethodContext) => unknown;

const SCOPE_TYPES = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member'];

/** setMyCommands keeps one list per scope and language, like Telegram. */
export function commandsKey(scope: BotCommandScope = { type: 'default' }, languageCode = ''): string {
  const target = [('chat_id' in scope ? scope.chat_id : undefined), ('user_id' in scope ? scope.user_id : undefined)];
  return [scope.type, ...target.filter((part) => part !== undefined), languageCode].join('|');
}

/** The Bot API methods the fake speaks, by name. */
export function botApiMethods(state: BotState): Record<string, MethodHandler> {
  const { chats } = state;

  /** Telegram's flood control, applied once a message has passed validation. */
  const admit = (chatId: number, method: string): void => {
    const refusal = state.flood?.admit(chatId);
    if (!refusal) return;
    state.violations.push({ chatId, method, ...refusal, at: new Date() });
    state.changes.notify();
    throw new BotApiError(429, `Too Many Requests: retry after ${refusal.retryAfter}`, { retry_after: refusal.retryAfter });
  };

  const text = (params: Params) =>
    messageText(params.string('text'), params.string('parse_mode'), params.json('entities', "can't parse entities JSON object"));

  const replyMarkup = (params: Params, inlineOnly: boolean) => {
    const markup = validateReplyMarkup(params.json('reply_markup', "can't parse reply keyboard markup JSON object"), inlineOnly);
    return markup ? { replyMarkup: markup } : {};
  };

  const editedMessage = (params: Params) => {
    if (params.has('inline_message_id')) throw badRequest('inline messages are not implemented by the fake Bot API');
    const chatId = params.chatId();
    const messageId = params.integer('message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const stored = chats.findBotMessage(chatId, messageId);
    if (!stored) throw badRequest('message to edit not found');
    return { chatId, messageId, stored };
  };

  return {
    getMe: () => state.bot,

    sendMessage: ({ params }) => {
      const chatId = params.chatId();
      const content = { ...text(params), ...replyMarkup(params, false) };
      admit(chatId, 'sendMessage');
      return chats.sendBotMessage(chatId, params.integer('message_thread_id'), content);
    },

    // Without reply_markup an edit removes the inline keyboard, as in Telegram.
    editMessageText: ({ params }) => {
      const { chatId, messageId } = editedMessage(params);
      const change = { ...text(params), ...replyMarkup(params, true) };
      chats.checkEdit(chatId, messageId, change);
      admit(chatId, 'editMessageText');
      return chats.editBotMessage(chatId, messageId, change);
    },

    editMessageReplyMarkup: ({ params }) => {
      const { chatId, messageId, stored } = editedMessage(params);
      const { html, parseMode, text: visible, entities } = stored.current;
      const content = { html, ...(parseMode ? { parseMode } : {}), text: visible, entities };
      return chats.editBotMessage(chatId, messageId, { ...content, ...replyMarkup(params, true) });
    },

    answerCallbackQuery: ({ params }) => {
      const callbackQueryId = params.string('callback_query_id');
      state.users.answerQuery(callbackQueryId);
      const answer: FakeCallbackAnswer = { callbackQueryId: callbackQueryId ?? '', showAlert: params.boolean('show_alert') ?? false, at: new Date() };
      const answerText = params.string('text');
      const url = params.string('url');
      const cacheTime = params.integer('cache_time');
      if (answerText !== undefined) answer.text = answerText;
      if (url !== undefined) answer.url = url;
      if (cacheTime !== undefined) answer.cacheTime = cacheTime;
      state.callbackAnswers.push(answer);
      state.changes.notify();
      return true;
    },

    setMyCommands: ({ params }) => {
      const commands = validateCommands(params.json('commands', "can't parse commands JSON object"));
      const scope = validateScope(params.json('scope', "can't parse BotCommandScope JSON object"));
      state.commands.set(commandsKey(scope, params.string('language_code')), commands);
      state.changes.notify();
      return true;
    },

    getMyCommands: ({ params }) => {
      const scope = validateScope(params.json('scope', "can't parse BotCommandScope JSON object"));
      return state.commands.get(commandsKey(scope, params.string('language_code'))) ?? [];
    },

    deleteWebhook: ({ params }) => {
      if (params.boolean('drop_pending_updates')) state.updates.dropPending();
      return true;
    },

    getUpdates: ({ params, signal }) => {
      const allowed = params.json('allowed_updates', "can't parse allowed_updates JSON array");
      if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((type) => typeof type === 'string'))) {
        throw badRequest('allowed_updates must be an Array of String');
      }
      return state.updates.getUpdates(
        { offset: params.integer('offset'), limit: params.integer('limit'), timeout: params.integer('timeout'), allowedUpdates: allowed },
        signal,
      );
    },
  };
}

function validateCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest('field "commands" must be an Array');
  if (value.length > 100) throw badRequest('too many commands specified');
  return value.map((entry: unknown) => {
    const { command, description } = (entry ?? {}) as Partial<Record<string, unknown>>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '') throw badRequest('command description must be non-empty');
    if (description.length > 256) throw badRequest('command description is too long');
    return { command, description };
  });
}

function validateScope(value: unknown): BotCommandScope | undefined {
  if (value === undefined) return undefined;
  const scope = value as { type?: unknown; chat_id?: unknown; user_id?: unknown };
  if (typeof scope !== 'object' || scope === null || !SCOPE_TYPES.includes(scope.type as string)) {
    throw badRequest('unsupported bot command scope type');
  }
  if (['chat', 'chat_administrators', 'chat_member'].includes(scope.type as string) && scope.chat_id === undefined) {
    throw badRequest('chat_id is empty');
  }
  if (scope.type === 'chat_member' && scope.user_id === undefined) throw badRequest('user_id is empty');
  return scope as BotCommandScope;
}
