import { HISTORY_USAGE, parseHistoryArguments } from '../arguments/index.js';
import { historyKeyboard } from '../history-buttons.js';
import { loadHistoryPage, MAX_HISTORY_PAGE, newHistoryView, saveHistoryView } from '../history-views.js';
import { formatEmptyHistory, formatHistoryPage, formatPastLastPage } from '../format/history-page.js';
import { usageText } from '../format/notices.js';
import type { ChatCommand } from './command.js';

export const historyCommand: ChatCommand = {
  name: 'history',
  syntax: '/history [host|alertname] [page]',
  description: 'Notifications sent, newest first, 10 per page',
  failure: 'read the notification history',
  async run({ deps, chatId, args, reply }) {
    const parsed = parseHistoryArguments(args);
    if (!parsed.ok) return void (await reply(usageText(parsed)));
    const { filter, page } = parsed.value;
    if (page > MAX_HISTORY_PAGE) {
      return void (await reply(usageText({ reason: `pages go up to ${MAX_HISTORY_PAGE}; name a host or alert to go further back`, usage: HISTORY_USAGE })));
    }
    const view = newHistoryView(filter);
    const result = await loadHistoryPage(deps.store, view, page);
    if (!result.found) {
      return void (await reply(result.lastPage === 0 ? formatEmptyHistory(filter) : formatPastLastPage(filter, result.lastPage)));
    }
    const keyboard = historyKeyboard(view.token, page, result.view.hasOlder);
    const sent = await reply(formatHistoryPage(result.view), keyboard);
    // Only a message with buttons needs its view; a newer /history replaces the chat's previous one.
    if (keyboard) saveHistoryView(deps.outbox, chatId, { ...view, messageId: sent.message_id });
  },
};
