import type { CallbackQuery } from 'node-telegram-bot-api';
import { InvalidCursorError } from '../../history/store.js';
import { isAllowedChat } from '../access.js';
import type { TelegramBotDeps } from '../deps.js';
import { formatHistoryPage } from '../format/history-page.js';
import { historyKeyboard, type parseHistoryCallback } from '../history-buttons.js';
import { loadHistoryPage, readHistoryView, saveHistoryView } from '../history-views.js';
import { answerButton, editHtml } from '../replies.js';

type HistoryButton = NonNullable<ReturnType<typeof parseHistoryCallback>>;

const OUT_OF_DATE = 'This list is out of date; send /history again.';

/** "‹ Newer" / "Older ›": the page replaces the message's text in place. */
export async function pressHistoryButton(deps: TelegramBotDeps, query: CallbackQuery, button: HistoryButton, signal?: AbortSignal): Promise<void> {
  const message = query.message;
  if (!message) return answerButton(deps, query.id, OUT_OF_DATE, { signal });
  const chatId = String(message.chat.id);
  if (!isAllowedChat(deps.config, chatId)) return answerButton(deps, query.id, 'This chat may not use this bot.', { signal });
  const view = readHistoryView(deps.outbox, chatId);
  // Only pages next to one already shown are offered, so a page past the cursors known is forged.
  if (!view || view.token !== button.token || view.messageId !== message.message_id || button.page > view.cursors.length) {
    return answerButton(deps, query.id, OUT_OF_DATE, { signal });
  }
  let result;
  try {
    result = await loadHistoryPage(deps.store, view, button.page);
  } catch (error) {
    if (error instanceof InvalidCursorError) return answerButton(deps, query.id, OUT_OF_DATE, { signal });
    throw error;
  }
  if (!result.found) return answerButton(deps, query.id, 'There is nothing older.', { signal });
  const keyboard = historyKeyboard(view.token, button.page, result.view.hasOlder);
  await editHtml(deps, { chatId, messageId: message.message_id }, formatHistoryPage(result.view), keyboard, signal);
  saveHistoryView(deps.outbox, chatId, view);
  await answerButton(deps, query.id, undefined, { signal });
}
