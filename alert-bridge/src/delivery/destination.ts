import { parseDestination, type TelegramDestination } from '../config/telegram.js';

/** "CHAT" or "CHAT:THREAD": how a destination is keyed in the outbox and written in a `telegram_chat` label. */
export function destinationKey(destination: TelegramDestination): string {
  return destination.threadId === undefined ? destination.chatId : `${destination.chatId}:${destination.threadId}`;
}

export function parseDestinationKey(key: string): TelegramDestination {
  const destination = parseDestination(key);
  if (!destination) throw new Error(`the outbox holds a malformed destination ${JSON.stringify(key)}`);
  return destination;
}
