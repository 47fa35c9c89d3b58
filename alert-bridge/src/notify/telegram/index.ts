import { Api } from 'node-telegram-bot-api';
import type { Logger } from 'pino';
import { ConfigError } from '../../config/config-error.js';
import type { TelegramConfig } from '../../config/telegram.js';
import { Outbox } from '../../delivery/outbox.js';
import { QueuedNotifier } from '../../delivery/queued-notifier.js';
import { DeliveryWorker, type MessageOutcome } from '../../delivery/worker.js';
import { telegramCompose } from './compose.js';
import { TelegramRateLimits } from './rate-limits.js';
import { defaultRenderer, loadRenderer, TemplateError, type MessageRenderer } from './render/index.js';
import { createRouting, type TelegramRouting } from './routing.js';
import { TelegramSender } from './telegram-sender.js';

export { TelegramRateLimits } from './rate-limits.js';
export { createRouting, TELEGRAM_CHAT_LABEL, type TelegramRouting } from './routing.js';

export interface TelegramNotifierOptions {
  readonly dataDir: string;
  /** Silence links and buttons need it; without it, messages link to each alert's externalURL and have no buttons. */
  readonly alertmanagerUrl?: string;
  readonly logger: Logger;
  readonly onMessage?: (outcome: MessageOutcome) => void;
}

/** The Telegram side of the bridge, built once at start-up; the bot (bot/) shares its api, limits, routing and outbox. */
export interface TelegramParts {
  readonly notifier: QueuedNotifier;
  readonly api: Api;
  readonly limits: TelegramRateLimits;
  readonly routing: TelegramRouting;
  readonly outbox: Outbox;
}

async function rendererFor(config: TelegramConfig): Promise<MessageRenderer> {
  if (!config.templateFile) return defaultRenderer();
  try {
    return await loadRenderer(config.templateFile);
  } catch (error) {
    if (error instanceof TemplateError) throw new ConfigError('TELEGRAM_TEMPLATE_FILE', error.message);
    throw error;
  }
}

/**
 * Alerts to Telegram through the durable outbox in the data directory. The library's Api retries a
 * short 429 and transient failures itself; a longer retry_after and an outage are the delivery
 * queue's to wait out (delivery/worker.ts), so no request blocks for long.
 */
export async function createTelegramNotifier(config: TelegramConfig, options: TelegramNotifierOptions): Promise<TelegramParts> {
  const renderer = await rendererFor(config);
  const routing = createRouting(config.routes, config.defaultChat);
  const api = new Api(config.botToken, { apiRoot: config.apiUrl, timeoutMs: 30_000, maxRetries: 2, maxRetryAfterMs: 10_000 });
  const limits = new TelegramRateLimits();
  const outbox = new Outbox(options.dataDir);
  await outbox.open();
  const worker = new DeliveryWorker({
    outbox,
    sender: new TelegramSender(api, limits),
    compose: telegramCompose({
      renderer,
      fallback: defaultRenderer(),
      ...(options.alertmanagerUrl ? { alertmanagerUrl: options.alertmanagerUrl } : {}),
      silenceButtons: options.alertmanagerUrl !== undefined,
      logger: options.logger,
    }),
    logger: options.logger.child({ component: 'delivery' }),
    ...(options.onMessage ? { onMessage: options.onMessage } : {}),
  });
  return { notifier: new QueuedNotifier(outbox, worker, routing.routeGroup), api, limits, routing, outbox };
}
