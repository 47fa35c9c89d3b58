import type { InlineKeyboardMarkup, Message, User } from 'node-telegram-bot-api';
import type { TelegramBotDeps } from '../deps.js';

/** One command's call: the message, its arguments, and how to answer it. */
export interface CommandContext {
  readonly deps: TelegramBotDeps;
  readonly message: Message;
  readonly chatId: string;
  /** Absent for messages sent on behalf of a channel. */
  readonly from?: User;
  /** The text after the command. */
  readonly args: string;
  readonly now: Date;
  /** Sends an HTML answer into the command's chat (and topic), under Telegram's limits. */
  reply(html: string, keyboard?: InlineKeyboardMarkup): Promise<Message>;
}

export interface ChatCommand {
  /** Without the slash, lower case. */
  readonly name: string;
  /** `/status [host]`, as /help shows it. */
  readonly syntax: string;
  /** One line, for /help and setMyCommands. */
  readonly description: string;
  /** What the command does, for "Could not …" when an upstream fails. */
  readonly failure: string;
  run(context: CommandContext): Promise<void>;
}
