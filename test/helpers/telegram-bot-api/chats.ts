import type { Chat, Message, MessageEntity, User } from 'node-telegram-bot-api';
import type { Changes } from './changes.js';
import type { ParsedEntity } from './html.js';
import type { MessageText } from './message-text.js';
import { badRequest } from './params.js';
import type { ReplyMarkup } from './reply-markup.js';

export type ChatType = 'private' | 'group' | 'supergroup';

/** One version of a message's content. */
export interface FakeMessageVersion {
  /** The text parameter as sent: the HTML source when parse_mode is HTML. */
  html: string;
  parseMode?: string;
  /** The visible text: entities decoded, tags stripped, trimmed like Telegram does. */
  text: string;
  entities: readonly ParsedEntity[];
  replyMarkup?: ReplyMarkup;
  at: Date;
}

/** A message the bot sent, as the fake accepted it; a snapshot, so later edits do not change it. */
export interface FakeMessage extends FakeMessageVersion {
  chatId: number;
  messageThreadId?: number;
  messageId: number;
  /** When the message was sent; `editedAt` is when its current version came. */
  at: Date;
  editedAt?: Date;
  /** Earlier versions, oldest first; empty until the message is edited. */
  history: readonly FakeMessageVersion[];
}

export interface StoredMessage {
  chatId: number;
  messageThreadId?: number;
  messageId: number;
  from: User;
  sentAt: Date;
  editedAt?: Date;
  current: FakeMessageVersion;
  history: FakeMessageVersion[];
}

const unixTime = (at: Date): number => Math.floor(at.getTime() / 1000);

/** Chats and their messages, bot's and users' alike; message ids count up from 1 in each chat. */
export class ChatStore {
  private readonly chats = new Map<number, Chat>();
  private readonly lastMessageIds = new Map<number, number>();
  private readonly botMessages: StoredMessage[] = [];
  private readonly userMessages: StoredMessage[] = [];

  constructor(
    private readonly bot: User,
    private readonly changes: Changes,
  ) {}

  /** The chat with this id, made up on first sight: private for positive ids, a supergroup for negative. */
  chat(chatId: number, seen?: { type?: ChatType; user?: User; forum?: boolean }): Chat {
    const known = this.chats.get(chatId);
    const type = seen?.type ?? (known?.type as ChatType | undefined) ?? (chatId > 0 ? 'private' : 'supergroup');
    const chat: Chat =
      type === 'private'
        ? { id: chatId, type, first_name: seen?.user?.first_name ?? known?.first_name ?? `User ${chatId}` }
        : { id: chatId, type, title: known?.title ?? `Group ${chatId}` };
    if (type === 'private' && (seen?.user?.username ?? known?.username)) chat.username = seen?.user?.username ?? known?.username;
    if (type === 'supergroup' && (seen?.forum || known?.is_forum)) chat.is_forum = true;
    this.chats.set(chatId, chat);
    return chat;
  }

  sendBotMessage(chatId: number, messageThreadId: number | undefined, content: Omit<FakeMessageVersion, 'at'>): Message {
    const stored = this.store(this.botMessages, chatId, messageThreadId, this.bot, content);
    this.changes.notify();
    return this.toMessage(stored);
  }

  addUserMessage(chatId: number, messageThreadId: number | undefined, from: User, text: MessageText): Message {
    return this.toMessage(this.store(this.userMessages, chatId, messageThreadId, from, text));
  }

  /** Refuses an edit the way Telegram does: the message must exist and the edit must change something. */
  checkEdit(chatId: number, messageId: number, change: Omit<FakeMessageVersion, 'at'>): StoredMessage {
    const stored = this.findBotMessage(chatId, messageId);
    if (!stored) throw badRequest('message to edit not found');
    const { current } = stored;
    if (current.text === change.text && same(current.entities, change.entities) && same(current.replyMarkup, change.replyMarkup)) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    return stored;
  }

  /** editMessageText / editMessageReplyMarkup: the new content replaces the old, which goes to history. */
  editBotMessage(chatId: number, messageId: number, change: Omit<FakeMessageVersion, 'at'>): Message {
    const stored = this.checkEdit(chatId, messageId, change);
    stored.history.push(stored.current);
    stored.editedAt = new Date();
    stored.current = { ...change, at: stored.editedAt };
    this.changes.notify();
    return this.toMessage(stored);
  }

  editUserMessage(chatId: number, messageId: number, text: MessageText): Message {
    const stored = this.userMessages.find((m) => m.chatId === chatId && m.messageId === messageId);
    if (!stored) throw new Error(`no user message ${messageId} in chat ${chatId} to edit; send it with sendUserMessage first`);
    stored.history.push(stored.current);
    stored.editedAt = new Date();
    stored.current = { ...text, at: stored.editedAt };
    return this.toMessage(stored);
  }

  findBotMessage(chatId: number, messageId: number): StoredMessage | undefined {
    return this.botMessages.find((m) => m.chatId === chatId && m.messageId === messageId);
  }

  list(chatId?: number): FakeMessage[] {
    return this.botMessages
      .filter((m) => chatId === undefined || m.chatId === chatId)
      .map((m) => ({
        ...m.current,
        chatId: m.chatId,
        ...(m.messageThreadId !== undefined ? { messageThreadId: m.messageThreadId } : {}),
        messageId: m.messageId,
        at: m.sentAt,
        ...(m.editedAt ? { editedAt: m.editedAt } : {}),
        history: [...m.history],
      }));
  }

  /** The Bot API's Message object for a stored message. */
  toMessage(stored: StoredMessage): Message {
    const { current } = stored;
    const message: Message = {
      message_id: stored.messageId,
      from: stored.from,
      chat: this.chat(stored.chatId),
      date: unixTime(stored.sentAt),
      text: current.text,
    };
    if (stored.messageThreadId !== undefined) {
      message.message_thread_id = stored.messageThreadId;
      message.is_topic_message = true;
    }
    if (current.entities.length > 0) message.entities = current.entities.map((entity) => ({ ...entity }) as MessageEntity);
    if (stored.editedAt) message.edit_date = unixTime(stored.editedAt);
    if (current.replyMarkup && 'inline_keyboard' in current.replyMarkup) message.reply_markup = current.replyMarkup;
    return message;
  }

  private store(
    into: StoredMessage[],
    chatId: number,
    messageThreadId: number | undefined,
    from: User,
    content: Omit<FakeMessageVersion, 'at'>,
  ): StoredMessage {
    const messageId = (this.lastMessageIds.get(chatId) ?? 0) + 1;
    this.lastMessageIds.set(chatId, messageId);
    const sentAt = new Date();
    const stored: StoredMessage = { chatId, messageId, from, sentAt, current: { ...content, at: sentAt }, history: [] };
    if (messageThreadId !== undefined) stored.messageThreadId = messageThreadId;
    into.push(stored);
    return stored;
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
