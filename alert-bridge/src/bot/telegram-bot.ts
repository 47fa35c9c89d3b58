import { isTransientError, longPoll, type CallbackQuery, type Message, type Update } from 'node-telegram-bot-api';
import { setTimeout as sleep } from 'node:timers/promises';
import { escapeHtml } from '../notify/telegram/render/index.js';
import { UpstreamError } from '../upstream/errors.js';
import { isAllowedChat, refuseChatOnce } from './access.js';
import { pressButton } from './callbacks/index.js';
import { parseCommandMessage } from './command-message.js';
import { botCommandList, findCommand, type CommandContext } from './commands/index.js';
import type { TelegramBotDeps } from './deps.js';
import { describeError } from './error-text.js';
import { failureText } from './format/notices.js';
import { answerButton, sendHtml, targetOf } from './replies.js';

export type { TelegramBotDeps } from './deps.js';

/** The updates the bot reads; edited messages, channel posts and the rest are never fetched. */
export const ALLOWED_UPDATES = ['message', 'callback_query'];
/** Seconds Telegram holds a getUpdates open when there is nothing to return. */
export const POLL_TIMEOUT_SECONDS = 30;
/** Before polling again after getUpdates failed for good (409: another instance polls; 401: a revoked token). */
const RESTART_DELAY_MS = 5000;
/** How long close() lets the update in hand finish its Bot API calls before cutting them off. */
const HANDLER_GRACE_MS = 10_000;
/** Between retries of a getUpdates that failed on the way (network, 5xx); a 429 says its own wait. */
const POLL_RETRY_DELAY_MS = 3000;
/** A Telegram outage is logged once a minute, not at every retry. */
const POLL_ERROR_LOG_INTERVAL_MS = 60_000;
const OFFSET_KEY = 'offset';

/**
 * The bot: long-polls getUpdates and answers commands and button presses, one update at a time.
 *
 * The getUpdates offset is stored (bot_state `offset`) after each update is handled and passed to
 * longPoll on start, so a restart neither repeats nor loses commands: an update is confirmed to
 * Telegram only by the next getUpdates, which longPoll sends after the consumer is done with it.
 * A crash between handling and storing repeats that one update; a Silence button makes no second
 * silence because its use is stored too.
 */
export class TelegramBot {
  readonly #deps: TelegramBotDeps;
  readonly #polling = new AbortController();
  /** Aborted HANDLER_GRACE_MS after close(): what the update in hand still waits for. */
  readonly #handling = new AbortController();
  #username = '';
  #loop: Promise<void> | undefined;
  #pollErrors = { count: 0, loggedAt: -Infinity };

  constructor(deps: TelegramBotDeps) {
    this.#deps = deps;
  }

  /**
   * Removes any webhook (getUpdates fails while one is set), learns the bot's username, registers
   * the command list, and starts polling in the background. A token Telegram refuses fails start();
   * Telegram being unreachable does not: the bot keeps trying in the background.
   */
  async start(): Promise<void> {
    if (this.#loop) return;
    let prepared = false;
    try {
      await this.#prepare();
      prepared = true;
    } catch (error) {
      if (!isTransientError(error)) throw new Error(`the Telegram bot cannot start: ${this.#describe(error)}`);
      this.#deps.logger.warn({ error: this.#describe(error) }, 'Telegram is unreachable; the bot keeps trying');
    }
    this.#loop = this.#run(prepared);
  }

  /** Stops polling and waits for the update in hand (its Bot API calls get HANDLER_GRACE_MS). */
  async close(): Promise<void> {
    this.#polling.abort();
    const timer = setTimeout(() => this.#handling.abort(), HANDLER_GRACE_MS);
    try {
      await this.#loop;
    } finally {
      clearTimeout(timer);
    }
  }

  async #prepare(signal?: AbortSignal): Promise<void> {
    const { api } = this.#deps;
    // Not drop_pending_updates: commands sent while the bridge was down are still answered.
    await api.deleteWebhook({}, signal);
    const me = await api.getMe(signal);
    this.#username = me.username ?? '';
    await api.setMyCommands({ commands: botCommandList() }, signal);
  }

  async #run(prepared: boolean): Promise<void> {
    const { logger, outbox } = this.#deps;
    const signal = this.#polling.signal;
    while (!signal.aborted) {
      try {
        if (!prepared) {
          await this.#prepare(signal);
          prepared = true;
        }
        const offset = Number(outbox.readBotState(OFFSET_KEY));
        const updates = longPoll(
          this.#deps.api,
          {
            ...(Number.isSafeInteger(offset) ? { offset } : {}),
            timeout: POLL_TIMEOUT_SECONDS,
            allowedUpdates: ALLOWED_UPDATES,
            retryDelayMs: POLL_RETRY_DELAY_MS,
            onError: (error) => this.#pollFailed(error),
          },
          signal,
        );
        for await (const update of updates) {
          await this.#handle(update);
          outbox.writeBotState(OFFSET_KEY, String(update.update_id + 1));
        }
      } catch (error) {
        if (signal.aborted) break;
        logger.error({ error: this.#describe(error) }, 'polling Telegram failed; starting again shortly');
        await sleep(RESTART_DELAY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  #pollFailed(error: unknown): void {
    const errors = this.#pollErrors;
    errors.count++;
    const now = Date.now();
    if (now - errors.loggedAt < POLL_ERROR_LOG_INTERVAL_MS) return;
    this.#deps.logger.warn({ error: this.#describe(error), failures: errors.count }, 'getUpdates is failing; polling again');
    this.#pollErrors = { count: 0, loggedAt: now };
  }

  /** Never throws: a failing update is logged and the loop goes on. */
  async #handle(update: Update): Promise<void> {
    try {
      if ('message' in update) await this.#onMessage(update.message);
      else if ('callback_query' in update) await this.#onButton(update.callback_query);
    } catch (error) {
      this.#deps.logger.error({ updateId: update.update_id, error: this.#describe(error) }, 'handling an update failed');
    }
  }

  async #onMessage(message: Message): Promise<void> {
    const command = parseCommandMessage(message, this.#username);
    if (!command || message.chat.type === 'channel') return;
    const deps = this.#deps;
    const chatId = String(message.chat.id);
    const log = { chatId, userId: message.from?.id, command: command.name };
    if (!isAllowedChat(deps.config, chatId)) {
      if (await refuseChatOnce(deps, message)) deps.logger.warn(log, 'refused a chat that is not allowed');
      return;
    }
    const handler = findCommand(command.name);
    const target = targetOf(message);
    const reply = (html: string, keyboard?: Parameters<CommandContext['reply']>[1]): Promise<Message> =>
      sendHtml(deps, target, html, keyboard, this.#handling.signal);
    if (!handler) {
      // In a group an unknown command is probably another bot's; say something only when asked directly.
      const addressed = message.chat.type === 'private' || (message.text ?? '').split(/\s/)[0]?.includes('@');
      if (addressed) await reply(`I do not know /${escapeHtml(command.name)}; /help lists what I can do.`);
      return;
    }
    deps.logger.debug(log, 'command');
    const context: CommandContext = {
      deps,
      message,
      chatId,
      ...(message.from ? { from: message.from } : {}),
      args: command.args,
      now: deps.now?.() ?? new Date(),
      reply,
    };
    try {
      await handler.run(context);
    } catch (error) {
      // An upstream that is down is the operator's news, not the bridge's bug.
      const level = error instanceof UpstreamError ? 'warn' : 'error';
      deps.logger[level]({ ...log, error: this.#describe(error) }, 'command failed');
      await reply(failureText(handler.failure, error));
    }
  }

  async #onButton(query: CallbackQuery): Promise<void> {
    try {
      await pressButton(this.#deps, query, this.#handling.signal);
    } catch (error) {
      this.#deps.logger.error({ chatId: query.message?.chat.id, userId: query.from.id, error: this.#describe(error) }, 'button failed');
      // The query may be answered already; then this answer fails and that is fine.
      await answerButton(this.#deps, query.id, 'That did not work; the error is in the bridge log.').catch(() => undefined);
    }
  }

  #describe(error: unknown): string {
    return describeError(error, this.#deps.config.botToken);
  }
}
