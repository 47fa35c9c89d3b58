import type { CallbackQuery } from 'node-telegram-bot-api';
import type { TelegramBotDeps } from '../deps.js';
import { parseHistoryCallback } from '../history-buttons.js';
import { answerButton } from '../replies.js';
import { parseSilenceCallback } from '../silence-buttons.js';
import { pressHistoryButton } from './history-page.js';
import { pressSilenceButton } from './silence.js';

/** A button press, by its callback data; data the bot never makes only stops the spinner. */
export function pressButton(deps: TelegramBotDeps, query: CallbackQuery, signal?: AbortSignal): Promise<void> {
  const data = query.data ?? '';
  const silence = parseSilenceCallback(data);
  if (silence) return pressSilenceButton(deps, query, silence, signal);
  const history = parseHistoryCallback(data);
  if (history) return pressHistoryButton(deps, query, history, signal);
  return answerButton(deps, query.id, 'This button no longer works.', { signal });
}
