#!/usr/bin/env node
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createApp } from './app.js';
import { parseCommandLine, USAGE } from './cli.js';
import { ConfigError } from './config/config-error.js';
import { formatListenAddress, type ListenAddress } from './config/listen-address.js';
import { loadConfig, type BridgeConfig } from './config/load.js';
import { createLogger } from './log.js';
import { registerMessageMetrics } from './metrics.js';
import { LogNotifier } from './notify/log/index.js';
import { createTelegramNotifier, type TelegramParts } from './notify/telegram/index.js';
import { TelegramBot } from './bot/telegram-bot.js';
import type { HistoryStore } from './history/store.js';
import { openHistoryStore } from './open-history-store.js';
import { AlertmanagerClient, PrometheusClient } from './upstream/index.js';
import { bridgeVersion } from './version.js';

/** In-flight requests get this long after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function listen(server: Server, address: ListenAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`cannot listen on ${formatListenAddress(address)}: ${error.message}`)));
    server.listen({ port: address.port, ...(address.host ? { host: address.host } : {}) }, () => {
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? formatListenAddress({ host: bound.address, port: bound.port }) : String(bound));
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Alertmanager keeps connections alive; idle ones would hold close() open.
    server.closeIdleConnections();
  });
}

/** The Telegram notifier when a bot token is configured. */
async function openTelegram(config: BridgeConfig, registry: Registry, logger: Logger): Promise<TelegramParts | undefined> {
  if (!config.telegram) {
    logger.info('no TELEGRAM_BOT_TOKEN: notifications are logged, not sent');
    return undefined;
  }
  const messages = registerMessageMetrics(registry);
  const parts = await createTelegramNotifier(config.telegram, {
    dataDir: config.dataDir,
    ...(config.alertmanagerUrl ? { alertmanagerUrl: config.alertmanagerUrl } : {}),
    logger,
    onMessage: (outcome) => messages.inc({ outcome }),
  });
  logger.info({ notifier: 'telegram', outbox: parts.outbox.file, defaultChat: config.telegram.defaultChat, routes: config.telegram.routes.length }, 'notifier');
  return parts;
}

/** The bot's long polling; commands that need Prometheus or Alertmanager say so when their URL is unset. */
async function startBot(config: BridgeConfig, telegram: TelegramParts, store: HistoryStore, logger: Logger): Promise<TelegramBot | undefined> {
  if (!config.telegram) return undefined;
  const bot = new TelegramBot({
    api: telegram.api,
    limits: telegram.limits,
    config: config.telegram,
    store,
    outbox: telegram.outbox,
    routing: telegram.routing,
    ...(config.prometheusUrl ? { prometheus: new PrometheusClient({ url: config.prometheusUrl }) } : {}),
    ...(config.alertmanagerUrl ? { alertmanager: new AlertmanagerClient({ url: config.alertmanagerUrl }) } : {}),
    logger: logger.child({ component: 'bot' }),
  });
  await bot.start();
  return bot;
}

async function main(): Promise<void> {
  const commandLine = parseCommandLine(process.argv);
  if (commandLine.help) return void process.stdout.write(USAGE);
  if (commandLine.version) return void process.stdout.write(`hostwatch-alert-bridge ${bridgeVersion}\n`);

  const config = await loadConfig({ ...(commandLine.configFile ? { configFile: commandLine.configFile } : {}), env: process.env });
  const logger = createLogger(config.logLevel);
  const store = await openHistoryStore(config, logger);
  const registry = new Registry();
  let telegram: TelegramParts | undefined;
  try {
    telegram = await openTelegram(config, registry, logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  const notifier = telegram?.notifier ?? new LogNotifier(logger);
  const app = createApp({
    authToken: config.authToken,
    store,
    notifier,
    ...(telegram ? { deliveryStates: (ids: readonly string[]) => telegram.outbox.deliveryStates(ids) } : {}),
    logger,
    registry,
  });
  const server = createServer(
    {
      // Alertmanager's webhooks are a few KiB and arrive in milliseconds: a request still incomplete
      // after these is a slow or stalled client, and its connection is closed instead of held.
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      connectionsCheckingInterval: 5_000,
    },
    app.callback(),
  );
  let address: string;
  try {
    address = await listen(server, config.listen);
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info({ address, version: bridgeVersion, dataDir: config.dataDir }, 'listening');
  // Only now: what the outbox held from before a restart is delivered once the bridge is up.
  telegram?.notifier.start();
  const bot = telegram ? await startBot(config, telegram, store, logger) : undefined;

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Requests in flight finish (their records are stored and acknowledged) before the store closes.
    closeServer(server)
      .then(() => bot?.close())
      .then(() => notifier.close())
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`hostwatch-alert-bridge: ${message}\n`);
  process.exit(1);
});
