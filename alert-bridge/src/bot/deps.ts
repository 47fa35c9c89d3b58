import type { Api } from 'node-telegram-bot-api';
import type { Logger } from 'pino';
import type { TelegramConfig } from '../config/telegram.js';
import type { Outbox } from '../delivery/outbox.js';
import type { HistoryStore } from '../history/store.js';
import type { TelegramRateLimits } from '../notify/telegram/rate-limits.js';
import type { TelegramRouting } from '../notify/telegram/routing.js';
import type { AlertmanagerClient } from '../upstream/alertmanager.js';
import type { PrometheusClient } from '../upstream/prometheus.js';

/** What the bot needs; the upstream clients are optional because their URLs are. */
export interface TelegramBotDeps {
  readonly api: Api;
  /** Shared with alert delivery, so that answers and alerts together stay within Telegram's limits. */
  readonly limits: TelegramRateLimits;
  readonly config: TelegramConfig;
  readonly store: HistoryStore;
  /** Silence-button bindings, and the bot's durable facts (bot_state). */
  readonly outbox: Outbox;
  readonly routing: TelegramRouting;
  /** Absent: /status answers that PROMETHEUS_URL is not set. */
  readonly prometheus?: PrometheusClient;
  /** Absent: /alerts, /silence, /unsilence and the Silence buttons answer that ALERTMANAGER_URL is not set. */
  readonly alertmanager?: AlertmanagerClient;
  readonly logger: Logger;
  readonly now?: () => Date;
}
