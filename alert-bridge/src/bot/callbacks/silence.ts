import type { CallbackQuery, MaybeInaccessibleMessage } from 'node-telegram-bot-api';
import type { SilenceBinding } from '../../delivery/outbox.js';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT } from '../../notify/telegram/render/index.js';
import type { Matcher } from '../../upstream/alertmanager.js';
import { UpstreamError } from '../../upstream/errors.js';
import { isAllowedChat, maySilence } from '../access.js';
import type { TelegramBotDeps } from '../deps.js';
import { describeError } from '../error-text.js';
import { utcMinute } from '../format/time.js';
import { answerButton, sendHtml, targetOf } from '../replies.js';
import type { parseSilenceCallback } from '../silence-buttons.js';
import { silenceCreator, userLabel } from '../telegram-user.js';

type SilenceButton = NonNullable<ReturnType<typeof parseSilenceCallback>>;

/** What a binding's button did (bot_state `silenced:<token>`), so that pressing again silences nothing more. */
interface SilencedState {
  /** Silence ids by record id, written after each, so that a retry after a failure skips those done. */
  readonly silences: Record<string, string>;
  done: boolean;
  by?: string;
  until?: string;
  duration?: string;
}

const stateKey = (token: string): string => `silenced:${token}`;

function readState(deps: TelegramBotDeps, token: string): SilencedState | undefined {
  const text = deps.outbox.readBotState(stateKey(token));
  return text === undefined ? undefined : (JSON.parse(text) as SilencedState);
}

/** An alert exactly: equality on every one of its labels. */
export function exactMatchers(labels: Readonly<Record<string, string>>): Matcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name] as string, isRegex: false, isEqual: true }));
}

/** Why a press is refused, or undefined when it may silence. The callback data is not trusted: only its binding is. */
function refusal(deps: TelegramBotDeps, query: CallbackQuery, binding: SilenceBinding | undefined): string | undefined {
  const message = query.message;
  if (!message || !binding || binding.chatId !== String(message.chat.id) || binding.messageId !== message.message_id) {
    return 'This button does not belong to this message.';
  }
  if (!isAllowedChat(deps.config, binding.chatId)) return 'This chat may not use this bot.';
  if (!maySilence(deps.config, query.from)) return 'Sorry, you may not silence alerts.';
  if (!deps.alertmanager) return 'ALERTMANAGER_URL is not set, so the bridge cannot silence.';
  return undefined;
}

/**
 * A Silence button: one silence per alert of the message, matching all of its labels, for the
 * button's duration; then the message says who silenced it until when, and loses its buttons.
 */
export async function pressSilenceButton(deps: TelegramBotDeps, query: CallbackQuery, button: SilenceButton, signal?: AbortSignal): Promise<void> {
  const binding = deps.outbox.silenceBinding(button.token);
  const refused = refusal(deps, query, binding);
  if (refused !== undefined || !binding || !query.message || !deps.alertmanager) return answerButton(deps, query.id, refused, { signal });

  const state = readState(deps, button.token) ?? { silences: {}, done: false };
  if (state.done) return answerButton(deps, query.id, `Already silenced by ${state.by} until ${state.until}.`, { signal });
  const now = deps.now?.() ?? new Date();
  const endsAt = new Date(now.getTime() + button.ms);
  for (const record of binding.records) {
    if (state.silences[record.id] !== undefined) continue;
    try {
      state.silences[record.id] = await deps.alertmanager.createSilence({
        matchers: exactMatchers(record.labels),
        startsAt: now,
        endsAt,
        createdBy: silenceCreator(query.from),
        comment: `Silence ${button.duration} button of a Telegram alert message`,
      });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return answerButton(deps, query.id, `Could not silence: ${error.message}`, { alert: true, signal });
    } finally {
      deps.outbox.writeBotState(stateKey(button.token), JSON.stringify(state));
    }
  }
  Object.assign(state, { done: true, by: userLabel(query.from), until: utcMinute(endsAt), duration: button.duration });
  deps.outbox.writeBotState(stateKey(button.token), JSON.stringify(state));
  const silences = Object.values(state.silences);
  deps.logger.info({ chatId: binding.chatId, userId: query.from.id, silences, duration: button.duration }, 'silenced from a button');
  await answerButton(deps, query.id, `Silenced for ${button.duration}.`, { signal });
  await showSilenced(deps, query.message, `🔕 Silenced by ${state.by} until ${state.until} (${button.duration})`, signal);
}

/**
 * Appends the line to the message and removes its buttons. The callback's message holds the visible
 * text and its entities (what Telegram made of the original HTML), so sending them back unchanged
 * with the line after them keeps the message exactly as it was; the bridge does not keep the HTML.
 * A message too long to take the line, or one the bot can no longer read, loses its buttons and gets
 * the line as a reply instead.
 */
async function showSilenced(deps: TelegramBotDeps, message: MaybeInaccessibleMessage, line: string, signal?: AbortSignal): Promise<void> {
  const chatId = String(message.chat.id);
  const text = message.date !== 0 && 'text' in message ? message.text : undefined;
  if (text !== undefined && text.length + line.length + 2 <= TELEGRAM_MESSAGE_LIMIT) {
    try {
      await deps.limits.acquire(chatId, signal);
      const entities = 'entities' in message ? (message.entities ?? []) : [];
      const edit = { chat_id: chatId, message_id: message.message_id, text: `${text}\n\n${line}`, entities, link_preview_options: { is_disabled: true } };
      await deps.api.editMessageText(edit, signal);
      return;
    } catch (error) {
      deps.logger.warn({ chatId, error: describeError(error, deps.config.botToken) }, 'could not edit the silenced message; replying instead');
    }
  }
  try {
    await deps.limits.acquire(chatId, signal);
    await deps.api.editMessageReplyMarkup({ chat_id: chatId, message_id: message.message_id }, signal);
  } catch (error) {
    deps.logger.warn({ chatId, error: describeError(error, deps.config.botToken) }, 'could not remove the Silence buttons');
  }
  await sendHtml(deps, { ...targetOf(message), replyTo: message.message_id }, escapeHtml(line), undefined, signal);
}
