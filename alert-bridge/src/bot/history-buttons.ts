import type { InlineKeyboardMarkup } from 'node-telegram-bot-api';

const PREFIX = 'hist';

/**
 * "‹ Newer" / "Older ›" under a /history page. The callback data is the view's random token and a
 * page number (`hist:<token>:<page>`, under 30 bytes); the filter and cursors stay in the bot's state,
 * bound to the chat and message, so a forged token or page finds nothing.
 */
export function historyKeyboard(token: string, page: number, hasOlder: boolean): InlineKeyboardMarkup | undefined {
  const row = [];
  if (page > 1) row.push({ text: '‹ Newer', callback_data: `${PREFIX}:${token}:${page - 1}` });
  if (hasOlder) row.push({ text: 'Older ›', callback_data: `${PREFIX}:${token}:${page + 1}` });
  return row.length === 0 ? undefined : { inline_keyboard: [row] };
}

/** The token and page of a history button's data; undefined for anything else. */
export function parseHistoryCallback(data: string): { token: string; page: number } | undefined {
  const match = /^hist:([\w-]{12}):([1-9]\d{0,5})$/.exec(data);
  return match ? { token: match[1] as string, page: Number(match[2]) } : undefined;
}
