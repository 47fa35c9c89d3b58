import type { Message } from 'node-telegram-bot-api';

export interface CommandMessage {
  /** Lower case, without the slash and the bot's name: `status` for `/Status@HostwatchBot`. */
  readonly name: string;
  /** The text after the command, trimmed. */
  readonly args: string;
}

/**
 * The command a message starts with, as Telegram marks it (a bot_command entity at offset 0), or
 * undefined for anything else: plain text, a command further into the text, or a command addressed
 * to another bot (`/status@OtherBot`) in a group the bots share.
 */
export function parseCommandMessage(message: Pick<Message, 'text' | 'entities'>, botUsername: string): CommandMessage | undefined {
  const text = message.text;
  const entity = message.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (text === undefined || entity === undefined) return undefined;
  const [name = '', addressee] = text.slice(1, entity.length).split('@');
  if (addressee !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: name.toLowerCase(), args: text.slice(entity.length).trim() };
}
